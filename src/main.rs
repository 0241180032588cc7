//! The `planner` binary: parse the command line, run it, turn the result into an exit code.
//!
//! Everything else lives in the library (`planner::cli::run`), so tests can reach it. Errors
//! are printed as one line (`error: ...` with the causes joined by `: `) and exit with 1;
//! clap exits with 2 on usage errors.

use std::process::ExitCode;

use clap::Parser;

/// `info` by default, TLS handshake chatter (`tls::CHATTY_LOG_TARGETS`) from `error`; `RUST_LOG`
/// overrides both.
fn init_logger() {
    let mut builder = env_logger::Builder::new();
    builder.filter_level(log::LevelFilter::Info);
    for target in planner::tls::CHATTY_LOG_TARGETS {
        builder.filter_module(target, log::LevelFilter::Error);
    }
    builder.parse_env(env_logger::Env::default()).init();
}

fn main() -> ExitCode {
    init_logger();
    let cli = planner::cli::Cli::parse();
    match planner::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let message = format!("{error:#}").replace(['\n', '\r'], " ");
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
