//! `store.people()`: personal accounts, the roles they hold bound to jobcenters or teams, and
//! the invitations that hand roles out (`invitations.rs`), sessions of people signed in and
//! failed sign-ins (`sessions.rs`), second factors (`factors.rs`), and single sign-on subjects
//! (`single_sign_on.rs`).
//!
//! An invitation's link carries a random secret of 32 bytes; only its SHA-256 is stored, so a
//! copy of the database opens no account. Accepting an invitation creates the account (or adds
//! the role to the invitee's existing one) and marks the invitation used, in one transaction:
//! two tabs accepting one link give one account.

mod accounts;
mod factors;
mod invitations;
mod sessions;
mod single_sign_on;

use diesel::prelude::*;

use crate::domain::people::{Cluster, Grant, Role};
use crate::domain::{JobCenterCode, TeamId};
use crate::store::db::corrupt;
use crate::store::db::schema::teams;
use crate::store::{AnyConnection, Entity, Error, Store};

pub use accounts::NewAccount;
pub use invitations::{AcceptAs, InvitationRecord};
pub use sessions::{Credentials, LiveSession, NewSession};

/// The people operations of a [`Store`]; see [`Store::people`].
#[derive(Debug, Clone, Copy)]
pub struct People<'a> {
    store: &'a Store,
}

impl Store {
    /// Accounts, roles and invitations: `store.people().invite(..)`.
    pub fn people(&self) -> People<'_> {
        People { store: self }
    }
}

/// A cluster as stored: the jobcenter and, for a team, the team's id.
type ClusterRow = (String, Option<String>);

fn to_cluster((jobcenter, team): &ClusterRow) -> Result<Cluster, Error> {
    let jobcenter = JobCenterCode::parse(jobcenter).map_err(|_| corrupt("cluster"))?;
    Ok(match team {
        None => Cluster::Jobcenter(jobcenter),
        Some(team) => Cluster::Team(jobcenter, TeamId::parse(team).map_err(|_| corrupt("cluster"))?),
    })
}

fn cluster_row(cluster: &Cluster) -> ClusterRow {
    match cluster {
        Cluster::Jobcenter(code) => (code.as_str().to_owned(), None),
        Cluster::Team(code, team) => (code.as_str().to_owned(), Some(team.as_str().to_owned())),
    }
}

fn to_role(text: &str) -> Result<Role, Error> {
    Role::parse(text).map_err(|_| corrupt("role"))
}

/// Refuses a grant whose jobcenters do not exist or whose teams are not teams of the jobcenter
/// named with them.
fn check_clusters(conn: &mut AnyConnection, grant: &Grant) -> Result<(), Error> {
    for cluster in &grant.clusters {
        match cluster {
            Cluster::Jobcenter(code) => crate::store::reference::require_jobcenter(conn, code)?,
            Cluster::Team(code, team) => {
                let found: i64 = teams::table
                    .filter(teams::id.eq(team.as_str()))
                    .filter(teams::jobcenter_code.eq(code.as_str()))
                    .count()
                    .get_result(conn)?;
                if found == 0 {
                    return Err(Error::NotFound(Entity::Team));
                }
            }
        }
    }
    Ok(())
}

/// SHA-256 of an invitation's secret, in hex: what the database keeps of it.
fn secret_hash(secret: &str) -> String {
    hex::encode(ring::digest::digest(&ring::digest::SHA256, secret.as_bytes()))
}

/// A fresh secret for a link: 32 random bytes in hex.
fn new_secret() -> Result<String, Error> {
    let mut bytes = [0u8; 32];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut bytes)
        .map_err(|_| Error::Config("the system's random source failed".into()))?;
    Ok(hex::encode(bytes))
}
