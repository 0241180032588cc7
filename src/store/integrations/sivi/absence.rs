//! Absence intake (SIVI Verzuimmeldingen, `adapters/sivi`): the person, the absence case and
//! each mutation, recorded idempotently per message, and the summons an employer's first sick
//! report may ask for, all in one write transaction.
//!
//! A message is known by its key (sender + `Berrefnr`, chosen by the edge): the key is claimed
//! first (`INSERT ... ON CONFLICT DO NOTHING`), so a repeated or concurrent copy finds the row,
//! changes nothing and gets the first answer back. Each mutation is also known by its case and
//! report number, so a report resent in a new message is not applied twice.
//! Person numbers (BSN or CPR) are stored only as keyed hash and ciphertext (`CprVault`); a CPR
//! also makes the person a citizen who can be summoned.
//! The summons goes through the single-summons path (`summons::summon_in`) inside a savepoint:
//! when it cannot be placed, the absence is still recorded, with the reason.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use diesel::prelude::*;
use serde_json::json;

use crate::domain::absence::{decide, AbsenceReport, CaseState, Decision, PersonNumber, ReportKind};
use crate::domain::{self, summons, ChangeFlags, Interval, OfferId};
use crate::store::db::conn::on_backend;
use crate::store::db::schema::{absence_cases, absence_mutations, absence_persons, sivi_messages};
use crate::store::db::to_db;
use crate::store::summons::{summon_in, OfferChoice, SummonRequest};
use crate::store::{citizens, reference, AnyConnection, CprVault, Error, Store};

/// A validated absence message.
#[derive(Debug, Clone)]
pub struct AbsenceMessage {
    /// The idempotency key (the edge documents how it is made).
    pub key: String,
    /// SHA-256 (hex) of the exact body, to tell a repeat from a reused key.
    pub body_sha256: String,
    /// The mutations, in document order.
    pub reports: Vec<AbsenceReport>,
}

/// What a first sick report of an employer's employee asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmployerSummons {
    /// The offer to summon into.
    pub offer: OfferId,
    /// The summons' time lies between now and now + this.
    pub within: Duration,
}

/// What became of a message.
#[derive(Debug, Clone, PartialEq)]
pub enum IntakeOutcome {
    /// Recorded now; the receipt (JSON, no personal data).
    Recorded(serde_json::Value),
    /// The same message was recorded before; its receipt then. Nothing changed.
    Duplicate(serde_json::Value),
    /// The key was used before for a different body; nothing changed.
    KeyReused,
}

impl Store {
    /// Records an absence message: persons, cases and mutations, and the configured summons
    /// for each new case, in one transaction. See the module documentation.
    pub fn record_absence_message(
        &self,
        message: &AbsenceMessage,
        employers: &BTreeMap<String, EmployerSummons>,
        now: DateTime<Utc>,
    ) -> Result<IntakeOutcome, Error> {
        self.write(|conn| {
            let claimed = claim_key(conn, message, now)?;
            if !claimed {
                let (hash, receipt): (String, String) = sivi_messages::table
                    .find(&message.key)
                    .select((sivi_messages::body_sha256, sivi_messages::receipt))
                    .first(conn)?;
                if hash != message.body_sha256 {
                    return Ok(IntakeOutcome::KeyReused);
                }
                let receipt = serde_json::from_str(&receipt)
                    .map_err(|_| crate::store::db::corrupt("SIVI message receipt"))?;
                return Ok(IntakeOutcome::Duplicate(receipt));
            }
            let mut results = Vec::with_capacity(message.reports.len());
            for report in &message.reports {
                results.push(apply_report(conn, &self.vault, &message.key, report, employers, now)?);
            }
            let receipt = json!({ "message_id": message.key, "reports": results });
            diesel::update(sivi_messages::table.find(&message.key))
                .set(sivi_messages::receipt.eq(receipt.to_string()))
                .execute(conn)?;
            Ok(IntakeOutcome::Recorded(receipt))
        })
    }

    /// The absence cases of one employee, newest first, with the kinds of their mutations.
    pub fn absence_cases(&self, employer: &str, employee: &str) -> Result<Vec<AbsenceCaseView>, Error> {
        let mut conn = self.conn()?;
        type Row = (String, NaiveDate, i32, bool, Option<NaiveDate>, i32, Option<String>, Option<String>);
        let rows: Vec<Row> = absence_cases::table
            .inner_join(absence_persons::table.on(absence_persons::id.eq(absence_cases::person_id)))
            .filter(absence_persons::employer_id.eq(employer))
            .filter(absence_persons::employee_id.eq(employee))
            .order(absence_cases::first_day.desc())
            .select((
                absence_cases::case_id,
                absence_cases::first_day,
                absence_cases::percentage_hundredths,
                absence_cases::ended,
                absence_cases::recovered_on,
                absence_cases::last_sequence,
                absence_cases::summons_booking_id,
                absence_cases::summons_outcome,
            ))
            .load(&mut conn)?;
        let mut cases = Vec::with_capacity(rows.len());
        for (case_id, first_day, percentage, ended, recovered_on, last_sequence, booking, outcome) in rows {
            let kinds: Vec<String> = absence_mutations::table
                .filter(absence_mutations::employer_id.eq(employer))
                .filter(absence_mutations::case_id.eq(&case_id))
                .order(absence_mutations::sequence)
                .select(absence_mutations::kind)
                .load(&mut conn)?;
            cases.push(AbsenceCaseView {
                case_id,
                first_day,
                percentage_hundredths: percentage,
                ended,
                recovered_on,
                last_sequence,
                summons_booking: booking,
                summons_outcome: outcome,
                mutations: kinds,
            });
        }
        Ok(cases)
    }
}

