//! The `mitra` command line.
//!
//! Temporary wiring of the platform subcommands on the `platform` branch; the lead merges it into
//! the real `main` (see the branch report).

mod serve;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Mitra: kemitraan UMKM dan pemilihan pemasok / UMKM partnerships and supplier selection.
#[derive(Debug, Parser)]
#[command(name = "mitra", version)]
struct Cli {
    /// Tanpa bilah kemajuan / no progress bars.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Jalankan aplikasi web / run the web application.
    Serve(serve::ServeArgs),
    /// Terapkan migrasi basis data / apply database migrations.
    Migrate(serve::MigrateArgs),
    /// Isi data demo / seed demo data.
    Demo(serve::DemoArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Serve(args) => serve::serve(args, cli.quiet),
        Command::Migrate(args) => serve::migrate(args),
        Command::Demo(args) => serve::demo(args, cli.quiet),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("galat / error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
