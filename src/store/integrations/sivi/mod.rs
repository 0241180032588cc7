//! SIVI (Verzuimmeldingen) in the store: absence intake (`absence`).

pub(crate) mod absence;
