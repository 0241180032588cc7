//! `planner planlink --person REF --caseworker ID`: prints a signed plan-link URL that opens the
//! staff web app's summons form for one person, signing in the caseworker (`adapters/planlink.rs`,
//! `web/summons/planlink.rs`), valid for the configured lifetime and once. It names the web app's
//! URL (`web_url`); the same query also opens `{public_url}/adapters/planlink` on the machines'
//! listener, which answers JSON for existing clients.

use chrono::Utc;
use clap::Args;

use crate::adapters::planlink;
use crate::config::Settings;

/// Arguments of `planner planlink`.
#[derive(Debug, Args)]
pub struct PlanlinkArgs {
    /// The person reference (the absence intake's person id; never a CPR or BSN).
    #[arg(long)]
    pub person: String,
    /// The caseworker's identifier.
    #[arg(long)]
    pub caseworker: String,
}

/// Prints the link.
pub fn run(settings: &Settings, args: PlanlinkArgs) -> anyhow::Result<()> {
    let query = planlink::sign(&settings.adapters.planlink, &args.person, &args.caseworker, Utc::now())
        .map_err(|refusal| anyhow::anyhow!("cannot make a plan-link: {refusal}"))?;
    println!("{}", settings.web_url().planlink(&query));
    Ok(())
}
