//! The adapters' tables: webhook recipients and deliveries, the Xpert Suite and SIVI intake,
//! the DFDG message log and registrations, and calendar sync (see `mod.rs` for the rules).

use crate::store::db::schema::{bookings, counselors, outbox};

diesel::table! {
    webhook_recipients (id) {
        id -> BigInt,
        name -> Text,
        url -> Text,
        topics -> Text,
        secret -> Text,
        enabled -> Bool,
        created_at -> Timestamp,
        kind -> Text,
        settings -> Text,
        jobcenters -> Text,
        removed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> BigInt,
        recipient_id -> BigInt,
        event_id -> BigInt,
        topic -> Text,
        status -> Text,
        http_status -> Nullable<Integer>,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        last_error -> Nullable<Text>,
        body -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        first_attempt_at -> Nullable<Timestamp>,
        last_attempt_at -> Nullable<Timestamp>,
        retry_base -> Integer,
        aggregate_id -> Text,
    }
}

diesel::joinable!(webhook_deliveries -> webhook_recipients (recipient_id));
diesel::joinable!(webhook_deliveries -> outbox (event_id));
diesel::allow_tables_to_appear_in_same_query!(webhook_deliveries, webhook_recipients, outbox);

diesel::table! {
    sivi_messages (message_key) {
        message_key -> Text,
        body_sha256 -> Text,
        receipt -> Text,
        received_at -> Timestamp,
    }
}

diesel::table! {
    absence_persons (id) {
        id -> Text,
        employer_id -> Text,
        employee_id -> Text,
        person_number_hash -> Nullable<Text>,
        person_number_cipher -> Nullable<Text>,
        citizen_hash -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    absence_cases (employer_id, case_id) {
        employer_id -> Text,
        case_id -> Text,
        person_id -> Text,
        first_day -> Date,
        percentage_hundredths -> Integer,
        ended -> Bool,
        recovered_on -> Nullable<Date>,
        last_sequence -> Integer,
        summons_booking_id -> Nullable<Text>,
        summons_outcome -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    absence_mutations (employer_id, case_id, sequence) {
        employer_id -> Text,
        case_id -> Text,
        sequence -> Integer,
        kind -> Text,
        effective_on -> Date,
        percentage_hundredths -> Integer,
        message_key -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    planlink_nonces (nonce) {
        nonce -> Text,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    xpert_inbound (delivery_id) {
        delivery_id -> Text,
        status -> Integer,
        answer -> Text,
        received_at -> Timestamp,
    }
}

diesel::table! {
    xpert_appointments (booking_id) {
        booking_id -> Text,
        appointment_id -> Nullable<Text>,
        start_at -> Timestamp,
        end_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(absence_cases, absence_persons);

diesel::table! {
    dfdg_messages (message_id) {
        message_id -> Text,
        service_name -> Text,
        change_type -> Text,
        booking_id -> Nullable<Text>,
        outcome -> Text,
        detail -> Nullable<Text>,
        received_at -> Timestamp,
    }
}

diesel::table! {
    dfdg_bookings (booking_id) {
        booking_id -> Text,
        dfdg_id -> Text,
        source -> Text,
        registered_version -> BigInt,
        deleted -> Bool,
        updated_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(dfdg_messages, bookings);

diesel::table! {
    calendar_events (id) {
        id -> Text,
        source -> Text,
        counselor_id -> Text,
        external_id -> Text,
        start_at -> Timestamp,
        end_at -> Timestamp,
        deleted -> Bool,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    calendar_conflicts (id) {
        id -> Text,
        event_id -> Text,
        booking_id -> Text,
        counselor_id -> Text,
        detected_at -> Timestamp,
        resolved_at -> Nullable<Timestamp>,
        resolution -> Nullable<Text>,
    }
}

diesel::table! {
    calendar_feeds (id) {
        id -> Text,
        token_hash -> Text,
        counselor_id -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    calendar_imports (counselor_id) {
        counselor_id -> Text,
        url -> Text,
        last_polled_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(calendar_conflicts, calendar_events, counselors);
