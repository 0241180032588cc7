//! Turning an invitation into an account, as ZorgDomein does it: the mailed link
//! (`GET /invitation/{secret}`) puts its secret in a cookie and sends the browser on to
//! `/invitation`, so the secret leaves the address bar at once. There the invitee chooses a
//! name and a password (step 1), adds the planner to an authenticator app by its QR code and
//! proves it with a code (step 2), and is shown recovery codes once (step 3), signed in. Someone
//! who already has an account signs in and adds the invitation's role to it instead.
//!
//! Between step 1 and step 2 the chosen name, the password's hash and the new TOTP secret
//! travel in the form, sealed under the installation's data key for this invitation only
//! (`People::seal_enrolment`) and valid for [`ENROLMENT_MINUTES`]; nothing is stored until the
//! code has been proven, so an abandoned enrolment leaves nothing behind.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::cookies;
use super::home::{cluster_name, role_name};
use super::lang::{fill, t};
use super::page::{self, stop, FieldError};
use super::session::{self, account_caller, Context, Visitor};
use super::sign_in::{form_token, with_cookie, TokenForm};
use crate::domain::people::Account;
use crate::domain::people::{Invitation, InvitationState};
use crate::edge::credentials::qr::QR_LABEL;
use crate::edge::credentials::{
    check_strength, generate_recovery_codes, hash_password, qr_svg, recovery_hash, TotpSecret, Weakness,
};
use crate::store::{AcceptAs, Entity, Error, NewAccount, NewSession, Store};

/// How long step 2 may follow step 1.
pub const ENROLMENT_MINUTES: i64 = 30;

/// The issuer an authenticator app shows beside the account.
const ISSUER: &str = "Planner";

/// The routes of an invitation.
pub fn routes(config: &mut web::ServiceConfig) {
    config
        .route("/invitation/{secret}", web::get().to(open_link))
        .route("/invitation", web::get().to(invitation_page))
        .route("/invitation/account", web::post().to(choose_password))
        .route("/invitation/enrol", web::post().to(enrol))
        .route("/invitation/existing", web::post().to(add_to_account));
}

/// What the invitation pages show of it.
struct Offer {
    email: String,
    role: &'static str,
    clusters: String,
    expires: String,
}

impl Offer {
    fn of(invitation: &Invitation) -> Self {
        let clusters: Vec<String> = invitation.grant.clusters.iter().map(cluster_name).collect();
        let expires = invitation.expires_at.with_timezone(&crate::domain::ZONE);
        Self {
            email: invitation.email.as_str().to_owned(),
            role: role_name(invitation.grant.role),
            clusters: clusters.join(", "),
            expires: fill(
                t("{} kl. {}"),
                [expires.format("%d.%m.%Y").to_string(), expires.format("%H:%M").to_string()],
            ),
        }
    }
}

/// Step 1, or what an invitee with an account does.
#[derive(Template)]
#[template(path = "web/invitation.html")]
struct InvitationPage<'a> {
    offer: Offer,
    /// `new`: step 1; `sign_in`: has an account, not signed in; `add`: signed in as the invitee;
    /// `other`: signed in as someone else.
    mode: &'static str,
    /// The single sign-on button's text, when it is configured.
    sso: Option<&'a str>,
    csrf: &'a str,
    name: &'a str,
    errors: &'a [FieldError],
}

/// Step 2.
#[derive(Template)]
#[template(path = "web/enrol.html")]
struct EnrolPage<'a> {
    csrf: &'a str,
    state: &'a str,
    qr: String,
    key: String,
    errors: &'a [FieldError],
}

/// Step 3.
#[derive(Template)]
#[template(path = "web/recovery.html")]
struct RecoveryPage<'a> {
    name: &'a str,
    codes: &'a [String],
}

/// Step 1's form.
#[derive(Debug, Deserialize)]
pub struct AccountForm {
    name: String,
    password: String,
    password2: String,
    csrf: String,
}

/// Step 2's form.
#[derive(Debug, Deserialize)]
pub struct EnrolForm {
    state: String,
    code: String,
    csrf: String,
}

/// What step 1 hands to step 2, sealed.
#[derive(Debug, Serialize, Deserialize)]
struct Enrolment {
    name: String,
    password_hash: String,
    totp: String,
    /// Unix seconds.
    made_at: i64,
}