/// An absence case as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbsenceCaseView {
    /// `VrzmgvlId`.
    pub case_id: String,
    /// The first day of absence.
    pub first_day: NaiveDate,
    /// The current percentage in hundredths.
    pub percentage_hundredths: i32,
    /// The case has ended.
    pub ended: bool,
    /// The day of recovery, once ended.
    pub recovered_on: Option<NaiveDate>,
    /// The highest report number applied.
    pub last_sequence: i32,
    /// The booking the case's summons made.
    pub summons_booking: Option<String>,
    /// What became of the summons (`placed`, or why not).
    pub summons_outcome: Option<String>,
    /// The kinds of the mutations applied, in report order.
    pub mutations: Vec<String>,
}

/// Inserts the message row with an empty receipt; false when the key exists (then nothing
/// was written). On PostgreSQL a concurrent copy waits here until the first one commits.
fn claim_key(conn: &mut AnyConnection, message: &AbsenceMessage, now: DateTime<Utc>) -> Result<bool, Error> {
    let insert = diesel::insert_into(sivi_messages::table)
        .values((
            sivi_messages::message_key.eq(&message.key),
            sivi_messages::body_sha256.eq(&message.body_sha256),
            sivi_messages::receipt.eq("{}"),
            sivi_messages::received_at.eq(to_db(now)),
        ))
        .on_conflict_do_nothing();
    let inserted = on_backend!(conn, conn => insert.execute(conn)?);
    Ok(inserted == 1)
}

