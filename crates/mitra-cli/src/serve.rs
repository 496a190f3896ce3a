//! `mitra serve`, `mitra migrate` and `mitra demo`: the platform's subcommands.
//!
//! Every option is also an `MITRA_…` environment variable (flags, environment and `--help` are
//! one thing). These functions only turn arguments into a `mitra_server::Config`, start a tokio
//! runtime and report; the work is in `mitra-server` and `mitra-store`.

use std::time::Instant;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use mitra_server::demo::{seed_umkm, seed_world, SeededAccount};
use mitra_server::{Application, Config, HashCost};
use mitra_store::Db;

/// Default number of generated UMKM for `mitra demo` and `mitra serve --demo`.
pub const DEFAULT_DEMO_UMKM: u64 = 3_000;

/// Options of `mitra serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Basis data / database: sqlite:PATH (dibuat bila belum ada / created if missing) or postgres://…
    #[arg(long, env = "MITRA_DATABASE_URL", default_value = mitra_store::DEFAULT_DATABASE_URL)]
    pub database_url: String,
    /// Alamat / address to listen on.
    #[arg(long, env = "MITRA_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Isi data demo bila kosong dan cetak akun demo / seed demo data if absent and print the demo accounts.
    #[arg(long, env = "MITRA_DEMO")]
    pub demo: bool,
    /// Jumlah UMKM demo / number of generated UMKM when seeding the demo.
    #[arg(long, env = "MITRA_DEMO_UMKM", default_value_t = DEFAULT_DEMO_UMKM)]
    pub demo_umkm: u64,
    /// Selalu cookie Secure (HTTPS lewat proksi yang tidak tercantum di --trusted-proxy) / always
    /// mark cookies Secure; behind a trusted proxy they follow its X-Forwarded-Proto anyway.
    #[arg(long, env = "MITRA_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Koneksi terbuka paling banyak / most open connections, from everyone together.
    #[arg(long, env = "MITRA_MAX_CONNECTIONS", default_value_t = mitra_server::ConnectionLimits::default().max_connections)]
    pub max_connections: usize,
    /// Koneksi terbuka paling banyak per alamat klien / most open connections per client address
    /// (trusted proxies excepted).
    #[arg(long, env = "MITRA_MAX_CONNECTIONS_PER_CLIENT", default_value_t = mitra_server::ConnectionLimits::default().max_per_client)]
    pub max_connections_per_client: usize,
    /// Masa berlaku sesi (jam) / session lifetime in hours.
    #[arg(long, env = "MITRA_SESSION_HOURS", default_value_t = 12)]
    pub session_hours: i64,
    /// Proksi balik tepercaya (alamat IP, dipisah koma) / trusted reverse proxies (IP addresses,
    /// comma-separated): behind them the login rate limit uses the X-Forwarded-For client.
    #[arg(long, env = "MITRA_TRUSTED_PROXY", value_delimiter = ',')]
    pub trusted_proxy: Vec<std::net::IpAddr>,
}

/// Options of `mitra migrate`.
#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// Basis data / database: sqlite:PATH or postgres://…
    #[arg(long, env = "MITRA_DATABASE_URL", default_value = mitra_store::DEFAULT_DATABASE_URL)]
    pub database_url: String,
}

/// Options of `mitra demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Basis data / database: sqlite:PATH or postgres://…
    #[arg(long, env = "MITRA_DATABASE_URL", default_value = mitra_store::DEFAULT_DATABASE_URL)]
    pub database_url: String,
    /// Jumlah UMKM yang dibuat / number of UMKM to generate (North Sumatra had 2,867,908 in 2018).
    #[arg(long, default_value_t = DEFAULT_DEMO_UMKM)]
    pub umkm: u64,
    /// Benih acak / random seed (same seed, same data).
    #[arg(long, env = "MITRA_DEMO_SEED", default_value_t = mitra_core::demo::DEFAULT_SEED)]
    pub seed: u64,
}

pub(crate) fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")
}

fn init_logging() {
    let _ = tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::INFO)
        .with_writer(std::io::stderr)
        .try_init();
}

pub(crate) async fn open(url: &str) -> anyhow::Result<Db> {
    let db = Db::connect(url).await.with_context(|| format!("opening {url}"))?;
    db.migrate().await.with_context(|| format!("migrating {url}"))?;
    Ok(db)
}

fn print_accounts(accounts: &[SeededAccount]) {
    println!("Akun demo / demo accounts:");
    for a in accounts {
        let password = a.password.as_deref().unwrap_or(
            "(kata sandi saat pertama dibuat / the password printed when it was first seeded)",
        );
        println!("  {:<20} {:<40} {password}", a.role.key(), a.email);
    }
}

fn progress_bar(total: u64, quiet: bool) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(
        Some(total),
        if quiet { ProgressDrawTarget::hidden() } else { ProgressDrawTarget::stderr() },
    );
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} UMKM  {per_sec}  ETA {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// Seeds the world and, when it was new, `umkm` generated UMKM.
async fn seed(db: &Db, umkm: u64, seed: u64, quiet: bool, always_umkm: bool) -> anyhow::Result<()> {
    let world = seed_world(db, HashCost::default()).await.context("seeding the demo world")?;
    if world.created || always_umkm {
        let bar = progress_bar(umkm, quiet);
        let started = Instant::now();
        let added = seed_umkm(db, umkm, seed, |done| bar.set_position(done))
            .await
            .context("generating UMKM")?;
        bar.finish_and_clear();
        if !quiet {
            eprintln!(
                "{added} UMKM ditambahkan / added in {:.1} s ({} organisasi / organisations in all)",
                started.elapsed().as_secs_f64(),
                db.count_organisations().await.unwrap_or(0)
            );
        }
    }
    print_accounts(&world.accounts);
    Ok(())
}

/// `mitra serve`.
pub fn serve(args: &ServeArgs, quiet: bool) -> anyhow::Result<()> {
    init_logging();
    runtime()?.block_on(async {
        let db = open(&args.database_url).await?;
        if args.demo {
            seed(&db, args.demo_umkm, mitra_core::demo::DEFAULT_SEED, quiet, false).await?;
        }
        let config = Config {
            database_url: args.database_url.clone(),
            listen: args.listen.clone(),
            secure_cookies: args.secure_cookies,
            session_ttl_secs: args.session_hours.max(1) * 3600,
            trusted_proxies: args.trusted_proxy.clone(),
            connections: mitra_server::ConnectionLimits {
                max_connections: args.max_connections.max(1),
                max_per_client: args.max_connections_per_client.max(1),
                ..mitra_server::ConnectionLimits::default()
            },
            ..Config::default()
        };
        let app = Application::build_with_db(config, db).await?;
        println!("Mitra: http://{}", app.local_addr());
        app.run_until_stopped().await?;
        Ok(())
    })
}

/// `mitra migrate`.
pub fn migrate(args: &MigrateArgs) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        open(&args.database_url).await?;
        println!("Migrasi selesai / migrations applied: {}", args.database_url);
        Ok(())
    })
}

/// `mitra demo`.
pub fn demo(args: &DemoArgs, quiet: bool) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        let db = open(&args.database_url).await?;
        seed(&db, args.umkm, args.seed, quiet, true).await
    })
}
