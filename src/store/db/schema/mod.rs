//! The diesel schema, kept by hand, using only types both backends share (Text ids, BigInt,
//! Integer, Bool, Date, Timestamp in UTC). It must match both migration trees; the
//! `migrations_match` test compares them. This file holds the booking core (jobcenters,
//! counselors, offers, occupancy, bookings, audit, outbox, callers, summons); closing days and teams are
//! in `administration.rs`; the adapters' tables (webhooks, Xpert Suite and SIVI, DFDG, calendar
//! sync) are in `adapters.rs`.

mod adapters;
mod administration;

pub use adapters::*;
pub use administration::*;

diesel::table! {
    jobcenters (code) {
        code -> Text,
        name -> Text,
    }
}

diesel::table! {
    counselors (id) {
        id -> Text,
        caseworker_id -> Text,
        given_name -> Text,
        middle_name -> Nullable<Text>,
        surname -> Text,
        email -> Text,
        jobcenter_code -> Text,
        active -> Bool,
    }
}

diesel::table! {
    working_hours (id) {
        id -> BigInt,
        counselor_id -> Text,
        weekday -> Integer,
        start_minute -> Integer,
        end_minute -> Integer,
    }
}

diesel::table! {
    working_hour_exceptions (id) {
        id -> BigInt,
        counselor_id -> Text,
        day -> Date,
        start_minute -> Nullable<Integer>,
        end_minute -> Nullable<Integer>,
    }
}

