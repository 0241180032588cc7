//! `planner accounts invite|invitations|extend|revoke|list|disable|enable`: personal accounts
//! and the invitations that hand out roles, with the rules of the store. The first
//! administrator of a fresh installation is invited here.
//!
//! An invitation's link carries its secret. With a mail server configured (`PLANNER_MAIL_HOST`)
//! it is mailed to the person (queued with the invitation; `planner serve` sends it); without
//! one it is printed once, when the invitation is made, and the operator gives it to the
//! person. The link starts with `web_url` (`PLANNER_WEB_URL`).

use anyhow::Context;
use chrono::{DateTime, Utc};
use clap::Subcommand;

use super::open_store;
use super::operators::audit;
use crate::config::Settings;
use crate::domain::mail::Culture;
use crate::domain::people::{Account, Cluster, Email, Grant, Invitation, Role};
use crate::domain::{JobCenterCode, TeamId};
use crate::store::{InvitationRecord, Store};

/// `planner accounts ...`
#[derive(Debug, Subcommand)]
pub enum AccountsCommand {
    /// Invite a person by e-mail for a role bound to jobcenters or teams; prints the link.
    Invite {
        /// The person's e-mail address.
        #[arg(long)]
        email: String,
        /// administrator, summoner, counselor or reader.
        #[arg(long)]
        role: String,
        /// A jobcenter the role covers (repeatable).
        #[arg(long)]
        jobcenter: Vec<String>,
        /// A team the role covers, by id (repeatable); its jobcenter is looked up.
        #[arg(long)]
        team: Vec<String>,
        /// The mail's language: da-DK (default) or en-GB (with a mail server configured).
        #[arg(long)]
        language: Option<String>,
        /// The confirmed sender address to mail from (default: the first confirmed one).
        #[arg(long)]
        sender: Option<String>,
    },
    /// Print invitations (of one jobcenter, or all): id, e-mail, role, state, valid until.
    Invitations {
        /// Jobcenter code.
        #[arg(long)]
        jobcenter: Option<String>,
    },
    /// Make an invitation valid for seven more days (the same link).
    Extend {
        /// The invitation's id.
        id: String,
    },
    /// Withdraw an invitation.
    Revoke {
        /// The invitation's id.
        id: String,
    },
    /// Print accounts (of one jobcenter, or all): id, e-mail, name, state, roles.
    List {
        /// Jobcenter code.
        #[arg(long)]
        jobcenter: Option<String>,
    },
    /// Disable an account: no sign-in, open sessions end.
    Disable {
        /// The account's id.
        id: String,
    },
    /// Enable a disabled account again.
    Enable {
        /// The account's id.
        id: String,
    },
}

fn jobcenter(text: &str) -> anyhow::Result<JobCenterCode> {
    JobCenterCode::parse(text).with_context(|| format!("invalid jobcenter '{text}'"))
}

/// The role and clusters of an `invite`, teams resolved to their jobcenters.
fn grant(store: &Store, role: &str, jobcenters: &[String], teams: &[String]) -> anyhow::Result<Grant> {
    let role = Role::parse(role).map_err(|_| {
        anyhow::anyhow!("invalid --role '{role}'; use administrator, summoner, counselor or reader")
    })?;
    let mut clusters = Vec::new();
    for code in jobcenters {
        clusters.push(Cluster::Jobcenter(jobcenter(code)?));
    }
    for team in teams {
        let id = TeamId::parse(team).with_context(|| format!("invalid --team '{team}'"))?;
        let (stored, _) = store.teams().get(&id).with_context(|| format!("unknown team '{team}'"))?;
        clusters.push(Cluster::Team(stored.jobcenter, id));
    }
    Grant::new(role, clusters).context("give at least one --jobcenter or --team")
}

fn clusters_text(grant: &Grant) -> String {
    let names: Vec<String> = grant
        .clusters
        .iter()
        .map(|cluster| match cluster {
            Cluster::Jobcenter(code) => code.to_string(),
            Cluster::Team(code, team) => format!("{code}/team:{team}"),
        })
        .collect();
    names.join(" ")
}

fn invitation_line(record: &InvitationRecord, now: DateTime<Utc>) -> String {
    let invitation: &Invitation = &record.invitation;
    format!(
        "{}\t{}\t{}\t{}\t{}\t{}",
        invitation.id,
        invitation.email.as_str(),
        invitation.grant.role.as_str(),
        clusters_text(&invitation.grant),
        invitation.state(now).as_str(),
        invitation.expires_at.to_rfc3339(),
    )
}

