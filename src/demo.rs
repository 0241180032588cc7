//! Demo data for `planner demo-data`: a realistic demo jobcenter, loaded through the store.
//!
//! This is a placeholder until the demo loader lands; it refuses instead of pretending.

use crate::store::Store;

/// Loads the demo jobcenter and returns what a client needs to call it.
pub fn load(store: &Store, now: chrono::DateTime<chrono::Utc>) -> anyhow::Result<serde_json::Value> {
    let _ = (store, now);
    anyhow::bail!("demo data not yet available")
}
