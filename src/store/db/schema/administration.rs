//! Tables of what the jobcenter's administrators keep beside counselors and offers: closing days,
//! teams, interview type rules, summons templates, counselor attributes, meeting rooms, people and
//! mail (senders and queued mails).

diesel::table! {
    closing_days (id) {
        id -> Text,
        jobcenter_code -> Text,
        name -> Text,
        on_date -> Nullable<Date>,
        month -> Nullable<Integer>,
        day -> Nullable<Integer>,
        easter_offset -> Nullable<Integer>,
        start_minute -> Nullable<Integer>,
        end_minute -> Nullable<Integer>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    closing_customary_off (jobcenter_code, day_key) {
        jobcenter_code -> Text,
        day_key -> Text,
    }
}

diesel::table! {
    teams (id) {
        id -> Text,
        jobcenter_code -> Text,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    team_members (team_id, counselor_id, from_date) {
        team_id -> Text,
        counselor_id -> Text,
        from_date -> Date,
        until_date -> Nullable<Date>,
    }
}

diesel::table! {
    interview_type_rules (jobcenter_code, interview_type) {
        jobcenter_code -> Text,
        interview_type -> Integer,
        no_show_follow_up -> Bool,
        requires_contact -> Text,
    }
}

diesel::table! {
    summons_templates (id) {
        id -> Text,
        jobcenter_code -> Text,
        name -> Text,
        offer_id -> Nullable<Text>,
        interview_type -> Nullable<Integer>,
        team_id -> Nullable<Text>,
        pool -> Text,
        window_start_days -> Integer,
        window_days -> Integer,
        strategy -> Text,
        rebook_before_hours -> Nullable<Integer>,
        cancel_before_hours -> Nullable<Integer>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    counselor_settings (counselor_id) {
        counselor_id -> Text,
        self_booking -> Bool,
        summons -> Bool,
    }
}

diesel::table! {
    counselor_competencies (counselor_id, competency) {
        counselor_id -> Text,
        competency -> Text,
    }
}

diesel::table! {
    offer_competencies (offer_id, competency) {
        offer_id -> Text,
        competency -> Text,
    }
}

diesel::table! {
    rooms (id) {
        id -> Text,
        jobcenter_code -> Text,
        name -> Text,
        address -> Text,
        capacity -> Integer,
        active -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    room_closures (id) {
        id -> Text,
        room_id -> Text,
        start_at -> Timestamp,
        end_at -> Timestamp,
        note -> Nullable<Text>,
    }
}

diesel::table! {
    offer_rooms (offer_id, room_id) {
        offer_id -> Text,
        room_id -> Text,
    }
}

diesel::table! {
    read_model_version (id) {
        id -> Integer,
        version -> BigInt,
    }
}

diesel::table! {
    occupancy_version (id) {
        id -> Integer,
        version -> BigInt,
    }
}

diesel::table! {
    accounts (id) {
        id -> Text,
        email -> Text,
        name -> Text,
        disabled -> Bool,
        created_at -> Timestamp,
        password_hash -> Nullable<Text>,
        totp_secret -> Nullable<Text>,
        oidc_subject -> Nullable<Text>,
        totp_last_step -> Nullable<BigInt>,
    }
}

diesel::table! {
    account_grants (account_id, role, jobcenter_code) {
        account_id -> Text,
        role -> Text,
        jobcenter_code -> Text,
        team_id -> Nullable<Text>,
    }
}

diesel::table! {
    invitations (id) {
        id -> Text,
        token_hash -> Text,
        email -> Text,
        role -> Text,
        invited_by -> Text,
        sent_at -> Timestamp,
        expires_at -> Timestamp,
        accepted_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        account_id -> Nullable<Text>,
    }
}

diesel::table! {
    invitation_clusters (invitation_id, jobcenter_code) {
        invitation_id -> Text,
        jobcenter_code -> Text,
        team_id -> Nullable<Text>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(accounts, account_grants);
diesel::allow_tables_to_appear_in_same_query!(read_model_version, occupancy_version);
diesel::allow_tables_to_appear_in_same_query!(invitations, invitation_clusters);

diesel::table! {
    sessions (id_hash) {
        id_hash -> Text,
        account_id -> Text,
        csrf_token -> Text,
        second_factor -> Bool,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
    }
}

diesel::table! {
    recovery_codes (account_id, code_hash) {
        account_id -> Text,
        code_hash -> Text,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sign_in_failures (subject_hash, at) {
        subject_hash -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    mail_senders (id) {
        id -> BigInt,
        address -> Text,
        display_name -> Text,
        state -> Text,
        code_hash -> Nullable<Text>,
        code_expires_at -> Nullable<Timestamp>,
        code_failures -> Integer,
        created_at -> Timestamp,
        confirmed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    mail_messages (id) {
        id -> Text,
        purpose -> Text,
        sender_id -> BigInt,
        to_address -> Text,
        culture -> Text,
        subject -> Text,
        sealed_body -> Nullable<Text>,
        invitation_id -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(mail_messages -> mail_senders (sender_id));
diesel::allow_tables_to_appear_in_same_query!(mail_messages, mail_senders);
