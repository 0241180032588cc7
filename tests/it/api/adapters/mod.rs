//! The Xpert Suite adapters end to end: SIVI absence intake, the plan-link, the XS sync.

mod fake_xs;
mod support;

mod planlink;
mod sivi;
mod xpert;
