//! Unit tests of `config`: each case gets its own environment through the lookup function, so
//! the tests never touch the process environment and run in parallel.

use std::collections::HashMap;
use std::path::PathBuf;

use super::*;

const KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    move |name| map.get(name).cloned()
}

fn with_toml(text: &str) -> anyhow::Result<Settings> {
    let mut settings = Settings::default();
    settings.apply_toml(text, Path::new("planner.toml"))?;
    Ok(settings)
}

fn error_of<T: std::fmt::Debug>(result: anyhow::Result<T>) -> String {
    format!("{:#}", result.unwrap_err())
}

#[test]
fn defaults_need_no_file_or_environment() {
    let settings = Settings::load(None, env(&[])).unwrap();
    assert_eq!(settings.database_url.sqlite_path(), Some("planner.db"));
    assert_eq!(settings.listen.to_string(), "127.0.0.1:8443");
    assert_eq!(settings.public_url(), "https://127.0.0.1:8443");
    assert_eq!(settings.web_url().0, "https://127.0.0.1:8444");
    assert_eq!(settings.tls.cert, Some(PathBuf::from("certs/dev/server.pem")));
    assert_eq!(settings.tls.key, Some(PathBuf::from("certs/dev/server-key.pem")));
    assert_eq!(settings.tls.client_ca, Some(PathBuf::from("certs/dev/ca.pem")));
    assert_eq!(settings.tls.crl, None);
    assert!(settings.data_key.is_none());
    assert_eq!(settings.reservation_minutes, 10);
    assert_eq!(settings.time_zone(), chrono_tz::Europe::Copenhagen);
}

#[test]
fn toml_overrides_defaults() {
    let settings = with_toml(
        r#"
        database_url = "postgres://planner@db/planner"
        listen = "0.0.0.0:9443"
        public_url = "https://planner.example.dk/"
        web_url = "https://planner.example.dk/staff/"
        reservation_minutes = 15
        pool_size = 4
        [tls]
        crl = "/etc/planner/crl.pem"
        "#,
    )
    .unwrap();
    assert_eq!(settings.database_url.backend(), Backend::Postgres);
    assert_eq!(settings.listen.to_string(), "0.0.0.0:9443");
    assert_eq!(settings.public_url(), "https://planner.example.dk");
    assert_eq!(settings.web_url().0, "https://planner.example.dk/staff");
    assert_eq!(settings.reservation_minutes, 15);
    assert_eq!(settings.pool_size, 4);
    assert_eq!(settings.tls.crl, Some(PathBuf::from("/etc/planner/crl.pem")));
    assert_eq!(settings.tls.cert, Some(PathBuf::from("certs/dev/server.pem")), "unset keys keep defaults");
}

#[test]
fn environment_wins_over_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("planner.toml");
    std::fs::write(&file, "listen = \"127.0.0.1:1000\"\ndatabase_url = \"file.db\"\n").unwrap();
    let settings = Settings::load(
        None,
        env(&[
            ("PLANNER_CONFIG", file.to_str().unwrap()),
            ("PLANNER_LISTEN", "127.0.0.1:2000"),
            ("PLANNER_TLS_CERT", "/srv/cert.pem"),
            ("PLANNER_DATA_KEY", KEY),
        ]),
    )
    .unwrap();
    assert_eq!(settings.listen.to_string(), "127.0.0.1:2000");
    assert_eq!(settings.database_url.sqlite_path(), Some("file.db"), "the file still applies");
    assert_eq!(settings.tls.cert, Some(PathBuf::from("/srv/cert.pem")));
    assert_eq!(settings.data_key, Some(DataKey::from_hex(KEY).unwrap()));
}

#[test]
fn explicit_file_beats_planner_config() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("explicit.toml");
    std::fs::write(&file, "listen = \"127.0.0.1:3000\"\n").unwrap();
    let settings = Settings::load(Some(&file), env(&[("PLANNER_CONFIG", "/nonexistent.toml")])).unwrap();
    assert_eq!(settings.listen.to_string(), "127.0.0.1:3000");
}

#[test]
fn missing_file_is_named() {
    let message = error_of(Settings::load(Some(Path::new("/nonexistent/planner.toml")), env(&[])));
    assert!(message.contains("/nonexistent/planner.toml"), "{message}");
}

#[test]
fn unknown_keys_are_named() {
    let message = error_of(with_toml("listen = \"127.0.0.1:1\"\ndatabse_url = \"x\"\n"));
    assert!(message.contains("databse_url"), "{message}");
    assert!(message.contains("planner.toml"), "{message}");
    let message = error_of(with_toml("[tls]\nca = \"x\"\n"));
    assert!(message.contains("`ca`"), "{message}");
}

#[test]
fn bad_data_key_is_refused_without_echoing_it() {
    for bad in ["abc", "zz112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", &KEY[..62]] {
        let message = error_of(Settings::load(None, env(&[("PLANNER_DATA_KEY", bad)])));
        assert!(message.contains("PLANNER_DATA_KEY"), "{message}");
        assert!(message.contains("64 hexadecimal digits"), "{message}");
        assert!(!message.contains(bad), "the key must not be echoed: {message}");
    }
}

#[test]
fn unknown_database_scheme_is_named() {
    let message = error_of(Settings::load(None, env(&[("PLANNER_DATABASE_URL", "mysql://x/y")])));
    assert!(message.contains("'mysql'"), "{message}");
    assert!(message.contains("PLANNER_DATABASE_URL"), "{message}");
}

