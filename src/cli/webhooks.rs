//! `planner webhooks add|list|disable|enable|remove|redeliver|log`: webhook recipients (WebSub
//! or OAuth2) and their delivery log.
//!
//! The secret is read from an environment variable named on the command line, so it never
//! appears in the shell history or the process list, and it is never printed.

use anyhow::{bail, Context};
use clap::Subcommand;

use super::open_store;
use crate::adapters::http::Target;
use crate::adapters::outbox::WEBSUB;
use crate::adapters::webhooks::recipient::{self, OAuth2Settings, OAUTH2};
use crate::config::Settings;
use crate::store::{NewRecipient, Redelivery, Store, WebhookRecipient};

/// Webhook subcommands.
#[derive(Debug, Subcommand)]
pub enum WebhooksCommand {
    /// Add a recipient that receives signed POSTs of the chosen topics.
    Add {
        /// A unique name for the recipient.
        name: String,
        /// Where to POST (`http://` or `https://host[:port]/path`).
        url: String,
        /// Topics to receive (e.g. BookingCreated), or `*` for all.
        #[arg(long = "topic", value_name = "TOPIC", required = true, num_args = 1..)]
        topics: Vec<String>,
        /// The environment variable holding the HMAC secret (with `--oauth2-token-url`: the
        /// OAuth2 client secret).
        #[arg(long, value_name = "VAR")]
        secret_env: String,
        /// Authenticate with an OAuth2 client-credentials token from this URL instead of signing.
        #[arg(long, value_name = "URL", requires = "oauth2_client_id")]
        oauth2_token_url: Option<String>,
        /// The OAuth2 client id.
        #[arg(long, value_name = "ID", requires = "oauth2_token_url")]
        oauth2_client_id: Option<String>,
        /// The OAuth2 scope to ask for.
        #[arg(long, value_name = "SCOPE", requires = "oauth2_token_url")]
        oauth2_scope: Option<String>,
    },
    /// Print every recipient (never its secret).
    List,
    /// Stop sending to a recipient (new events and open deliveries); its log is kept.
    Disable {
        /// The recipient's name.
        name: String,
    },
    /// Send to a disabled recipient again (events written meanwhile are not sent).
    Enable {
        /// The recipient's name.
        name: String,
    },
    /// Remove a recipient for good; its name stays taken and its log is kept.
    Remove {
        /// The recipient's name.
        name: String,
    },
    /// Queue a delivered or given-up delivery again (its id is the first column of `log`).
    Redeliver {
        /// The delivery id.
        id: i64,
    },
    /// Print a recipient's delivery log, newest first.
    Log {
        /// The recipient's name.
        name: String,
        /// How many deliveries to print.
        #[arg(short, long, default_value_t = 50)]
        n: i64,
    },
}

/// Runs one webhooks subcommand.
pub fn run(settings: &Settings, command: WebhooksCommand) -> anyhow::Result<()> {
    let store = open_store(settings)?;
    match command {
        WebhooksCommand::Add {
            name,
            url,
            topics,
            secret_env,
            oauth2_token_url,
            oauth2_client_id,
            oauth2_scope,
        } => {
            let field = |e: recipient::FieldError| anyhow::anyhow!("{}", e.message);
            recipient::check_name(&name).map_err(field)?;
            Target::parse(&url).map_err(anyhow::Error::msg)?;
            recipient::check_topics(&topics).map_err(field)?;
            let oauth2 = match (oauth2_token_url, oauth2_client_id) {
                (Some(token_url), Some(client_id)) => {
                    let settings = OAuth2Settings { token_url, client_id, scope: oauth2_scope };
                    settings.check().map_err(|e| {
                        anyhow::anyhow!(
                            "--oauth2-{}: {}",
                            e.field.trim_start_matches("auth.").replace('_', "-"),
                            e.message
                        )
                    })?;
                    Some(settings)
                }
                _ => None,
            };
            let secret = std::env::var(&secret_env)
                .with_context(|| format!("the secret variable '{secret_env}' is not set"))?;
            if secret.is_empty() {
                bail!("the secret variable '{secret_env}' is empty; give the recipient's secret");
            }
            if store.list_webhook_recipients()?.iter().any(|recipient| recipient.name == name) {
                bail!("a recipient named '{name}' exists already; pick another name");
            }
            let (kind, settings) = match &oauth2 {
                Some(settings) => (OAUTH2, settings.to_json()),
                None => (WEBSUB, "{}".to_owned()),
            };
            let new = NewRecipient {
                name: &name,
                url: &url,
                topics: &topics,
                secret: &secret,
                kind,
                settings: &settings,
            };
            store.add_recipient(&new, chrono::Utc::now())?;
            println!("added {kind} webhook recipient '{name}'");
        }
        WebhooksCommand::List => {
            for recipient in store.list_webhook_recipients()? {
                let state = match (recipient.enabled, recipient.removed_at) {
                    (_, Some(_)) => "removed",
                    (true, None) => "enabled",
                    (false, None) => "disabled",
                };
                println!(
                    "{}\t{}\t{}\t{}\t{state}",
                    recipient.name,
                    recipient.kind,
                    recipient.url,
                    recipient.topics.join(",")
                );
            }
        }
        WebhooksCommand::Disable { name } => {
            if !store.disable_webhook_recipient(&name)? {
                bail!("no webhook recipient named '{name}'; see 'planner webhooks list'");
            }
            println!("disabled webhook recipient '{name}'");
        }
        WebhooksCommand::Enable { name } => {
            let recipient = named(&store, &name)?;
            if !store.set_webhook_recipient_enabled(recipient.id, true)? {
                bail!("the webhook recipient '{name}' was removed; add a new one");
            }
            println!("enabled webhook recipient '{name}'");
        }
        WebhooksCommand::Remove { name } => {
            let recipient = named(&store, &name)?;
            if !store.remove_webhook_recipient(recipient.id, chrono::Utc::now())? {
                bail!("the webhook recipient '{name}' was removed already");
            }
            println!("removed webhook recipient '{name}'; its log is kept");
        }
        WebhooksCommand::Redeliver { id } => match store.redeliver_webhook(id, chrono::Utc::now())? {
            Redelivery::Queued => println!("queued delivery {id} again"),
            Redelivery::NotFound => bail!("no webhook delivery {id}; see 'planner webhooks log NAME'"),
            Redelivery::StillOpen => bail!("delivery {id} is still queued; it is retried by the table"),
            Redelivery::RecipientDisabled => {
                bail!("the recipient of delivery {id} is disabled or removed; enable it first")
            }
        },
        WebhooksCommand::Log { name, n } => {
            let Some(entries) = store.webhook_log(&name, n)? else {
                bail!("no webhook recipient named '{name}'; see 'planner webhooks list'");
            };
            for entry in entries {
                let http_status =
                    entry.http_status.map_or_else(|| "-".to_owned(), |status| status.to_string());
                println!(
                    "{}\t{}\t{}\t{http_status}\tattempts={}\t{}\t{}",
                    entry.id,
                    entry.topic,
                    entry.status,
                    entry.attempts,
                    entry.updated_at.to_rfc3339(),
                    entry.body
                );
            }
        }
    }
    Ok(())
}

fn named(store: &Store, name: &str) -> anyhow::Result<WebhookRecipient> {
    store
        .webhook_recipient_named(name)?
        .with_context(|| format!("no webhook recipient named '{name}'; see 'planner webhooks list'"))
}
