//! Scale of supplier selection: the registry filtered to 100,000 candidates, ranked by TOPSIS.
//!
//! Seeds a temporary SQLite database with N generated UMKM (the demo generator, N = 100,000 by
//! default or the first argument), opens an event through the API, adds the whole registry as
//! candidates (`POST …/candidates/registry`), gives every candidate a value on each of the 11
//! standard criteria (the store's `set_values`, one transaction), then measures in the same run:
//!
//! - **engine**: `Method::evaluate` (TOPSIS, ranks included) on the event's N × 11 matrix;
//! - **end to end**: `GET /api/selections/{id}/results?per_page=50` over HTTP against this
//!   release build of the server (in-process, real listener, real client);
//! - a breakdown of the end-to-end path, in-process: loading the ranking rows, building the
//!   matrix, the analyses, the view and its JSON (and, for comparison, loading the candidates
//!   whole as the pages that list them do).
//!
//! Run: `cargo bench -p mitra-server --bench selection` (or `… -- 200000`). Each figure is the
//! median of several runs after a warm-up.

use std::time::{Duration, Instant};

use mitra_core::access::Actor;
use mitra_core::selection::problem;
use mitra_core::selection::store::SelectionStore;
use mitra_core::selection::{CriterionValue, ValueSource};
use mitra_core::user::{Email, NewAccount, Role};
use mitra_core::Store;
use mitra_decide::Method;
use mitra_server::{auth, selection, AppState, Application, Config, HashCost};
use serde_json::{json, Value};

const PASSWORD: &str = "kata sandi bench 123";
const RUNS: usize = 7;

/// CPU seconds used so far by this process, all threads (Linux `/proc/self/stat`, 100 Hz
/// ticks): the machine is shared, so wall time alone would measure the neighbours too.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses): utime is the 12th, stime 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0
}

/// Wall-clock median and mean CPU time per run.
#[derive(Clone, Copy)]
struct Timing {
    wall: Duration,
    cpu: f64,
}

/// Median of `RUNS` timed runs of `f` after one warm-up run.
async fn median<F, Fut, T>(mut f: F) -> (Timing, T)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let mut last = f().await;
    let mut times = Vec::with_capacity(RUNS);
    let cpu = cpu_seconds();
    for _ in 0..RUNS {
        let start = Instant::now();
        last = f().await;
        times.push(start.elapsed());
    }
    let cpu = (cpu_seconds() - cpu) / RUNS as f64;
    times.sort();
    (Timing { wall: times[RUNS / 2], cpu }, last)
}

/// Median of `RUNS` timed runs of `f` after one warm-up run.
fn median_sync<T>(mut f: impl FnMut() -> T) -> (Timing, T) {
    let mut last = f();
    let mut times = Vec::with_capacity(RUNS);
    let cpu = cpu_seconds();
    for _ in 0..RUNS {
        let start = Instant::now();
        last = f();
        times.push(start.elapsed());
    }
    let cpu = (cpu_seconds() - cpu) / RUNS as f64;
    times.sort();
    (Timing { wall: times[RUNS / 2], cpu }, last)
}

fn ms(t: Timing) -> String {
    format!("{:>8.1} ms wall {:>8.0} ms CPU", t.wall.as_secs_f64() * 1e3, t.cpu * 1e3)
}

/// A deterministic stream of numbers in [0, 1).
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> f64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn main() {
    let n: u64 =
        std::env::args().skip(1).find_map(|a| a.replace('_', "").parse().ok()).unwrap_or(100_000);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    rt.block_on(run(n));
}