#[test]
fn bad_values_name_their_source() {
    let message = error_of(Settings::load(None, env(&[("PLANNER_LISTEN", "localhost")])));
    assert!(message.contains("PLANNER_LISTEN") && message.contains("'localhost'"), "{message}");
    let message = error_of(with_toml("reservation_minutes = 0"));
    assert!(message.contains("'reservation_minutes' in planner.toml"), "{message}");
    let message = error_of(with_toml("public_url = \"planner.example.dk\""));
    assert!(message.contains("public_url"), "{message}");
    let message = error_of(with_toml("web_url = \"http://planner.example.dk\""));
    assert!(message.contains("web_url"), "{message}");
}

#[test]
fn the_crl_check_interval_comes_from_the_file_or_the_environment() {
    assert_eq!(Settings::default().tls.crl_check_interval, crate::tls::CRL_CHECK_INTERVAL);
    let settings = with_toml("[tls]\ncrl_check_milliseconds = 250").unwrap();
    assert_eq!(settings.tls.crl_check_interval, std::time::Duration::from_millis(250));
    let settings = Settings::load(None, env(&[("PLANNER_TLS_CRL_CHECK_MILLISECONDS", "50")])).unwrap();
    assert_eq!(settings.tls.crl_check_interval, std::time::Duration::from_millis(50));
    let message = error_of(Settings::load(None, env(&[("PLANNER_TLS_CRL_CHECK_MILLISECONDS", "soon")])));
    assert!(message.contains("PLANNER_TLS_CRL_CHECK_MILLISECONDS"), "{message}");
}

#[test]
fn reservation_pool_and_workers_come_from_the_environment_too() {
    let settings = Settings::load(
        None,
        env(&[("PLANNER_RESERVATION_MINUTES", "15"), ("PLANNER_POOL_SIZE", "4"), ("PLANNER_WORKERS", "3")]),
    )
    .unwrap();
    assert_eq!((settings.reservation_minutes, settings.pool_size, settings.workers), (15, 4, Some(3)));
    for (name, bad) in
        [("PLANNER_RESERVATION_MINUTES", "ten"), ("PLANNER_POOL_SIZE", "0"), ("PLANNER_WORKERS", "-1")]
    {
        let message = error_of(Settings::load(None, env(&[(name, bad)])));
        assert!(message.contains(name), "{message}");
    }
}

#[test]
fn empty_variables_count_as_unset() {
    let settings = Settings::load(None, env(&[("PLANNER_LISTEN", ""), ("PLANNER_TLS_CRL", " ")])).unwrap();
    assert_eq!(settings.listen.to_string(), "127.0.0.1:8443");
    assert_eq!(settings.tls.crl, None);
}

#[test]
fn debug_output_hides_secrets() {
    let settings = Settings::load(
        None,
        env(&[("PLANNER_DATA_KEY", KEY), ("PLANNER_DATABASE_URL", "postgres://u:hunter2@db/p")]),
    )
    .unwrap();
    let debug = format!("{settings:?}");
    assert!(!debug.contains(&KEY[..16]), "{debug}");
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(!settings.database_description().contains("hunter2"));
}

#[test]
fn sqlite_without_key_keeps_a_development_key_beside_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("planner.db");
    let settings = Settings::load(None, env(&[("PLANNER_DATABASE_URL", db.to_str().unwrap())])).unwrap();
    let first = settings.store_config().unwrap().data_key;
    let key_file = dir.path().join("planner.db.key");
    assert_eq!(std::fs::read_to_string(&key_file).unwrap(), first.to_hex());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let second = settings.store_config().unwrap().data_key;
    assert_eq!(first, second, "the key is reused on the next start");
}

#[test]
fn postgres_without_key_is_refused() {
    let settings = Settings::load(None, env(&[("PLANNER_DATABASE_URL", "postgres://u@h/db")])).unwrap();
    let message = error_of(settings.store_config());
    assert!(message.contains("PLANNER_DATA_KEY is required with PostgreSQL"), "{message}");
    let settings = Settings::load(
        None,
        env(&[("PLANNER_DATABASE_URL", "postgres://u@h/db"), ("PLANNER_DATA_KEY", KEY)]),
    )
    .unwrap();
    let config = settings.store_config().unwrap();
    assert_eq!(config.reservation_ttl, chrono::Duration::minutes(10));
}

#[test]
fn identity_attribute_is_configurable_and_checked() {
    assert_eq!(
        Settings::load(None, env(&[])).unwrap().tls.identity_attribute,
        IdentityAttribute::SerialNumber
    );
    let settings =
        Settings::load(None, env(&[("PLANNER_TLS_IDENTITY_ATTRIBUTE", "organizationIdentifier")])).unwrap();
    assert_eq!(settings.tls.identity_attribute, IdentityAttribute::OrganizationIdentifier);
    let settings = with_toml("[tls]\nidentity_attribute = \"serialNumber\"\n").unwrap();
    assert_eq!(settings.tls.identity_attribute, IdentityAttribute::SerialNumber);
    let message = error_of(Settings::load(None, env(&[("PLANNER_TLS_IDENTITY_ATTRIBUTE", "CN")])));
    assert!(message.contains("PLANNER_TLS_IDENTITY_ATTRIBUTE") && message.contains("'CN'"), "{message}");
}