diesel::table! {
    busy_blocks (id) {
        id -> Text,
        counselor_id -> Text,
        start_at -> Timestamp,
        end_at -> Timestamp,
        source -> Text,
        external_id -> Nullable<Text>,
        note -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    offers (id) {
        id -> Text,
        jobcenter_code -> Text,
        name -> Text,
        interview_type -> Integer,
        form -> Text,
        seats -> Nullable<Integer>,
        contact_types -> Text,
        location_description -> Nullable<Text>,
        street_name -> Nullable<Text>,
        building -> Nullable<Text>,
        floor -> Nullable<Text>,
        suite -> Nullable<Text>,
        post_code -> Nullable<Text>,
        district -> Nullable<Text>,
        duration_minutes -> Integer,
        buffer_minutes -> Integer,
        min_notice_minutes -> Integer,
        horizon_days -> Integer,
        first_timeslot -> Nullable<Timestamp>,
        last_timeslot -> Nullable<Timestamp>,
        contact_groups -> Text,
        categories -> Text,
        person_groups -> Text,
        rebook_possible -> Bool,
        rebook_deadline_minutes -> Nullable<Integer>,
        cancel_possible -> Bool,
        cancel_deadline_minutes -> Nullable<Integer>,
        compulsory -> Bool,
        active -> Bool,
        created_at -> Timestamp,
        team_id -> Nullable<Text>,
    }
}

diesel::table! {
    offer_counselors (offer_id, counselor_id) {
        offer_id -> Text,
        counselor_id -> Text,
    }
}

diesel::table! {
    citizens (cpr_hash) {
        cpr_hash -> Text,
        cpr_cipher -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    occupancy (id) {
        id -> Text,
        counselor_id -> Text,
        start_at -> Timestamp,
        end_at -> Timestamp,
        kind -> Text,
        expires_at -> Nullable<Timestamp>,
        offer_id -> Nullable<Text>,
        seats -> Integer,
        seats_taken -> Integer,
        room_id -> Nullable<Text>,
    }
}

diesel::table! {
    reservations (id) {
        id -> Text,
        citizen_hash -> Text,
        offer_id -> Text,
        counselor_id -> Text,
        occupancy_id -> Nullable<Text>,
        start_at -> Timestamp,
        end_at -> Timestamp,
        contact_type -> Integer,
        rebooking_id -> Nullable<Text>,
        expires_at -> Timestamp,
        booking_id -> Nullable<Text>,
        released -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    bookings (id) {
        id -> Text,
        citizen_hash -> Text,
        counselor_id -> Text,
        jobcenter_code -> Text,
        offer_id -> Nullable<Text>,
        occupancy_id -> Nullable<Text>,
        start_at -> Timestamp,
        end_at -> Timestamp,
        status -> Text,
        channel -> Text,
        originator_code -> BigInt,
        originator_type -> Integer,
        interview_type -> Integer,
        form_type -> Integer,
        contact_type -> Integer,
        rebook_possible -> Bool,
        rebook_deadline -> Nullable<Timestamp>,
        cancel_possible -> Bool,
        cancel_deadline -> Nullable<Timestamp>,
        compulsory -> Bool,
        self_booked -> Bool,
        group_meeting_id -> Nullable<Text>,
        digital_link -> Nullable<Text>,
        lapsed_reason -> Nullable<Text>,
        billed -> Bool,
        registered_by -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        summoned_by -> Nullable<Text>,
        summoned_by_user -> Nullable<Text>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        correlation_id -> Text,
        caller -> Text,
        request_user -> Nullable<Text>,
        operation -> Text,
        jobcenter_code -> Nullable<Text>,
        outcome -> Text,
        detail -> Nullable<Text>,
    }
}

diesel::table! {
    outbox (id) {
        id -> BigInt,
        created_at -> Timestamp,
        topic -> Text,
        aggregate_id -> Text,
        payload -> Text,
        available_at -> Timestamp,
        attempts -> Integer,
        delivered_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::joinable!(counselors -> jobcenters (jobcenter_code));
diesel::joinable!(team_members -> counselors (counselor_id));
diesel::joinable!(team_members -> teams (team_id));
diesel::joinable!(offer_competencies -> offers (offer_id));
diesel::joinable!(offer_rooms -> rooms (room_id));
diesel::joinable!(occupancy -> rooms (room_id));
diesel::joinable!(offer_counselors -> offers (offer_id));
diesel::joinable!(offer_counselors -> counselors (counselor_id));

diesel::allow_tables_to_appear_in_same_query!(
    rooms,
    room_closures,
    offer_rooms,
    counselor_settings,
    counselor_competencies,
    offer_competencies,
    summons_templates,
    interview_type_rules,
    teams,
    team_members,
    jobcenters,
    counselors,
    working_hours,
    working_hour_exceptions,
    busy_blocks,
    offers,
    offer_counselors,
    citizens,
    occupancy,
    reservations,
    bookings,
    audit_log,
    outbox,
    callers,
    error_reports,
);

diesel::table! {
    callers (identity) {
        identity -> Text,
        role -> Text,
        jobcenters -> Text,
        enabled -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    error_reports (id) {
        id -> Text,
        received_at -> Timestamp,
        caller -> Text,
        offer_id -> Nullable<Text>,
        booking_id -> Nullable<Text>,
        error_code -> Integer,
        error_text -> Nullable<Text>,
        origin -> Integer,
        reported_at -> Timestamp,
    }
}

diesel::table! {
    summons_batches (batch_key) {
        batch_key -> Text,
        offer_id -> Text,
        pool -> Text,
        window_start -> Timestamp,
        window_end -> Timestamp,
        strategy -> Text,
        dry_run -> Bool,
        rebook_possible -> Bool,
        rebook_before_minutes -> Nullable<BigInt>,
        cancel_possible -> Bool,
        cancel_before_minutes -> Nullable<BigInt>,
        originator_code -> BigInt,
        originator_type -> Integer,
        status -> Text,
        total -> Integer,
        created_at -> Timestamp,
        completed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    summons_items (batch_key, line_number) {
        batch_key -> Text,
        line_number -> Integer,
        citizen_hash -> Text,
        status -> Text,
        booking_id -> Nullable<Text>,
        counselor_id -> Nullable<Text>,
        start_at -> Nullable<Timestamp>,
        reason -> Nullable<Text>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(summons_batches, summons_items, counselors);
