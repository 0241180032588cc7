//! The Xpert Suite adapters end to end: SIVI absence intake, the plan-link, the XS sync.

mod support;

mod planlink;
mod sivi;
