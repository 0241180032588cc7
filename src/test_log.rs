//! Test-only log capture for the library's unit tests: one process-wide logger that keeps the
//! lines logged on the current thread while [`capture`] runs there, so tests running in
//! parallel on other threads never see each other's lines.

use std::cell::RefCell;
use std::sync::Once;

thread_local! {
    static LINES: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

struct ThreadCapture;

impl log::Log for ThreadCapture {
    fn enabled(&self, _: &log::Metadata) -> bool {
        true
    }

    fn log(&self, record: &log::Record) {
        LINES.with(|lines| {
            if let Ok(mut lines) = lines.try_borrow_mut() {
                if let Some(lines) = lines.as_mut() {
                    lines.push(format!("{} {} {}", record.level(), record.target(), record.args()));
                }
            }
        });
    }

    fn flush(&self) {}
}

/// Runs `f` and returns its result with every line logged on this thread meanwhile, each as
/// `LEVEL target message`.
pub fn capture<T>(f: impl FnOnce() -> T) -> (T, Vec<String>) {
    begin();
    let result = f();
    (result, end())
}

/// Starts keeping the lines logged on this thread (for async tests on a one-thread runtime).
pub fn begin() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        if log::set_boxed_logger(Box::new(ThreadCapture)).is_ok() {
            log::set_max_level(log::LevelFilter::Trace);
        }
    });
    LINES.with(|lines| *lines.borrow_mut() = Some(Vec::new()));
}

/// Stops keeping lines and returns those kept since [`begin`].
pub fn end() -> Vec<String> {
    LINES.with(|lines| lines.borrow_mut().take()).unwrap_or_default()
}

/// True when `line` holds a CPR-shaped number: ten digits (or six, a hyphen and four) that are
/// not part of a longer run of letters or digits.
pub fn has_cpr_shape(line: &str) -> bool {
    let chars: Vec<char> = line.chars().collect();
    let boundary = |i: Option<usize>| i.and_then(|i| chars.get(i)).is_none_or(|c| !c.is_alphanumeric());
    (0..chars.len()).any(|start| {
        let digits = |range: std::ops::Range<usize>| {
            range.clone().all(|i| chars.get(i).is_some_and(char::is_ascii_digit))
        };
        let plain = digits(start..start + 10) && boundary(Some(start + 10));
        let hyphen = digits(start..start + 6)
            && chars.get(start + 6) == Some(&'-')
            && digits(start + 7..start + 11)
            && boundary(Some(start + 11));
        (plain || hyphen) && boundary(start.checked_sub(1))
    })
}

#[test]
fn finds_cpr_shapes_only() {
    for line in ["cpr=0101851234", "x 010185-1234 y", "0101851234"] {
        assert!(has_cpr_shape(line), "{line}");
    }
    for line in ["01018512345", "a0101851234", "id=3f1c-0101851234ab", "duration_ms=12", "0101851234x"] {
        assert!(!has_cpr_shape(line), "{line}");
    }
}