/// `GET /invitation/{secret}`: keeps the secret in a cookie and leaves the address.
async fn open_link(secret: web::Path<String>) -> HttpResponse {
    let secret = secret.into_inner();
    if secret.len() != 64 || !secret.bytes().all(|b| b.is_ascii_hexdigit()) {
        return unknown();
    }
    with_cookie(page::see_other("/invitation"), Some(cookies::invitation(secret)))
}

fn unknown() -> HttpResponse {
    page::message(
        StatusCode::NOT_FOUND,
        t("Invitationen findes ikke"),
        t("Linket er ufuldstændigt eller ikke længere gyldigt. Kopiér hele linket fra mailen, eller bed den, der \
           inviterede dig, om en ny invitation."),
        None,
    )
}

/// The page that says why invitation `invitation` cannot be used at `now`, if it cannot.
fn unusable(invitation: &Invitation, now: DateTime<Utc>) -> Option<HttpResponse> {
    let (title, text, link) = match invitation.state(now) {
        InvitationState::Sent => return None,
        InvitationState::Expired => (
            t("Invitationen er udløbet"),
            t("Bed den, der inviterede dig, om at forlænge invitationen. Derefter virker det samme link igen i 7 \
               dage."),
            None,
        ),
        InvitationState::Accepted => (
            t("Invitationen er brugt"),
            t("Den er allerede brugt til at oprette en konto eller give en rolle. Log ind med din konto."),
            Some(("/login", t("Til log ind"))),
        ),
        InvitationState::Revoked => (
            t("Invitationen er trukket tilbage"),
            t("Kontakt den, der inviterede dig, hvis du stadig skal have adgang."),
            None,
        ),
    };
    Some(page::message(StatusCode::GONE, title, text, link))
}

/// The invitation of the request's cookie with its secret, if it is still to be used; else the
/// page that says why not.
async fn usable(request: &HttpRequest, context: &Context) -> actix_web::Result<(String, Invitation)> {
    let secret = cookies::read(request, cookies::INVITATION).ok_or_else(|| stop(unknown()))?;
    let looked_up = secret.clone();
    let found = context
        .blocking(move |store| match store.people().invitation_by_secret(&looked_up) {
            Ok(record) => Ok(Some(record.invitation)),
            Err(Error::NotFound(Entity::Invitation)) => Ok(None),
            Err(error) => Err(error),
        })
        .await?;
    let invitation = found.ok_or_else(|| stop(unknown()))?;
    match unusable(&invitation, context.clock.now()) {
        Some(page) => Err(stop(page)),
        None => Ok((secret, invitation)),
    }
}

/// `GET /invitation`.
async fn invitation_page(request: HttpRequest) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let (_, invitation) = usable(&request, &context).await?;
    if let Visitor::SignedIn(person) = session::visitor(&request, &context).await? {
        let mode = if person.account.email == invitation.email { "add" } else { "other" };
        return Ok(show((StatusCode::OK, &context), &invitation, mode, &person.csrf, "", &[]));
    }
    let email = invitation.email.clone();
    let exists = context
        .blocking(move |store| match store.people().account_by_email(&email) {
            Ok(_) => Ok(true),
            Err(Error::NotFound(_)) => Ok(false),
            Err(error) => Err(error),
        })
        .await?;
    let mode = if exists { "sign_in" } else { "new" };
    let (token, cookie) = form_token(&request)?;
    Ok(with_cookie(show((StatusCode::OK, &context), &invitation, mode, &token, "", &[]), cookie))
}

fn show(
    (status, context): (StatusCode, &Context),
    invitation: &Invitation,
    mode: &'static str,
    csrf: &str,
    name: &str,
    errors: &[FieldError],
) -> HttpResponse {
    let sso = context.settings.sso.as_ref().map(|sso| sso.settings().button.as_str());
    page::html(status, &InvitationPage { offer: Offer::of(invitation), mode, sso, csrf, name, errors })
}

/// A weak password's reason, in the request's language.
fn weakness(weakness: Weakness) -> &'static str {
    match weakness {
        Weakness::TooShort => {
            t("Adgangskoden er for kort. Brug mindst 10 tegn, fx nogle ord, der ikke hører sammen.")
        }
        Weakness::TooLong => t("Adgangskoden er for lang. Brug højst 128 tegn."),
        Weakness::TooEasyToGuess => {
            t("Adgangskoden er for let at gætte. Undgå almindelige ord, navne, datoer og \
             tastaturmønstre, eller tilføj flere ord.")
        }
        Weakness::ContainsPersonalInfo => {
            t("Adgangskoden indeholder dit navn eller din e-mailadresse. Vælg en uden.")
        }
    }
}

