//! Running the built `planner` binary from tests: in a directory of the test's own, with no `PLANNER_*` variable of the caller's environment
//! leaking in, and the checks every command test makes (success, the one-line error).

use std::path::Path;
use std::process::{Command, Output};

/// The binary as a command in `directory`, logging at `log_level`, without inherited
/// `PLANNER_*` variables.
pub fn command(directory: &Path, log_level: &str) -> Command {
    let mut command = clean();
    command.current_dir(directory).env("RUST_LOG", log_level);
    command
}

/// The binary as a command without the caller's `PLANNER_*` variables, and with everything else
/// (the clock runs' libfaketime variables must reach the binary).
pub fn clean() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_planner"));
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("PLANNER_") {
            command.env_remove(name);
        }
    }
    // The people listener's default port would be shared by tests running side by side.
    command.env("PLANNER_WEB_LISTEN", "127.0.0.1:0");
    command
}

/// Runs `planner ARGS...` in `directory` (warnings only) to completion.
pub fn run(directory: &Path, args: &[&str]) -> Output {
    command(directory, "warn").args(args).output().expect("run the planner binary")
}

/// Asserts success and returns stdout.
#[track_caller]
pub fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Asserts a failure whose stderr, warnings aside, is one line starting with `error: `; returns it.
#[track_caller]
pub fn one_line_error(output: &Output) -> String {
    assert!(!output.status.success(), "expected a failure");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.contains(" WARN ")).collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(lines[0].starts_with("error: "), "{stderr}");
    lines[0].to_owned()
}
