//! The first steps of a bulk summons: `GET /summons/batches/new`, the upload form (a CSV file
//! with the header `cpr[,name,phone,email]`, and what, whom and when as for one citizen, with
//! how citizens are spread), and `POST /summons/batches/check` (multipart), which reads the
//! file with the CLI's rules (`store::citizens_csv`: BOM, `,` or `;`, quotes, Windows-1252),
//! names every bad line, and otherwise shows the dry run (`Store::run_summons_batch` with
//! `dry_run`, nothing written) with its distribution per counselor. The dry run's page carries
//! the checked citizens sealed for this session and batch key to the run (`bulk::start`).
//!
//! Audit rows: `web.summons.batch.check` (`ok`, `invalid`, `refused`, `forbidden`).

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::batch::{distribution, reason_text, Count};
use super::multipart;
use super::plan::{resolve, Plan, PlanFields, Resolved};
use super::refusals::{nothing_free, refusal, Refusal};
use super::scope::{choices, Choices};
use super::{binding, not_found, summoner, web_summoner};
use crate::domain::summons::{jobcenter_originator, Strategy};
use crate::domain::ZONE;
use crate::store::citizens_csv::{self, LineError, LineProblem};
use crate::store::{Store, SummonsBatch, SummonsCitizen, SummonsReport};
use crate::web::lang::{fill, t};
use crate::web::page::{self, FieldError};
use crate::web::session::{self, account_caller, Context, SignedIn};

/// Most citizens one upload may hold (as the admin API's synchronous batch).
pub const MAX_CITIZENS: usize = 10_000;
/// Most bad lines named on the page.
const LINES_SHOWN: usize = 50;
/// What the dry run's page seals the citizens for.
pub const PURPOSE: &str = "summons batch citizens";

/// The upload form.
#[derive(Template)]
#[template(path = "web/summons_upload.html")]
struct UploadPage<'a> {
    csrf: &'a str,
    choices: Choices,
    fields: PlanFields,
    errors: Vec<FieldError>,
    /// The bad lines of the file, in Danish.
    lines: Vec<String>,
    /// Bad lines not named.
    more: usize,
    refused: Option<String>,
}

/// The dry run.
#[derive(Template)]
#[template(path = "web/summons_dry_run.html")]
struct DryRunPage<'a> {
    csrf: &'a str,
    key: String,
    sealed: String,
    fields: PlanFields,
    offer: String,
    who: String,
    period: String,
    read_as: String,
    strategy: &'static str,
    total: usize,
    placed: usize,
    reasons: Vec<Count>,
    counselors: Vec<Count>,
}

/// `GET /summons/batches/new`.
pub async fn form(request: HttpRequest) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::signed_in(&request, &context).await?;
    summoner(&context, &request, &person, None).await?;
    upload_page(&context, &person, StatusCode::OK, (PlanFields::default(), Vec::new()), (Vec::new(), None))
        .await
}

/// The upload form with `fields`, `errors`, the bad lines and what was refused.
async fn upload_page(
    context: &Context,
    person: &SignedIn,
    status: StatusCode,
    (fields, errors): (PlanFields, Vec<FieldError>),
    (bad, refused): (Vec<LineError>, Option<String>),
) -> actix_web::Result<HttpResponse> {
    let (account, today) = (person.account.clone(), context.clock.now().with_timezone(&ZONE).date_naive());
    let choices = context.blocking(move |store| choices(store, &account, today)).await?;
    let lines = bad.iter().take(LINES_SHOWN).map(line_text).collect();
    let more = bad.len().saturating_sub(LINES_SHOWN);
    let page = UploadPage { csrf: &person.csrf, choices, fields, errors, lines, more, refused };
    Ok(page::html(status, &page))
}

/// A bad line in Danish.
pub fn line_text(error: &LineError) -> String {
    let what = match error.problem {
        LineProblem::Header => t("Første linje skal være overskriften cpr (eller cpr;navn;telefon;email)."),
        LineProblem::Unreadable => t("Linjen kan ikke læses som CSV."),
        LineProblem::TooManyFields => t("Linjen har mere end 4 felter (cpr, navn, telefon, email)."),
        LineProblem::Cpr(_) => t("CPR-nummeret er ikke gyldigt (10 cifre, der begynder med en dato)."),
        LineProblem::Email => t("E-mailadressen mangler @."),
    };
    fill(t("Linje {}: {}"), [error.line.to_string(), what.to_owned()])
}

