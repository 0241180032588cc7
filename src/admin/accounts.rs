//! `/admin/v1/accounts`: the personal accounts that hold roles in a jobcenter, and disabling or
//! enabling one. The caller must act for every jobcenter the account holds a role in, so an
//! administrator of one jobcenter cannot lock a colleague out of another.

use actix_web::{web, HttpResponse};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::call::{AdminCall, Ctx};
use super::invitations::{check_grant, cluster_response, ClusterResponse};
use crate::domain::people::Account;
use crate::edge::input::Query;
use crate::edge::Problem;

/// Query of the list.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct AccountsQuery {
    /// The jobcenter, 5 digits.
    pub jobcenter: Option<String>,
}

/// One role of an account on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub struct GrantResponse {
    /// `administrator`, `summoner`, `counselor` or `reader`.
    pub role: String,
    /// Where it applies.
    pub clusters: Vec<ClusterResponse>,
}

/// An account on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub struct AccountResponse {
    /// Its id.
    pub id: String,
    /// The sign-in e-mail address.
    pub email: String,
    /// The person's name.
    pub name: String,
    /// True when it cannot sign in.
    pub disabled: bool,
    /// Its roles.
    pub roles: Vec<GrantResponse>,
}

fn response(account: &Account) -> AccountResponse {
    AccountResponse {
        id: account.id.clone(),
        email: account.email.as_str().to_owned(),
        name: account.name.clone(),
        disabled: account.disabled,
        roles: account
            .grants
            .iter()
            .map(|g| GrantResponse {
                role: g.role.as_str().to_owned(),
                clusters: g.clusters.iter().map(cluster_response).collect(),
            })
            .collect(),
    }
}

/// Loads account `id`, checking the caller acts for every jobcenter it holds a role in.
fn owned(ctx: &mut Ctx<'_>, id: &str) -> Result<Account, Problem> {
    ctx.note("account.id", id);
    let account = ctx.store.people().account(id)?;
    for grant in &account.grants {
        check_grant(ctx, grant)?;
    }
    Ok(account)
}

/// `GET /accounts?jobcenter=`: by e-mail address.
pub async fn list(call: AdminCall, query: Query<AccountsQuery>) -> Result<HttpResponse, Problem> {
    let query = query.into_inner();
    let answer = call
        .run("admin.accounts.list", move |ctx| {
            let code = ctx.required_jobcenter(query.jobcenter.as_deref())?;
            Ok(ctx.store.people().accounts(Some(&code))?.iter().map(response).collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// `POST /accounts/{id}/disable`: no sign-in; open sessions end at their next request.
pub async fn disable(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    set_disabled(call, path.into_inner(), true, "admin.accounts.disable").await
}

/// `POST /accounts/{id}/enable`.
pub async fn enable(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    set_disabled(call, path.into_inner(), false, "admin.accounts.enable").await
}

async fn set_disabled(
    call: AdminCall,
    id: String,
    disabled: bool,
    operation: &'static str,
) -> Result<HttpResponse, Problem> {
    let answer = call
        .run(operation, move |ctx| {
            owned(ctx, &id)?;
            Ok(response(&ctx.store.people().set_disabled(&id, disabled)?))
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}
