//! The demo jobcenter's people: one account per role, each made through an invitation like any
//! other, with a password and an authenticator key that the README states. They exist only
//! where `planner demo-data` was run; a real installation starts from `planner accounts invite`.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use crate::domain::people::{Cluster, Email, Grant, Role};
use crate::domain::JobCenterCode;
use crate::edge::credentials::{hash_password, PasswordParams};
use crate::store::{AcceptAs, NewAccount, Store};

/// The demo people's password.
pub const PASSWORD: &str = "Planner demo 2026";

/// The demo people's authenticator key (base32; any TOTP app, or `oathtool --totp -b KEY`).
pub const TOTP_KEY: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// Who the demo people are: e-mail address, name, role, and the team their role is bound to
/// (`None`: the whole jobcenter).
const PEOPLE: [(&str, &str, Role, Option<&str>); 4] = [
    ("administrator@jobcenter.kk.dk", "Bente Administrator", Role::Administrator, None),
    ("indkalder@jobcenter.kk.dk", "Ib Indkalder", Role::Summoner, Some("Team Nord")),
    ("anne.jensen@jobcenter.kk.dk", "Anne Jensen", Role::Counselor, Some("Team Nord")),
    ("leder@jobcenter.kk.dk", "Lis Leder", Role::Reader, None),
];

/// Creates the demo people that do not exist yet, and lists them with their sign-in.
pub fn seed(store: &Store, jobcenter: &JobCenterCode, now: DateTime<Utc>) -> anyhow::Result<Vec<Value>> {
    let teams = store.teams().of_jobcenter(jobcenter)?;
    // One hash for the one demo password (argon2 takes a tenth of a second per hash).
    let mut hash: Option<String> = None;
    let mut listed = Vec::new();
    for (email, name, role, team) in PEOPLE {
        let address = Email::parse(email)?;
        if store.people().account_by_email(&address).is_err() {
            let cluster = match team.and_then(|team| teams.iter().find(|(t, _)| t.name == team)) {
                Some((team, _)) => Cluster::Team(jobcenter.clone(), team.id.clone()),
                None => Cluster::Jobcenter(jobcenter.clone()),
            };
            let grant = Grant::new(role, vec![cluster])?;
            let (_, secret) = store.people().invite(&address, &grant, "demo-data", now)?;
            let password_hash = match &hash {
                Some(hash) => hash.clone(),
                None => hash.insert(hash_password(PASSWORD, &PasswordParams::default())?).clone(),
            };
            let account = NewAccount {
                name: name.into(),
                password_hash: Some(password_hash),
                totp_secret: Some(TOTP_KEY.into()),
                ..NewAccount::default()
            };
            store.people().accept(&secret, &AcceptAs::New(account), now)?;
        }
        listed.push(
            json!({"email": email, "role": role.as_str(), "bound_to": team.unwrap_or("whole jobcenter")}),
        );
    }
    Ok(listed)
}