/// The shared fields of a multipart form.
fn plan_fields(form: &multipart::Form) -> PlanFields {
    PlanFields {
        hvad: form.text("hvad"),
        hvem: form.text("hvem"),
        fra: form.text("fra"),
        til: form.text("til"),
        flyt_timer: form.text("flyt_timer"),
        aflys_timer: form.text("aflys_timer"),
        fordeling: form.text("fordeling"),
    }
}

/// The page for a body that is not a readable form.
fn unreadable() -> HttpResponse {
    page::message(
        StatusCode::BAD_REQUEST,
        t("Formularen kunne ikke læses"),
        t("Hent siden igen, vælg filen, og prøv en gang til."),
        Some(("/summons/batches/new", t("Til masseindkaldelse"))),
    )
}

/// What is wrong with an uploaded file: the file field's error and the bad lines.
type FileErrors = (FieldError, Vec<LineError>);

/// How the uploaded file was read, and its citizens or what to fix.
fn citizens(file: &[u8]) -> (String, Result<Vec<SummonsCitizen>, FileErrors>) {
    if file.is_empty() {
        return (
            String::new(),
            Err((FieldError::new("fil", t("Vælg en CSV-fil med borgerne.")), Vec::new())),
        );
    }
    let (format, read) = citizens_csv::parse(file);
    let separator = if format.separator == ';' { t("semikolon") } else { t("komma") };
    let read_as =
        fill(t("Filen er læst som {}, adskilt med {}."), [format.encoding.to_string(), separator.to_owned()]);
    let read = match read {
        Ok(list) if list.is_empty() => {
            Err((FieldError::new("fil", t("Filen har ingen borgere.")), Vec::new()))
        }
        Ok(list) if list.len() > MAX_CITIZENS => Err((
            FieldError::new(
                "fil",
                fill(t("Filen har mere end {} borgere. Del den op."), [MAX_CITIZENS.to_string()]),
            ),
            Vec::new(),
        )),
        Ok(list) => Ok(list),
        Err(bad) => {
            let text = fill(
                t("Filen har {} fejl. Ret linjerne herunder, og vælg filen igen."),
                [bad.len().to_string()],
            );
            Err((FieldError::new("fil", text), bad))
        }
    };
    (read_as, read)
}

/// The batch of `plan` under `key` (a dry run or not) for `person`.
pub fn batch_of(plan: &Plan, key: String, dry_run: bool, person: &SignedIn) -> SummonsBatch {
    SummonsBatch {
        key,
        offer: plan.offer.id.clone(),
        pool: plan.pool.clone(),
        window: plan.window,
        strategy: plan.strategy,
        dry_run,
        changes: plan.rules,
        originator: jobcenter_originator(&plan.offer.jobcenter),
        summoner: web_summoner(person),
    }
}

/// The citizens as the dry run's page carries them (sealed): JSON lines of line, CPR and
/// contact data.
pub fn seal_citizens(
    store: &Store,
    binding: &str,
    list: &[SummonsCitizen],
) -> Result<String, crate::store::Error> {
    let rows: Vec<(u32, &str, Option<&str>, Option<&str>)> = list
        .iter()
        .map(|c| (c.line, c.cpr.expose_for_storage(), c.contact.phone.as_deref(), c.contact.email.as_deref()))
        .collect();
    let plain = serde_json::to_string(&rows).map_err(|e| crate::store::Error::Corrupt(e.to_string()))?;
    store.seal_for_page(PURPOSE, binding, &plain)
}

/// What [`seal_citizens`] sealed, if it opens for `binding`.
pub fn open_citizens(store: &Store, binding: &str, sealed: &str) -> Option<Vec<SummonsCitizen>> {
    let plain = store.open_for_page(PURPOSE, binding, sealed)?;
    let rows: Vec<(u32, String, Option<String>, Option<String>)> = serde_json::from_str(&plain).ok()?;
    rows.into_iter()
        .map(|(line, cpr, phone, email)| {
            let cpr = crate::domain::Cpr::parse(&cpr).ok()?;
            let contact = crate::domain::type_rules::ContactData { email, phone };
            Some(SummonsCitizen { line, cpr, contact })
        })
        .collect()
}

/// The binding of a batch's sealed citizens: the session and the batch key.
pub fn batch_binding(person: &SignedIn, key: &str) -> String {
    format!("{} {key}", binding(person))
}

