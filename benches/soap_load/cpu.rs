//! Server CPU per request (issue 19): the user and system time of a server process, read from
//! `/proc/PID/stat` (fields 14 and 15, in clock ticks, summed over all its threads, living and
//! ended) before and after a measured phase, divided by the requests the phase completed.
//! A tick is 10 ms; a phase of several seconds at thousands of requests per second makes that
//! resolution a small fraction of the figure.
//!
//! Server memory (issue 19): the peak resident set (`VmHWM`) and the resident set now (`VmRSS`)
//! of a server process, read from `/proc/PID/status` (in kB, that is KiB).

use super::*;

/// A process whose CPU time can be read.
#[derive(Debug, Clone, Copy)]
pub(super) struct CpuMeter {
    pid: u32,
    ticks_per_second: f64,
}

impl CpuMeter {
    /// Meters process `pid`; clock ticks per second come from `getconf CLK_TCK` (100 if unknown).
    pub(super) fn new(pid: u32) -> anyhow::Result<Self> {
        let ticks_per_second = Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|out| String::from_utf8(out.stdout).ok())
            .and_then(|text| text.trim().parse::<f64>().ok())
            .filter(|ticks| *ticks > 0.0)
            .unwrap_or(100.0);
        let meter = Self { pid, ticks_per_second };
        meter.seconds().with_context(|| format!("cannot read the CPU time of process {pid}"))?;
        Ok(meter)
    }

    /// The process's CPU time so far (user + system), in seconds.
    pub(super) fn seconds(&self) -> anyhow::Result<f64> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid))?;
        // The command name (field 2) is in parentheses and may hold spaces: count after it.
        let rest = stat.rsplit_once(')').map(|(_, rest)| rest).context("unexpected /proc stat")?;
        let fields: Vec<&str> = rest.split_whitespace().collect();
        // `rest` starts with field 3 (state): utime (14) and stime (15) are its 12th and 13th.
        let ticks = |index: usize| -> anyhow::Result<f64> {
            Ok(fields.get(index).context("short /proc stat")?.parse::<f64>()?)
        };
        Ok((ticks(11)? + ticks(12)?) / self.ticks_per_second)
    }
}

/// CPU seconds spent by `meter`'s process during one phase.
pub(super) struct CpuSpan<'a> {
    meter: Option<&'a CpuMeter>,
    start: f64,
}

impl<'a> CpuSpan<'a> {
    /// Starts a span (nothing is measured without a meter).
    pub(super) fn start(meter: Option<&'a CpuMeter>) -> Self {
        let start = meter.and_then(|m| m.seconds().ok()).unwrap_or(f64::NAN);
        Self { meter, start }
    }

    /// Microseconds of CPU per unit of work since the start (NaN without a meter).
    pub(super) fn micros_per(&self, units: usize) -> f64 {
        let Some(meter) = self.meter else { return f64::NAN };
        let end = meter.seconds().unwrap_or(f64::NAN);
        if units == 0 {
            return f64::NAN;
        }
        (end - self.start) * 1e6 / units as f64
    }
}

/// A process's memory as `/proc/PID/status` gives it, in kB (KiB).
#[derive(Debug, Clone, Copy)]
pub(super) struct Memory {
    /// The peak resident set size so far (`VmHWM`).
    pub(super) hwm_kb: u64,
    /// The resident set size now (`VmRSS`).
    pub(super) rss_kb: u64,
}

impl Memory {
    /// Reads process `pid`'s `VmHWM` and `VmRSS`.
    pub(super) fn read(pid: u32) -> anyhow::Result<Self> {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
            .with_context(|| format!("cannot read the memory of process {pid}"))?;
        let field = |name: &str| -> anyhow::Result<u64> {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name)?.strip_prefix(':'))
                .and_then(|value| value.trim().strip_suffix("kB"))
                .and_then(|kb| kb.trim().parse().ok())
                .with_context(|| format!("/proc/{pid}/status has no {name}"))
        };
        Ok(Self { hwm_kb: field("VmHWM")?, rss_kb: field("VmRSS")? })
    }

    /// `VmHWM=... kB (... MiB) VmRSS=... kB (... MiB)`.
    pub(super) fn figures(&self) -> String {
        let mib = |kb: u64| kb as f64 / 1024.0;
        format!(
            "VmHWM={} kB ({:.1} MiB) VmRSS={} kB ({:.1} MiB)",
            self.hwm_kb,
            mib(self.hwm_kb),
            self.rss_kb,
            mib(self.rss_kb)
        )
    }
}
