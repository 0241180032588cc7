//! The diesel schema, kept by hand, using only types both backends share (Text ids, BigInt,
//! Integer, Bool, Date, Timestamp in UTC). It must match both migration trees; the
//! `migrations_match` test compares them.

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
diesel::joinable!(offer_counselors -> offers (offer_id));
diesel::joinable!(offer_counselors -> counselors (counselor_id));

diesel::allow_tables_to_appear_in_same_query!(
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