fn apply_report(
    conn: &mut AnyConnection,
    vault: &CprVault,
    message_key: &str,
    report: &AbsenceReport,
    employers: &BTreeMap<String, EmployerSummons>,
    now: DateTime<Utc>,
) -> Result<serde_json::Value, Error> {
    let (person_id, cpr) = upsert_person(conn, vault, report, now)?;
    let previous = load_case(conn, report)?;
    let kind = match decide(previous.as_ref(), report) {
        Decision::AlreadyApplied => {
            return Ok(json!({
                "case_id": report.case_id, "sequence": report.sequence, "outcome": "already_applied",
            }))
        }
        Decision::Apply(kind) => kind,
    };
    diesel::insert_into(absence_mutations::table)
        .values((
            absence_mutations::employer_id.eq(&report.employer),
            absence_mutations::case_id.eq(&report.case_id),
            absence_mutations::sequence.eq(report.sequence),
            absence_mutations::kind.eq(kind.as_str()),
            absence_mutations::effective_on.eq(report.effective_on),
            absence_mutations::percentage_hundredths.eq(report.percentage_hundredths),
            absence_mutations::message_key.eq(message_key),
            absence_mutations::recorded_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    let case = absence_cases::table.find((&report.employer, &report.case_id));
    if previous.is_some() {
        diesel::update(case)
            .set((
                absence_cases::first_day.eq(report.first_day),
                absence_cases::percentage_hundredths.eq(report.percentage_hundredths),
                absence_cases::ended.eq(report.ended),
                absence_cases::recovered_on.eq(report.recovered_on),
                absence_cases::last_sequence.eq(report.sequence),
                absence_cases::updated_at.eq(to_db(now)),
            ))
            .execute(conn)?;
    } else {
        diesel::insert_into(absence_cases::table)
            .values((
                absence_cases::employer_id.eq(&report.employer),
                absence_cases::case_id.eq(&report.case_id),
                absence_cases::person_id.eq(&person_id),
                absence_cases::first_day.eq(report.first_day),
                absence_cases::percentage_hundredths.eq(report.percentage_hundredths),
                absence_cases::ended.eq(report.ended),
                absence_cases::recovered_on.eq(report.recovered_on),
                absence_cases::last_sequence.eq(report.sequence),
                absence_cases::created_at.eq(to_db(now)),
                absence_cases::updated_at.eq(to_db(now)),
            ))
            .execute(conn)?;
    }
    let mut result = json!({
        "case_id": report.case_id,
        "sequence": report.sequence,
        "outcome": kind.as_str(),
        "person_id": person_id,
    });
    if kind == ReportKind::SickReport {
        if let Some(rule) = employers.get(&report.employer) {
            let (booking, outcome) = summon(conn, vault, cpr.as_ref(), rule, now)?;
            diesel::update(case)
                .set((
                    absence_cases::summons_booking_id.eq(&booking),
                    absence_cases::summons_outcome.eq(&outcome),
                ))
                .execute(conn)?;
            result["summons"] = json!({ "outcome": outcome, "booking_id": booking });
        }
    }
    Ok(result)
}

/// Summons the person for the employer's offer in a savepoint: `(booking id, "placed")`, or
/// `(None, reason)` when it cannot be placed (the savepoint is rolled back, the absence stays).
fn summon(
    conn: &mut AnyConnection,
    vault: &CprVault,
    cpr: Option<&domain::Cpr>,
    rule: &EmployerSummons,
    now: DateTime<Utc>,
) -> Result<(Option<String>, String), Error> {
    let Some(cpr) = cpr else {
        return Ok((None, "not_placed: the person has no CPR number".to_owned()));
    };
    let attempt = conn.transaction(|conn| {
        let offer = reference::load_offer(conn, &rule.offer)?;
        let request = SummonRequest {
            cpr: cpr.clone(),
            offer: OfferChoice::Offer(rule.offer.clone()),
            pool: Vec::new(),
            window: Interval::new(now, now + rule.within)?,
            start: None,
            changes: ChangeFlags::default(),
            originator: summons::jobcenter_originator(&offer.jobcenter),
            // The absence intake summons on its own rule, not for a person: DFDG gets the
            // planner's system identity.
            summoner: None,
            // A SIVI message carries no contact data: a type that requires it is not summoned.
            contact: Default::default(),
        };
        summon_in(conn, vault, &request, now)
    });
    match attempt {
        Ok(booking) => Ok((Some(booking.id.as_str().to_owned()), "placed".to_owned())),
        Err(Error::Conflict(rule)) => Ok((None, format!("not_placed: {rule}"))),
        Err(Error::NotFound(entity)) => Ok((None, format!("not_placed: {entity} not found"))),
        Err(other) => Err(other),
    }
}

/// Makes sure the person row exists and carries the latest person number; returns its id and
/// the CPR when one is known from this report.
fn upsert_person(
    conn: &mut AnyConnection,
    vault: &CprVault,
    report: &AbsenceReport,
    now: DateTime<Utc>,
) -> Result<(String, Option<domain::Cpr>), Error> {
    let insert = diesel::insert_into(absence_persons::table)
        .values((
            absence_persons::id.eq(uuid::Uuid::new_v4().to_string()),
            absence_persons::employer_id.eq(&report.employer),
            absence_persons::employee_id.eq(&report.employee),
            absence_persons::created_at.eq(to_db(now)),
            absence_persons::updated_at.eq(to_db(now)),
        ))
        .on_conflict_do_nothing();
    on_backend!(conn, conn => insert.execute(conn)?);
    let person = absence_persons::table
        .filter(absence_persons::employer_id.eq(&report.employer))
        .filter(absence_persons::employee_id.eq(&report.employee));
    let id: String = person.select(absence_persons::id).first(conn)?;
    let cpr = match &report.person_number {
        None => None,
        Some(PersonNumber::Bsn(bsn)) => {
            let number = bsn.expose_for_storage();
            diesel::update(absence_persons::table.find(&id))
                .set((
                    absence_persons::person_number_hash.eq(vault.hash_labelled("bsn", number)),
                    absence_persons::person_number_cipher.eq(vault.encrypt_labelled("bsn", number)?),
                    absence_persons::citizen_hash.eq(None::<String>),
                    absence_persons::updated_at.eq(to_db(now)),
                ))
                .execute(conn)?;
            None
        }
        Some(PersonNumber::Cpr(cpr)) => {
            let hash = citizens::ensure(conn, vault, cpr, now)?;
            diesel::update(absence_persons::table.find(&id))
                .set((
                    absence_persons::person_number_hash.eq(&hash),
                    absence_persons::person_number_cipher.eq(vault.encrypt(cpr)?),
                    absence_persons::citizen_hash.eq(&hash),
                    absence_persons::updated_at.eq(to_db(now)),
                ))
                .execute(conn)?;
            Some(cpr.clone())
        }
    };
    Ok((id, cpr))
}

/// The case as it stands, locked for the rest of the transaction on PostgreSQL.
fn load_case(conn: &mut AnyConnection, report: &AbsenceReport) -> Result<Option<CaseState>, Error> {
    if let AnyConnection::Postgresql(pg) = conn {
        diesel::sql_query(
            "SELECT case_id FROM absence_cases WHERE employer_id = $1 AND case_id = $2 FOR UPDATE",
        )
        .bind::<diesel::sql_types::Text, _>(&report.employer)
        .bind::<diesel::sql_types::Text, _>(&report.case_id)
        .execute(pg)?;
    }
    let row: Option<(i32, bool, i32)> = absence_cases::table
        .find((&report.employer, &report.case_id))
        .select((absence_cases::percentage_hundredths, absence_cases::ended, absence_cases::last_sequence))
        .first(conn)
        .optional()?;
    Ok(row.map(|(percentage_hundredths, ended, last_sequence)| CaseState {
        percentage_hundredths,
        ended,
        last_sequence,
    }))
}
