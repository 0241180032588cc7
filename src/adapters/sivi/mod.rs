//! SIVI Verzuimmeldingen absence intake (spec `xpert-suite-adapters.md` §6).
