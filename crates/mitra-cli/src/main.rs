//! `mitra` — the command line of Mitra.
//!
//! `main` only parses arguments, picks the language and maps errors to exit codes: 0 success,
//! 2 bad input, 1 any other failure. Each subcommand lives in its own module.

mod ahp;
mod analysis;
mod assess;
mod error;
mod input;
mod lang;
mod method_args;
mod output;
mod pairwise_input;
mod progress;
mod rank;
mod serve;
mod survey_input;

use clap::{Parser, Subcommand};
use error::CliError;
use std::process::ExitCode;

/// Mitra: kemitraan UMKM dan pemilihan pemasok / UMKM partnerships and supplier selection.
#[derive(Debug, Parser)]
#[command(name = "mitra", version)]
struct Cli {
    /// Bahasa pesan / message language (default: from LANG, Indonesian when unset).
    #[arg(long, global = true, value_enum, env = "MITRA_LANG")]
    lang: Option<lang::LangArg>,
    /// Tanpa bilah kemajuan / no progress bars.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Urutkan alternatif dari berkas CSV/XLSX / rank the alternatives of a CSV/XLSX file.
    Rank(Box<rank::RankArgs>),
    /// Bobot AHP dari perbandingan berpasangan / AHP weights from pairwise comparisons.
    Ahp(crate::ahp::AhpArgs),
    /// Penilaian: skor survei dan reliabilitas / assessments: survey scores and reliability.
    Assess(assess::AssessArgs),
    /// Jalankan aplikasi web / run the web application.
    Serve(serve::ServeArgs),
    /// Terapkan migrasi basis data / apply database migrations.
    Migrate(serve::MigrateArgs),
    /// Isi data demo / seed demo data.
    Demo(serve::DemoArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = lang::detect(cli.lang);
    let progress = progress::Progress::new(cli.quiet);
    let result = match &cli.command {
        Command::Rank(args) => rank::run(args, lang, progress),
        Command::Ahp(args) => ahp::run(args, lang),
        Command::Assess(args) => assess::run(args, lang),
        Command::Serve(args) => serve::serve(args, cli.quiet).map_err(CliError::Runtime),
        Command::Migrate(args) => serve::migrate(args).map_err(CliError::Runtime),
        Command::Demo(args) => serve::demo(args, cli.quiet).map_err(CliError::Runtime),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}: {}", lang.pick("galat", "error"), e.message(lang));
            ExitCode::from(e.exit_code())
        }
    }
}
