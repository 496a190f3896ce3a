//! The real `mitra` binary run on files in a temporary directory.

mod ahp;
mod analysis;
mod architecture;
mod assess;
mod files;
mod methods;
mod rank;
mod selection;

use std::path::Path;
use std::process::{Command, Output};

/// Runs `mitra` with `args` in `dir`, with a neutral language environment.
pub fn mitra(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mitra"))
        .args(args)
        .current_dir(dir)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("MITRA_LANG")
        .output()
        .expect("mitra runs")
}

/// Runs `mitra rank FILE ARGS…` on `a` and on `b`: both succeed with the same output, returned.
pub fn same_ranking(dir: &Path, a: &str, b: &str, args: &[&str]) -> String {
    let run = |file: &str| {
        let mut all = vec!["rank", file];
        all.extend_from_slice(args);
        mitra(dir, &all)
    };
    let (x, y) = (run(a), run(b));
    assert!(x.status.success(), "{a}: {}", stderr(&x));
    assert!(y.status.success(), "{b}: {}", stderr(&y));
    assert_eq!(stdout(&x), stdout(&y), "{a} and {b} rank alike");
    stdout(&x)
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The repository's example folder.
pub fn examples() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}
