//! What the staff web app's summons pages carry from one page to the next without a table of
//! its own: the citizen's CPR between proposing times and booking one, the checked citizens
//! of an uploaded file between the dry run and the run, and a plan-link's landing. Each is
//! sealed with the data key (AES-256-GCM) for one purpose and one binding (a session), so
//! nobody can read it in the page or the cookie, change it, or use it in another session.

use crate::store::{Error, Store};

impl Store {
    /// Seals `plain` for `purpose` bound to `binding` (such as a hash of the session).
    pub fn seal_for_page(&self, purpose: &str, binding: &str, plain: &str) -> Result<String, Error> {
        self.vault.seal(&context(purpose, binding), plain)
    }

    /// Opens what [`Store::seal_for_page`] sealed for the same purpose and binding; `None` when
    /// it was sealed for another, by another installation, or changed on the way.
    pub fn open_for_page(&self, purpose: &str, binding: &str, sealed: &str) -> Option<String> {
        self.vault.unseal(&context(purpose, binding), sealed).ok()
    }
}

fn context(purpose: &str, binding: &str) -> String {
    format!("web page state: {purpose} for {binding}")
}
