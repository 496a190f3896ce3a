//! Progress bars on stderr for work that takes a while; `--quiet` turns them off.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Inputs smaller than this finish in well under a second: no bar.
const MIN_BYTES_FOR_BAR: u64 = 4 * 1024 * 1024;

/// Whether and how to show progress.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    quiet: bool,
}

impl Progress {
    /// `quiet` hides every bar.
    pub fn new(quiet: bool) -> Self {
        Self { quiet }
    }

    /// A byte-count bar for reading `total` bytes (hidden when quiet, small, or not a terminal).
    pub fn bar(&self, total: u64, what: &str) -> ProgressBar {
        if self.quiet || total < MIN_BYTES_FOR_BAR {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{msg} [{bar:30}] {binary_bytes}/{binary_total_bytes} {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar.set_message(what.to_string());
        bar
    }

    /// A spinner for work of unknown length (SMAA, sensitivity); it appears only if the work
    /// lasts over a second.
    pub fn spinner(&self, what: &str) -> ProgressBar {
        if self.quiet {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(what.to_string());
        bar.enable_steady_tick(std::time::Duration::from_secs(1));
        bar
    }
}