/// `POST /summons/batches/check`.
pub async fn check(request: HttpRequest, body: web::Bytes) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let content_type =
        request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let Some(form) = multipart::boundary(content_type).and_then(|b| multipart::parse(&b, &body)) else {
        return Ok(unreadable());
    };
    let person = session::posted_by(&request, &context, &form.text("csrf")).await?;
    let operation = "web.summons.batch.check";
    summoner(&context, &request, &person, Some(operation)).await?;
    let fields = plan_fields(&form);
    let (read_as, read) = citizens(form.bytes("fil").unwrap_or_default());
    let (account, today) = (person.account.clone(), context.clock.now().with_timezone(&ZONE).date_naive());
    let resolving = fields.clone();
    let resolved = context.blocking(move |store| resolve(store, &account, &resolving, today)).await?;
    let caller = account_caller(&person.account);
    let (list, plan) = match (read, resolved) {
        (_, Resolved::NotFound) => return Err(not_found()),
        (Ok(list), Resolved::Plan(plan)) => (list, *plan),
        (read, resolved) => {
            let (mut errors, mut bad) = (Vec::new(), Vec::new());
            if let Err((error, lines)) = read {
                errors.push(error);
                bad = lines;
            }
            if let Resolved::Invalid(found) = resolved {
                errors.extend(found);
            }
            context.audit(&request, caller, operation, "invalid", None).await;
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return upload_page(&context, &person, status, (fields, errors), (bad, None)).await;
        }
    };
    let key = format!("web-{}", uuid::Uuid::new_v4());
    let batch = batch_of(&plan, key.clone(), true, &person);
    let (now, sealing, checked) = (context.clock.now(), batch_binding(&person, &key), plan.clone());
    let ran = context
        .blocking(move |store| match store.run_summons_batch(&batch, &list, now, |_, _| {}) {
            Ok(report) => {
                let names = distribution(store, &report)?;
                Ok(Ok((report, names, seal_citizens(store, &sealing, &list)?)))
            }
            Err(error) => refusal(error).map(Err),
        })
        .await;
    let detail = Some(format!("offer.id={}", checked.offer.id.as_str()));
    let jobcenter = Some(checked.offer.jobcenter.as_str().to_owned());
    match ran? {
        Ok((report, counselors, sealed)) => {
            context.audit_in(&request, caller, (operation, "ok"), jobcenter, detail).await;
            Ok(page::html(
                StatusCode::OK,
                &dry_run_page(&person, (key, sealed), fields, &plan, (&report, counselors), read_as),
            ))
        }
        Err(refused) => {
            context.audit_in(&request, caller, (operation, "refused"), jobcenter, detail).await;
            let (status, errors, text) = match refused {
                Refusal::Field(error) => (StatusCode::UNPROCESSABLE_ENTITY, vec![error], None),
                Refusal::Rule(text) => (StatusCode::CONFLICT, Vec::new(), Some(text)),
                Refusal::NothingFree(closures) => {
                    (StatusCode::CONFLICT, Vec::new(), Some(nothing_free(&closures)))
                }
            };
            upload_page(&context, &person, status, (fields, errors), (Vec::new(), text)).await
        }
    }
}

/// The dry run's page.
fn dry_run_page<'a>(
    person: &'a SignedIn,
    (key, sealed): (String, String),
    mut fields: PlanFields,
    plan: &Plan,
    (report, counselors): (&SummonsReport, Vec<Count>),
    read_as: String,
) -> DryRunPage<'a> {
    let (first, last) = plan.days;
    (fields.fra, fields.til) = (first.to_string(), last.to_string());
    fields.fordeling = plan.strategy.as_str().to_owned();
    let hours = |hours: Option<i64>| hours.map(|h| h.to_string()).unwrap_or_default();
    (fields.flyt_timer, fields.aflys_timer) = (hours(plan.hours.0), hours(plan.hours.1));
    let placed = report.items.iter().filter(|item| item.reason.is_none()).count();
    let mut reasons: Vec<Count> = Vec::new();
    for reason in report.items.iter().filter_map(|item| item.reason) {
        match reasons.iter_mut().find(|count| count.label == reason_text(reason)) {
            Some(count) => count.count += 1,
            None => reasons.push(Count { label: reason_text(reason).to_owned(), count: 1 }),
        }
    }
    DryRunPage {
        csrf: &person.csrf,
        key,
        sealed,
        fields,
        offer: plan.offer.name.clone(),
        // Read on the blocking pool, in Danish: a name, or one of the plan's words.
        who: t(&plan.who).to_owned(),
        period: fill(
            t("{} til {}"),
            [first.format("%d.%m.%Y").to_string(), last.format("%d.%m.%Y").to_string()],
        ),
        read_as,
        strategy: match plan.strategy {
            Strategy::EarliestFirst => t("Tidligste ledige tid først"),
            Strategy::SpreadEvenly => t("Jævnt fordelt på vejlederne"),
        },
        total: report.items.len(),
        placed,
        reasons,
        counselors,
    }
}