/// The errors of step 1's form.
fn check_account_form(form: &AccountForm, email: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let name = form.name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        errors.push(FieldError::new("name", t("Skriv dit navn, som kolleger skal se det (højst 100 tegn).")));
    }
    if let Err(reason) = check_strength(&form.password, &[name, email]) {
        errors.push(FieldError::new("password", weakness(reason)));
    } else if form.password != form.password2 {
        let text = t("De to adgangskoder er ikke ens. Skriv den samme to gange.");
        errors.push(FieldError::new("password2", text));
    }
    errors
}

/// The enrolment page for `enrolment`, sealed as `state`, of the invitation to `email`.
fn enrol_page(
    status: StatusCode,
    (csrf, state): (&str, &str),
    enrolment: &Enrolment,
    email: &str,
    errors: &[FieldError],
) -> actix_web::Result<HttpResponse> {
    let unavailable = |_| stop(page::unavailable());
    let secret = TotpSecret::from_base32(&enrolment.totp).map_err(unavailable)?;
    let svg = qr_svg(&secret.otpauth_uri(ISSUER, email)).map_err(unavailable)?;
    // Inline in the page: without the XML declaration, labelled in the request's language.
    let svg = svg.find("<svg").map(|at| svg[at..].to_owned()).unwrap_or_default();
    let qr = svg.replace(QR_LABEL, t("QR-kode, der tilføjer din konto i en godkendelsesapp"));
    let groups: Vec<String> = enrolment
        .totp
        .as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect();
    let key = groups.join(" ");
    Ok(page::html(status, &EnrolPage { csrf, state, qr, key, errors }))
}

/// `POST /invitation/account`: step 1.
async fn choose_password(
    request: HttpRequest,
    form: web::Form<AccountForm>,
) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let form = form.into_inner();
    session::check_forgery(&request, cookies::read(&request, cookies::FORM).as_deref(), &form.csrf)?;
    let (secret, invitation) = usable(&request, &context).await?;
    let errors = check_account_form(&form, invitation.email.as_str());
    if !errors.is_empty() {
        return Ok(show(
            (StatusCode::UNPROCESSABLE_ENTITY, &context),
            &invitation,
            "new",
            &form.csrf,
            &form.name,
            &errors,
        ));
    }
    let (settings, now) = (context.settings.clone(), context.clock.now());
    let (name, password) = (form.name.trim().to_owned(), form.password);
    let (state, enrolment) = context
        .blocking(move |store| {
            let corrupt =
                |error: crate::edge::credentials::CredentialError| Error::Corrupt(error.to_string());
            let password_hash = hash_password(&password, &settings.password).map_err(corrupt)?;
            let totp = TotpSecret::generate().map_err(corrupt)?.to_base32();
            let enrolment = Enrolment { name, password_hash, totp, made_at: now.timestamp() };
            let json = serde_json::to_string(&enrolment).map_err(|e| Error::Corrupt(e.to_string()))?;
            Ok((store.people().seal_enrolment(&secret, &json)?, enrolment))
        })
        .await?;
    enrol_page(StatusCode::OK, (&form.csrf, &state), &enrolment, invitation.email.as_str(), &[])
}

/// The enrolment sealed in `state` for invitation `secret`, if it is intact and fresh at `now`.
fn open_enrolment(context: &Context, secret: &str, state: &str, now: DateTime<Utc>) -> Option<Enrolment> {
    let json = context.store.people().open_enrolment(secret, state)?;
    let enrolment: Enrolment = serde_json::from_str(&json).ok()?;
    let made_at = DateTime::<Utc>::from_timestamp(enrolment.made_at, 0)?;
    (now < made_at + Duration::minutes(ENROLMENT_MINUTES)).then_some(enrolment)
}

fn too_old() -> HttpResponse {
    page::message(
        StatusCode::UNPROCESSABLE_ENTITY,
        t("Siden er for gammel"),
        t("Der gik for lang tid, eller siden blev ændret. Start forfra med navn og adgangskode."),
        Some(("/invitation", t("Start forfra"))),
    )
}

