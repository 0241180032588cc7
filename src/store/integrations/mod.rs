//! What the store keeps for outside systems, one module per system: DFDG (`dfdg`), the Xpert
//! Suite (`xpert`), SIVI absence intake (`sivi`), calendar connectors and iCalendar
//! (`calendar_sync`), and the single-use nonces of signed plan links (`planlink`).

pub(crate) mod calendar_sync;
pub(crate) mod dfdg;
pub(crate) mod planlink;
pub(crate) mod sivi;
pub(crate) mod xpert;