fn account_line(account: &Account) -> String {
    let roles: Vec<String> =
        account.grants.iter().map(|g| format!("{}@{}", g.role.as_str(), clusters_text(g))).collect();
    let state = if account.disabled { "disabled" } else { "active" };
    format!("{}\t{}\t{}\t{}\t{}", account.id, account.email.as_str(), account.name, state, roles.join(" "))
}

/// Writes the audit row of `operation` once for each jobcenter `grants` touch.
fn audit_in(store: &Store, operation: &str, grants: &[&Grant], detail: &str) {
    let mut codes: Vec<&JobCenterCode> =
        grants.iter().flat_map(|grant| grant.clusters.iter().map(Cluster::jobcenter)).collect();
    codes.sort();
    codes.dedup();
    for code in codes {
        audit(store, operation, code, detail.to_owned());
    }
}

/// Runs one accounts subcommand.
pub fn run(settings: &Settings, command: AccountsCommand) -> anyhow::Result<()> {
    let now = Utc::now();
    let store = open_store(settings)?;
    let people = store.people();
    match command {
        AccountsCommand::Invite { email, role, jobcenter: jobcenters, team, language, sender } => {
            let email = Email::parse(&email).with_context(|| format!("invalid --email '{email}'"))?;
            let sender = match sender {
                Some(text) => {
                    Some(Email::parse(&text).with_context(|| format!("invalid --sender '{text}'"))?)
                }
                None => None,
            };
            let grant = grant(&store, &role, &jobcenters, &team)?;
            let user = std::env::var("USER").unwrap_or_else(|_| "operator".to_owned());
            let invited_by = format!("cli:{user}");
            let (invitation, link) = if settings.mail.configured() {
                let culture = Culture::or_danish(language.as_deref());
                let web_url = settings.web_url();
                let mail = |invitation: &Invitation, secret: &str| {
                    crate::admin::invitations::invitation_mail(&web_url, culture, invitation, secret)
                };
                let (invitation, _) = people
                    .invite_by_mail(&email, &grant, &invited_by, sender.as_ref(), mail, now)
                    .context("cannot invite")?;
                (invitation, None)
            } else {
                let (invitation, secret) =
                    people.invite(&email, &grant, &invited_by, now).context("cannot invite")?;
                (invitation, Some(settings.web_url().invitation_link(&secret)))
            };
            audit_in(&store, "cli.accounts.invite", &[&grant], &format!("invitation.id={}", invitation.id));
            println!(
                "invitation {} for {} valid until {}",
                invitation.id,
                email.as_str(),
                invitation.expires_at.to_rfc3339()
            );
            match link {
                Some(link) => {
                    eprintln!(
                        "no mail server is configured: give this link to the person (it is shown once)"
                    );
                    println!("{link}");
                }
                None => eprintln!("the link is mailed to {} (see planner mail log)", email.as_str()),
            }
        }
        AccountsCommand::Invitations { jobcenter: code } => {
            let code = code.as_deref().map(jobcenter).transpose()?;
            for record in people.invitations(code.as_ref())? {
                println!("{}", invitation_line(&record, now));
            }
        }
        AccountsCommand::Extend { id } => {
            let record =
                people.extend(&id, now).with_context(|| format!("cannot extend invitation '{id}'"))?;
            audit_in(
                &store,
                "cli.accounts.extend",
                &[&record.invitation.grant],
                &format!("invitation.id={id}"),
            );
            println!("{}", invitation_line(&record, now));
        }
        AccountsCommand::Revoke { id } => {
            let record =
                people.revoke(&id, now).with_context(|| format!("cannot revoke invitation '{id}'"))?;
            audit_in(
                &store,
                "cli.accounts.revoke",
                &[&record.invitation.grant],
                &format!("invitation.id={id}"),
            );
            println!("{}", invitation_line(&record, now));
        }
        AccountsCommand::List { jobcenter: code } => {
            let code = code.as_deref().map(jobcenter).transpose()?;
            for account in people.accounts(code.as_ref())? {
                println!("{}", account_line(&account));
            }
        }
        AccountsCommand::Disable { id } => set_disabled(&store, &id, true)?,
        AccountsCommand::Enable { id } => set_disabled(&store, &id, false)?,
    }
    Ok(())
}

fn set_disabled(store: &Store, id: &str, disabled: bool) -> anyhow::Result<()> {
    let account =
        store.people().set_disabled(id, disabled).with_context(|| format!("unknown account '{id}'"))?;
    let operation = if disabled { "cli.accounts.disable" } else { "cli.accounts.enable" };
    audit_in(store, operation, &account.grants.iter().collect::<Vec<_>>(), &format!("account.id={id}"));
    println!("{}", account_line(&account));
    Ok(())
}
