//! The `planner` binary: parse the command line, run it, turn the result into an exit code.
//!
//! Everything else lives in the library (`planner::cli::run`), so tests can reach it. Errors
//! are printed as one line (`error: ...` with the causes joined by `: `) and exit with 1;
//! clap exits with 2 on usage errors.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
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
