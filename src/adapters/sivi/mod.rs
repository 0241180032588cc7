//! SIVI Verzuimmeldingen absence intake (docs/contract/adapters.md §5): the planner's
//! "optional step 0" of the Xpert Suite integration, through which every absence report reaches
//! it. `POST /adapters/sivi/verzuimmelding` (`inbound/sivi.rs`) and `planner sivi import FILE...` both
//! call [`import`]: read and validate the whole message (`parse.rs`), then record it in one
//! transaction (`Store::record_absence_message`), so nothing is stored when any part is invalid.
//!
//! What each report means (`domain::absence::decide`): the first report of an absence case
//! (`VrzmgvlId`) is a sick report, and for an employer configured in
//! `[adapters.sivi.employers.<IdWrkgvrArbdnst>]` it summons the person into the configured offer
//! through the single-summons path; a later report with a lower `PrcVrzm` and `EndVrzmJN=N` is a
//! partial recovery (deelherstel), recorded and cancelling nothing; `EndVrzmJN=J` is the full
//! recovery, recorded and cancelling nothing either (a summons already made stays for the
//! caseworker to handle). A report whose number (`VrzmgvlVnrMld`) was applied before is skipped.
//!
//! Limits, as the spec says (§6.4): the code meanings (`VrwrkCd`, ...) are guessed, so codes are
//! validated against their lists but not interpreted; the kind of a mutation is read from the
//! report number, the percentage and the end flag. Only release 2022 (its namespace) is read;
//! the 2017 and 2021 editions XS exports need their XSDs checked first. A BSN identifies a
//! person but cannot be summoned (the planner's citizens are CPR-keyed); a 10-digit `SofiNr` is
//! read as a CPR, a local deviation from the XSD's `n..9` for Danish deployments.

pub mod parse;

use chrono::{DateTime, Utc};

use crate::store::{self, IntakeOutcome, Store};

use super::settings::AdapterSettings;

/// Why a message was not recorded.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Occurs when the message is not a valid Verzuimmeldingen message; names the element.
    #[error(transparent)]
    Invalid(#[from] parse::Invalid),
    /// Occurs when the store fails.
    #[error(transparent)]
    Store(#[from] store::Error),
}

/// Validates and records one message (see the module documentation).
pub fn import(
    store: &Store,
    settings: &AdapterSettings,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> Result<IntakeOutcome, ImportError> {
    let message = parse::parse_message(bytes)?;
    Ok(store.record_absence_message(&message, &settings.sivi_employers, now)?)
}