/// Creates the account of `enrolment` through invitation `secret`, with the TOTP step `step`
/// used and recovery codes `codes`; signs it in. A refusal of the invitation's rules is the
/// inner error.
fn create_account(
    store: &Store,
    secret: &str,
    enrolment: Enrolment,
    (step, codes): (u64, Vec<String>),
    now: DateTime<Utc>,
) -> Result<Result<(Account, NewSession), crate::domain::Error>, Error> {
    let new = NewAccount {
        name: enrolment.name,
        password_hash: Some(enrolment.password_hash),
        totp_secret: Some(enrolment.totp),
        oidc_subject: None,
        recovery_hashes: codes.iter().map(|code| recovery_hash(code)).collect(),
    };
    let people = store.people();
    let account = match people.accept(secret, &AcceptAs::New(new), now) {
        Ok(account) => account,
        Err(Error::Conflict(reason)) => return Ok(Err(reason)),
        Err(error) => return Err(error),
    };
    people.use_totp_step(&account.id, step)?;
    let session = people.start_session(&account.id, true, now)?;
    Ok(Ok((account, session)))
}

/// `POST /invitation/enrol`: step 2, then step 3.
async fn enrol(request: HttpRequest, form: web::Form<EnrolForm>) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let form = form.into_inner();
    session::check_forgery(&request, cookies::read(&request, cookies::FORM).as_deref(), &form.csrf)?;
    let (secret, invitation) = usable(&request, &context).await?;
    let now = context.clock.now();
    let enrolment = open_enrolment(&context, &secret, &form.state, now).ok_or_else(|| stop(too_old()))?;
    let step =
        TotpSecret::from_base32(&enrolment.totp).ok().and_then(|totp| totp.verify(&form.code, now, None));
    let Some(step) = step else {
        let errors = [FieldError::new("code", t("Koden passer ikke. Skriv de seks cifre, appen viser nu."))];
        let email = invitation.email.as_str();
        return enrol_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            (&form.csrf, &form.state),
            &enrolment,
            email,
            &errors,
        );
    };
    let codes = generate_recovery_codes().map_err(|_| stop(page::unavailable()))?;
    let shown = codes.clone();
    let created =
        context.blocking(move |store| create_account(store, &secret, enrolment, (step, codes), now)).await?;
    let (account, started) = created.map_err(|reason| stop(refused(reason)))?;
    let caller = account_caller(&account);
    context.audit(&request, caller, "web.invitation.accept", "ok", Some(invitation.id)).await;
    let mut answer = page::html(StatusCode::OK, &RecoveryPage { name: &account.name, codes: &shown });
    let _ = answer.add_cookie(&cookies::session(started.secret));
    Ok(with_cookie(answer, Some(cookies::removal(cookies::INVITATION))))
}

/// The page for an invitation the store refused to use (used meanwhile, an account exists).
fn refused(reason: crate::domain::Error) -> HttpResponse {
    let text = match reason {
        crate::domain::Error::AccountExists => {
            t("Der findes allerede en konto med denne e-mailadresse. Log ind, og \
             åbn linket igen for at få rollen.")
        }
        crate::domain::Error::InvitationExpired => {
            t("Invitationen udløb, mens du oprettede kontoen. Bed om at få den forlænget.")
        }
        _ => t("Invitationen er allerede brugt eller trukket tilbage."),
    };
    page::message(
        StatusCode::CONFLICT,
        t("Invitationen kunne ikke bruges"),
        text,
        Some(("/login", t("Til log ind"))),
    )
}

/// `POST /invitation/existing`: the signed-in invitee adds the role to their account.
async fn add_to_account(request: HttpRequest, form: web::Form<TokenForm>) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::posted_by(&request, &context, &form.csrf).await?;
    let (secret, invitation) = usable(&request, &context).await?;
    if person.account.email != invitation.email {
        return Ok(page::message(
            StatusCode::FORBIDDEN,
            t("Invitationen er til en anden"),
            t("Log ud, og åbn linket igen som den, invitationen er sendt til."),
            Some(("/", t("Til forsiden"))),
        ));
    }
    let (now, id) = (context.clock.now(), person.account.id.clone());
    let added = context
        .blocking(move |store| match store.people().accept(&secret, &AcceptAs::Existing(id), now) {
            Ok(account) => Ok(Ok(account)),
            Err(Error::Conflict(reason)) => Ok(Err(reason)),
            Err(error) => Err(error),
        })
        .await?;
    let account = added.map_err(|reason| stop(refused(reason)))?;
    context
        .audit(&request, account_caller(&account), "web.invitation.accept", "ok", Some(invitation.id))
        .await;
    Ok(with_cookie(page::see_other("/"), Some(cookies::removal(cookies::INVITATION))))
}
