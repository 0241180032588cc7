//! The citizen of a summons between pages: typed once as a CPR (in a POST body), then carried
//! sealed for this session (`Store::seal_for_page`) in a hidden field and shown masked
//! (`010190-****`), so the clear number is in no later page, no URL and no log line.

use crate::domain::Cpr;
use crate::store::Store;
use crate::web::lang::t;
use crate::web::page::FieldError;

/// What a page seals a CPR for.
const PURPOSE: &str = "summons citizen";

/// The citizen as a page shows and carries them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citizen {
    /// `ddmmåå-****`.
    pub masked: String,
    /// The CPR sealed for the session (the hidden field `borger`).
    pub sealed: String,
}

/// `ddmmåå-****`: the date part only.
pub fn masked(cpr: &Cpr) -> String {
    let digits = cpr.expose_for_admin();
    format!("{}-****", digits.get(..6).unwrap_or("******"))
}

/// Seals `cpr` for the session `binding`.
pub fn seal(store: &Store, binding: &str, cpr: &Cpr) -> Result<Citizen, crate::store::Error> {
    let sealed = store.seal_for_page(PURPOSE, binding, cpr.expose_for_storage())?;
    Ok(Citizen { masked: masked(cpr), sealed })
}

/// The CPR of a form: the sealed `borger` when given (it must open for this session), else
/// the typed `cpr` (a dash after the date allowed). The error names the field `cpr`, never the
/// value.
pub fn read(store: &Store, binding: &str, sealed: &str, typed: &str) -> Result<Cpr, FieldError> {
    if !sealed.is_empty() {
        return store
            .open_for_page(PURPOSE, binding, sealed)
            .and_then(|plain| Cpr::parse(&plain).ok())
            .ok_or_else(|| {
                FieldError::new("cpr", t("Siden var for gammel. Skriv borgerens CPR-nummer igen."))
            });
    }
    let typed: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if typed.is_empty() {
        return Err(FieldError::new("cpr", t("Skriv borgerens CPR-nummer.")));
    }
    Cpr::parse(&typed)
        .map_err(|_| FieldError::new("cpr", t("Skriv et gyldigt CPR-nummer med 10 cifre, fx 010190-1234.")))
}