async fn run(n: u64) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("bench.db").display());
    let config = Config {
        database_url: url,
        listen: "127.0.0.1:0".into(),
        hash_cost: HashCost::TEST,
        ..Config::default()
    };
    let app = Application::build(config.clone()).await.expect("server");
    let base = format!("http://{}", app.local_addr());
    let db = app.db().clone();
    let state = AppState::new(db.clone(), config).await.expect("state");

    // The buyer and N UMKM.
    let t = Instant::now();
    let now = mitra_server::clock::now();
    let buyer_org = mitra_core::organisation::OrganisationDraft {
        legal_name: "PT Pembeli Bench".into(),
        owner_name: "Pemilik".into(),
        contact_phone: "0812 6000 1234".into(),
        regency: "1275".into(),
        sector: "processed_food".into(),
        products: "kopi".into(),
        workers: "50".into(),
        business_capital: "20.000.000.000".into(),
        annual_sales: "60.000.000.000".into(),
        ..Default::default()
    }
    .parse(mitra_core::organisation::OrganisationKind::Buyer)
    .expect("buyer");
    let buyer_id = db.create_organisation(&buyer_org, now).await.expect("buyer");
    let hash = auth::hash_password(PASSWORD, HashCost::TEST).await.expect("hash");
    let user_id = db
        .create_account(
            &NewAccount {
                email: Email::parse("buyer@bench.example").expect("email"),
                display_name: "Pembeli".into(),
                role: Role::BuyerUser,
                organisation_id: Some(buyer_id),
                password_hash: hash,
            },
            now,
        )
        .await
        .expect("account");
    mitra_server::demo::seed_umkm(&db, n, 7, |_| {}).await.expect("seed UMKM");
    eprintln!("seeded {n} UMKM in {:.1} s", t.elapsed().as_secs_f64());

    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async {
        let _ = rx.await;
    }));
    let http = reqwest::Client::builder().cookie_store(true).build().expect("client");
    let login: Value = http
        .post(format!("{base}/api/session"))
        .json(&json!({"email": "buyer@bench.example", "password": PASSWORD}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("login body");
    let csrf = login["csrf_token"].as_str().expect("csrf").to_owned();
    let post = |path: String, body: Value| {
        http.post(format!("{base}{path}")).header("x-csrf-token", &csrf).json(&body).send()
    };

    // The event, the registry as candidates, values on every criterion.
    let r = post(
        "/api/selections".into(),
        json!({"title": "Kopi 2027", "product": "kopi", "quantity": "100000", "unit": "kg",
            "pattern": "rantai_pasok"}),
    )
    .await
    .expect("create");
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.expect("id")["id"].as_i64().expect("id");
    let t = Instant::now();
    let r = post(format!("/api/selections/{id}/candidates/registry"), json!({}))
        .await
        .expect("registry");
    let added = r.json::<Value>().await.expect("added")["added"].as_u64();
    assert_eq!(added, Some(n), "the registry filtered to {n} candidates");
    eprintln!("added {n} candidates in {:.1} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let criteria = db.criteria(id).await.expect("criteria");
    let candidates = db.candidates(id).await.expect("candidates");
    let mut noise = Noise(0x9E37_79B9_7F4A_7C15);
    let mut changes = Vec::with_capacity(candidates.len() * criteria.len());
    for c in &candidates {
        for k in &criteria {
            let (value, source) = match k.key.as_str() {
                "price" => ((20_000.0 + 30_000.0 * noise.next()).round(), ValueSource::Entered),
                "on_time" | "quality" => (60.0 + 40.0 * noise.next(), ValueSource::Entered),
                _ => ((100.0 * noise.next()).round(), ValueSource::Buyer),
            };
            changes.push((
                c.organisation_id,
                k.key.clone(),
                Some(CriterionValue { value, source }),
            ));
        }
    }
    db.set_values(id, &changes).await.expect("values");
    eprintln!("set {} values in {:.1} s", changes.len(), t.elapsed().as_secs_f64());

    // (a) The engine alone on the event's own matrix.
    let candidates = db.candidates(id).await.expect("candidates");
    let built = problem::build(&criteria, &candidates).expect("rankable");
    let weights = problem::direct_weights(&criteria).expect("weights");
    let topsis = Method::default_for("topsis", criteria.len()).expect("topsis");
    let (engine, evaluation) =
        median_sync(|| topsis.evaluate(&built.matrix, &weights).expect("evaluate"));

    // (b) End to end over HTTP.
    let url = format!("{base}/api/selections/{id}/results?per_page=50");
    let (client, url) = (&http, &url);
    let (http_time, body) = median(move || async move {
        let r = client.get(url).send().await.expect("results");
        assert_eq!(r.status(), 200);
        r.bytes().await.expect("body")
    })
    .await;
    let body: Value = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(body["total"].as_u64(), Some(n));
    assert_eq!(body["rows"].as_array().map(Vec::len), Some(50));
    let winner = evaluation.winner();
    assert_eq!(
        body["rows"][0]["score"].as_f64().map(f64::to_bits),
        Some(evaluation.scores[winner].to_bits()),
        "the page's best score is the engine's"
    );

    // Breakdown, in-process.
    let actor = Actor {
        user_id,
        role: Role::BuyerUser,
        organisation_id: Some(buyer_id),
        province_code: Some("12".into()),
    };
    let store = &db;
    let (load, _) =
        median(move || async move { store.candidates(id).await.expect("candidates") }).await;
    let criteria = &criteria;
    let (load_rows, rows) =
        median(
            move || async move { store.ranking_rows(id, criteria).await.expect("ranking rows") },
        )
        .await;
    let (build_rows, _) =
        median_sync(|| problem::build_from_rows(criteria, rows.clone()).expect("build"));
    let (build, _) = median_sync(|| problem::build(criteria, &candidates).expect("build"));
    let (analyse, analysis) =
        median_sync(|| problem::analyse(&built, &topsis, &weights).expect("analyse"));
    let (state, actor) = (&state, &actor);
    let (results, res) = median(move || async move {
        selection::results(state, actor, id, 1, 50).await.expect("results")
    })
    .await;
    let (view, _) =
        median_sync(|| serde_json::to_vec(&res.view(mitra_core::Lang::Id)).expect("json"));

    let ratio = http_time.wall.as_secs_f64() / engine.wall.as_secs_f64();
    println!(
        "supplier selection, {n} candidates × {} criteria, TOPSIS (median of {RUNS})",
        criteria.len()
    );
    println!("  engine alone (Method::evaluate, scores + ranks)   {}", ms(engine));
    println!(
        "  end to end: GET …/results?per_page=50 over HTTP  {}  ({ratio:.1}× the engine)",
        ms(http_time)
    );
    println!("  breakdown (in-process):");
    println!("    load ranking rows (SQL + decode)               {}", ms(load_rows));
    println!("    build the matrix from them                     {}", ms(build_rows));
    println!(
        "    (whole candidates, as pages listing them load: {} — build {})",
        ms(load),
        ms(build)
    );
    println!(
        "    analyses ({} method(s) compared)               {}",
        analysis.comparison.as_ref().map_or(1, |c| c.evaluations.len()),
        ms(analyse)
    );
    println!("    selection::results (all of the above)         {}", ms(results));
    println!("    view of page 1 + JSON                          {}", ms(view));
    let load_average = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("  load average during the run: {}", load_average.trim());
    let _ = tx.send(());
    let _ = server.await;
}
