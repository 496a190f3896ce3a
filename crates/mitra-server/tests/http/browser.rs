//! A real browser (headless Chromium through chromedriver) uses Mitra as people do: logs in as
//! each role, switches language, registers an UMKM, proposes a partnership and sees it from both
//! sides. Screenshots go to `target/test-artifacts/`. A missing browser fails the test: install
//! Debian's `chromium` and `chromium-driver`.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

use crate::common::{spawn, PASSWORD};

/// Ends chromedriver however the test ends.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

fn artifacts() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/test-artifacts");
    std::fs::create_dir_all(&dir).expect("artifact directory");
    dir
}

/// Width of the emulated phone, in CSS pixels.
const PHONE_WIDTH: f64 = 360.0;

/// Starts Chromium. With `phone`, the page is laid out for a 360-px phone through chromedriver's
/// mobile emulation: headless Chromium keeps its *window* at least 500 px wide whatever
/// `--window-size` says, but the emulated device metrics set the viewport itself.
async fn start_browser(profile: &std::path::Path, phone: bool) -> (Driver, Client) {
    let driver_bin =
        std::env::var("MITRA_CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    let chromium = std::env::var("MITRA_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        std::path::Path::new(&chromium).exists(),
        "Chromium is required for the browser test and is missing at {chromium}: apt-get install chromium chromium-driver"
    );
    let port = free_port();
    let child = Command::new(&driver_bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("chromedriver is required for the browser test ({driver_bin}): {e}")
        });
    let driver = Driver(child);
    let mut caps = serde_json::Map::new();
    let mut options = serde_json::json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--window-size=360,800",
                format!("--user-data-dir={}", profile.display()),
            ]
    });
    if phone {
        options["mobileEmulation"] = serde_json::json!({
            "deviceMetrics": {"width": PHONE_WIDTH as u32, "height": 740, "pixelRatio": 2.0, "touch": true}
        });
    }
    caps.insert("goog:chromeOptions".into(), options);
    let url = format!("http://127.0.0.1:{port}");
    let mut last = None;
    for _ in 0..50 {
        match ClientBuilder::new(HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(c) => return (driver, c),
            Err(e) => last = Some(e),
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("could not start a browser session: {last:?}");
}

async fn shot(c: &Client, name: &str) {
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(artifacts().join(format!("{name}.png")), png).expect("write screenshot");
}

async fn fill(c: &Client, id: &str, value: &str) {
    let e = c.find(Locator::Id(id)).await.unwrap_or_else(|e| panic!("field {id}: {e}"));
    e.clear().await.ok();
    e.send_keys(value).await.expect("type");
}

async fn select(c: &Client, id: &str, value: &str) {
    let e = c.find(Locator::Id(id)).await.unwrap_or_else(|e| panic!("select {id}: {e}"));
    e.select_by_value(value).await.expect("select");
}

async fn submit(c: &Client, form: &str) {
    c.find(Locator::Css(&format!("{form} button[type=submit]")))
        .await
        .expect("submit button")
        .click()
        .await
        .expect("click");
}

/// Waits (up to 15 s, for a loaded machine) until the page shows `text`; returns the page.
async fn wait_for(c: &Client, text: &str) -> String {
    let mut page = String::new();
    for _ in 0..75 {
        page = c.source().await.unwrap_or_default();
        if page.contains(text) {
            return page;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("the page never showed {text:?}; it showed:\n{page}");
}

async fn login(c: &Client, base: &str, email: &str, password: &str) {
    c.goto(&format!("{base}/login")).await.expect("login page");
    fill(c, "email", email).await;
    fill(c, "password", password).await;
    submit(c, "form[action='/login']").await;
    wait_for(c, "action=\"/logout\"").await;
    let url = c.current_url().await.expect("url");
    assert!(url.path().starts_with("/dashboard"), "{email} landed on {url}");
}

async fn logout(c: &Client) {
    submit(c, "form[action='/logout']").await;
    wait_for(c, "action=\"/login\"").await;
}

/// The page really is laid out at phone width and does not scroll sideways.
async fn assert_fits_phone(c: &Client) {
    let sizes = c
        .execute("return [window.innerWidth, document.documentElement.scrollWidth]", vec![])
        .await
        .expect("viewport");
    let viewport = sizes[0].as_f64().expect("width");
    let scroll = sizes[1].as_f64().expect("scroll width");
    assert_eq!(viewport, PHONE_WIDTH, "the page is laid out for a 360-px phone");
    assert!(scroll <= viewport, "no sideways scrolling: {scroll} > {viewport}");
}

async fn body(c: &Client) -> String {
    c.source().await.expect("page source")
}

#[tokio::test]
async fn a_browser_uses_mitra_in_every_role() {
    let app = spawn().await;
    let base = app.base.clone();
    let profile = tempfile::tempdir().expect("profile dir");
    let (_driver, c) = start_browser(profile.path(), false).await;

    // Every role lands on its dashboard.
    for (email, name) in [
        ("a@test.example", "supplier"),
        ("x@test.example", "buyer"),
        ("officer@test.example", "institution"),
        ("admin@test.example", "admin"),
    ] {
        login(&c, &base, email, PASSWORD).await;
        wait_for(&c, "Selamat datang").await;
        shot(&c, &format!("dashboard-{name}")).await;
        logout(&c).await;
    }

    // The language switch sticks across pages.
    c.goto(&format!("{base}/login")).await.unwrap();
    c.find(Locator::Css("a.lang")).await.unwrap().click().await.unwrap();
    wait_for(&c, "Log in to Mitra").await;
    c.goto(&format!("{base}/register")).await.unwrap();
    assert!(body(&c).await.contains("Register your UMKM"));
    shot(&c, "register-en").await;

    // Register an UMKM (a mistake first: the form keeps what was typed).
    fill(&c, "display_name", "Dame Tarigan").await;
    fill(&c, "email", "dame@test.example").await;
    fill(&c, "password", "sirup markisa enak").await;
    fill(&c, "password_confirm", "sirup markisa enak").await;
    fill(&c, "legal_name", "Sirup Markisa Sibayak").await;
    fill(&c, "owner_name", "Dame Tarigan").await;
    fill(&c, "nib", "123").await;
    select(&c, "regency", "1211").await;
    select(&c, "sector", "processed_food").await;
    fill(&c, "products", "sirup markisa").await;
    fill(&c, "business_capital", "200.000.000").await;
    fill(&c, "annual_sales", "500.000.000").await;
    submit(&c, "form[action='/register']").await;
    let page = wait_for(&c, "An NIB has 13 digits.").await;
    assert!(page.contains("Sirup Markisa Sibayak"));
    shot(&c, "register-rejected").await;
    fill(&c, "nib", "").await;
    fill(&c, "password", "sirup markisa enak").await;
    fill(&c, "password_confirm", "sirup markisa enak").await;
    submit(&c, "form[action='/register']").await;
    wait_for(&c, "Registration complete").await;
    shot(&c, "registered").await;
    let org_link = c.find(Locator::Css("section.card a[href^='/organisations/']")).await.unwrap();
    let href = org_link.attr("href").await.unwrap().expect("profile link");
    let umkm_id = href.trim_start_matches("/organisations/").to_owned();
    logout(&c).await;

    // The buyer proposes a partnership to the new UMKM from its profile page.
    login(&c, &base, "x@test.example", PASSWORD).await;
    c.goto(&format!("{base}/organisations/{umkm_id}")).await.unwrap();
    c.find(Locator::Css("a[href^='/partnerships/new']"))
        .await
        .expect("propose link")
        .click()
        .await
        .unwrap();
    select(&c, "pattern", "subkontrak").await;
    select(&c, "contract_style", "long_term").await;
    c.find(Locator::Id("scope-processing")).await.unwrap().click().await.unwrap();
    fill(&c, "ji_purpose", "mesin pengisi botol").await;
    fill(&c, "ji_amount", "30.000.000").await;
    fill(&c, "ji_buyer_share_pct", "60").await;
    submit(&c, "form[action='/partnerships/new']").await;
    let page = wait_for(&c, "partnership proposal has been sent").await;
    assert!(page.contains("Sirup Markisa Sibayak"), "{page}");
    let partnership_url = c.current_url().await.unwrap();
    shot(&c, "partnership-buyer").await;
    logout(&c).await;

    // The UMKM sees it and accepts it; the buyer then sees it active.
    login(&c, &base, "dame@test.example", "sirup markisa enak").await;
    c.goto(&format!("{base}/partnerships")).await.unwrap();
    assert!(body(&c).await.contains("PT Sawit X"));
    c.goto(partnership_url.as_str()).await.unwrap();
    select(&c, "status", "active").await;
    submit(&c, "form[action$='/status']").await;
    wait_for(&c, "The status has been changed.").await;
    shot(&c, "partnership-supplier").await;
    logout(&c).await;
    login(&c, &base, "x@test.example", PASSWORD).await;
    c.goto(partnership_url.as_str()).await.unwrap();
    assert!(body(&c).await.contains("status-active"));
    shot(&c, "partnership-active").await;

    c.close().await.expect("close the browser");
    app.stop().await;
}

#[tokio::test]
async fn a_supplier_takes_the_readiness_assessment_on_a_phone() {
    let app = spawn().await;
    let base = app.base.clone();
    let profile = tempfile::tempdir().expect("profile dir");
    let (_driver, c) = start_browser(profile.path(), true).await;
    login(&c, &base, "a@test.example", PASSWORD).await;
    c.find(Locator::Css("a[href='/readiness']"))
        .await
        .expect("readiness link")
        .click()
        .await
        .unwrap();
    assert!(body(&c).await.contains("Penilaian kesiapan kemitraan"));
    // Tap one answer per question (labels are the tap targets), save, come back, submit.
    for (n, key) in [
        "jp1", "jp2", "oc1", "oc2", "cm1", "cm2", "tr1", "tr2", "co1", "co2", "cs1", "cs2", "sc1",
        "sc2", "ji1", "ji2",
    ]
    .iter()
    .enumerate()
    {
        let value = n % 5 + 1;
        c.find(Locator::Css(&format!("label[for='{key}-{value}']")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }
    shot(&c, "readiness-form-360").await;
    c.find(Locator::Css("form.assess button[value='save']")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("p.notice")).await.expect("saved notice");
    assert!(body(&c).await.contains("Jawaban Anda sudah disimpan"));
    c.find(Locator::Css("form.assess button[value='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let chart = c.wait().for_element(Locator::Css("svg.radar")).await.expect("radar chart");
    let page = body(&c).await;
    assert!(page.contains("Hasil penilaian kesiapan"), "{page}");
    let (_, _, width, _) = chart.rectangle().await.expect("chart size");
    assert_fits_phone(&c).await;
    assert!(width > 200.0 && width <= PHONE_WIDTH, "the chart fits: {width} of {PHONE_WIDTH}");
    shot(&c, "readiness-results-360").await;
    c.close().await.expect("close the browser");
    app.stop().await;
}

/// Taps one answer per listed item (labels are the tap targets): `value(n)` for the n-th.
async fn tap_answers(c: &Client, keys: &[&str], value: impl Fn(usize) -> usize) {
    for (n, key) in keys.iter().enumerate() {
        c.find(Locator::Css(&format!("label[for='{key}-{}']", value(n))))
            .await
            .unwrap_or_else(|e| panic!("answer {key}: {e}"))
            .click()
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn both_sides_rate_a_demo_partnership_on_a_phone() {
    let app = spawn().await;
    let report = mitra_server::demo::seed_world(&app.db, mitra_server::HashCost::TEST)
        .await
        .expect("demo world");
    let password = |email: &str| report.password_of(email).expect("demo account").to_owned();
    let base = app.base.clone();
    let profile = tempfile::tempdir().expect("profile dir");
    let (_driver, c) = start_browser(profile.path(), true).await;
    let keys = ["jp1", "jp2", "jp3", "jp4", "tr1", "tr2", "tr3", "tr4", "cm1", "cm2"];

    // The hotel rates its sub-contract with the bika ambon maker.
    login(&c, &base, "pembeli@hoteltoba.example", &password("pembeli@hoteltoba.example")).await;
    c.goto(&format!("{base}/partnerships")).await.unwrap();
    c.find(Locator::XPath("//tr[td[contains(., 'Bika Ambon')]]//a"))
        .await
        .expect("the demo partnership")
        .click()
        .await
        .unwrap();
    c.find(Locator::Css("a[href$='/assessment']"))
        .await
        .expect("assessment link")
        .click()
        .await
        .unwrap();
    wait_for(&c, "Penilaian kemitraan dua pihak").await;
    let overview = c.current_url().await.unwrap();
    c.find(Locator::Css("a[href$='/assessment/form']"))
        .await
        .expect("start")
        .click()
        .await
        .unwrap();
    wait_for(&c, "Nilai kemitraan ini").await;
    // Joint planning 5, trust 2, communication 4.
    tap_answers(&c, &keys, |n| {
        if n < 4 {
            5
        } else if n < 8 {
            2
        } else {
            4
        }
    })
    .await;
    assert_fits_phone(&c).await;
    shot(&c, "partnership-assessment-buyer-form-360").await;
    c.find(Locator::Css("form.assess button[value='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let page = wait_for(&c, "Menunggu pihak lain").await;
    assert!(!page.contains("partnership-radar"), "no comparison before both have submitted");
    shot(&c, "partnership-assessment-waiting-360").await;
    logout(&c).await;

    // The bika ambon maker rates the same partnership; the comparison appears.
    login(&c, &base, "pemasok@bikaambon.example", &password("pemasok@bikaambon.example")).await;
    c.goto(overview.as_str()).await.unwrap();
    wait_for(&c, "Penilaian kemitraan dua pihak").await;
    c.find(Locator::Css("a[href$='/assessment/form']"))
        .await
        .expect("start")
        .click()
        .await
        .unwrap();
    wait_for(&c, "Nilai kemitraan ini").await;
    // Joint planning 2, then trust and communication 4.
    tap_answers(&c, &keys, |n| if n < 4 { 2 } else { 4 }).await;
    c.find(Locator::Css("form.assess button[value='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let chart =
        c.wait().for_element(Locator::Css("svg.radar")).await.expect("the comparison radar");
    let page = body(&c).await;
    assert!(
        page.contains("Hotel Danau Toba Permai") && page.contains("UD Bika Ambon Ibu Rosmawati")
    );
    // Joint planning: buyer 100, supplier 25; trust: buyer 25, supplier 75.
    assert!(
        page.contains("Kesenjangan persepsi pada perencanaan bersama: pembeli menilainya 75 poin"),
        "{page}"
    );
    assert!(page.contains("Kesenjangan persepsi pada kepercayaan: pemasok menilainya 50 poin"));
    let (_, _, width, _) = chart.rectangle().await.expect("chart size");
    assert!(width > 200.0 && width <= PHONE_WIDTH, "the chart fits: {width}");
    assert_fits_phone(&c).await;
    c.execute("document.querySelector('section.findings').scrollIntoView()", vec![]).await.unwrap();
    shot(&c, "partnership-assessment-comparison-360").await;
    c.find(Locator::Css("a[href*='/assessment/report']"))
        .await
        .expect("report link")
        .click()
        .await
        .unwrap();
    wait_for(&c, "Laporan penilaian").await;
    assert_fits_phone(&c).await;
    c.execute("document.querySelector('table.compare').scrollIntoView()", vec![]).await.unwrap();
    shot(&c, "partnership-assessment-report-360").await;
    c.close().await.expect("close the browser");
    app.stop().await;
}

/// Fills the value grid row of the candidate whose name contains `name` (searching every page
/// of the grid); `price` goes in the price column, `value` in every other empty cell. Returns
/// whether the row was found.
async fn fill_grid_row(c: &Client, grid: &str, name: &str, value: &str, price: &str) -> bool {
    for page in 1..=20 {
        c.goto(&format!("{grid}?page={page}")).await.unwrap();
        let found = c
            .execute(
                "const [name, value, price] = arguments;
                 for (const r of document.querySelectorAll('table.grid tbody tr')) {
                   if (!r.querySelector('th').textContent.includes(name)) continue;
                   for (const i of r.querySelectorAll('input')) {
                     if (i.name.endsWith('.price')) i.value = price;
                     else if (!i.value) i.value = value;
                   }
                   return true;
                 }
                 return false;",
                vec![name.into(), value.into(), price.into()],
            )
            .await
            .expect("fill the grid");
        if found.as_bool() == Some(true) {
            submit(c, "form[action$='/values']").await;
            wait_for(c, "Nilai disimpan.").await;
            return true;
        }
        if !body(c).await.contains("rel=\"next\"") && !body(c).await.contains("?page=") {
            return false;
        }
    }
    false
}

#[tokio::test]
async fn a_buyer_runs_a_supplier_selection_with_three_evaluators_on_a_phone() {
    let app = spawn().await;
    let report = mitra_server::demo::seed_world(&app.db, mitra_server::HashCost::TEST)
        .await
        .expect("demo world");
    let password = |email: &str| report.password_of(email).expect("demo account").to_owned();
    let base = app.base.clone();
    let profile = tempfile::tempdir().expect("profile dir");
    let (_driver, c) = start_browser(profile.path(), true).await;
    let hotel = "pembeli@hoteltoba.example";
    let maker = "UD Bika Ambon Ibu Rosmawati";

    // The hotel opens a selection for its breakfast bika ambon.
    login(&c, &base, hotel, &password(hotel)).await;
    c.goto(&format!("{base}/selections")).await.unwrap();
    c.find(Locator::Css("a[href='/selections/new']")).await.expect("new").click().await.unwrap();
    fill(&c, "title", "Bika ambon untuk sarapan").await;
    fill(&c, "product", "bika ambon").await;
    fill(&c, "quantity", "6.000").await;
    fill(&c, "unit", "kotak").await;
    select(&c, "regency", "1275").await;
    submit(&c, "form[action='/selections/new']").await;
    wait_for(&c, "Seleksi dibuka").await;
    let url = c.current_url().await.unwrap();
    let id: i64 = url.path().trim_start_matches("/selections/").parse().expect("event id");
    let event = format!("{base}/selections/{id}");

    // Candidates from the registry: processed food in Medan; then the maker by name.
    select(&c, "sector", "processed_food").await;
    select(&c, "regency", "1275").await;
    submit(&c, "form[action$='/registry']").await;
    let page = wait_for(&c, "Kandidat dari registri ditambahkan").await;
    assert_fits_phone(&c).await;
    shot(&c, "selection-candidates-360").await;
    if !page.contains(maker) {
        c.goto(&format!("{event}?q=Bika%20Ambon%20Ibu")).await.unwrap();
        submit(&c, "form[action$='/invite']").await;
        wait_for(&c, "Undangan dikirim.").await;
    }
    logout(&c).await;

    // The maker answers with a quote on its phone.
    login(&c, &base, "pemasok@bikaambon.example", &password("pemasok@bikaambon.example")).await;
    c.goto(&format!("{base}/selections")).await.unwrap();
    c.find(Locator::Css(&format!("a[href='/selections/{id}/mine']")))
        .await
        .expect("the invitation")
        .click()
        .await
        .unwrap();
    fill(&c, "unit_price", "4.500").await;
    fill(&c, "lead_time_days", "2").await;
    fill(&c, "capacity", "8.000").await;
    submit(&c, "form[action$='/mine']").await;
    wait_for(&c, "Jawaban Anda terkirim.").await;
    logout(&c).await;

    // The buyer rates the maker and one competitor, and leaves the rest out.
    login(&c, &base, hotel, &password(hotel)).await;
    let grid = format!("{event}/values");
    assert!(fill_grid_row(&c, &grid, maker, "85", "4500").await, "the maker's row");
    c.goto(&format!("{grid}?page=1")).await.unwrap();
    let other: String = c
        .execute(
            "for (const r of document.querySelectorAll('table.grid tbody tr')) {
               const n = r.querySelector('th').textContent;
               if (!n.includes(arguments[0])) return n; }
             return '';",
            vec![maker.into()],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned();
    assert!(!other.is_empty(), "a second candidate");
    assert!(fill_grid_row(&c, &grid, &other, "60", "5200").await);
    assert_fits_phone(&c).await;
    shot(&c, "selection-values-360").await;
    c.goto(&event).await.unwrap();
    if body(&c).await.contains("value=\"exclude_missing\"") {
        c.find(Locator::Css("button[value='exclude_missing']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_for(&c, "Daftar kandidat diperbarui.").await;
    }
    let page = body(&c).await;
    assert!(page.contains("ikut pemeringkatan: <strong>2</strong>"), "{page}");

    // Four criteria, weighed by AHP.
    c.goto(&format!("{event}/criteria")).await.unwrap();
    c.execute(
        "const keep = ['trust', 'commitment', 'quality', 'price'];
         for (const b of document.querySelectorAll('input[name=included]')) b.checked = keep.includes(b.value);",
        vec![],
    )
    .await
    .unwrap();
    select(&c, "weight_mode", "ahp").await;
    submit(&c, "form[action$='/criteria']").await;
    wait_for(&c, "Kriteria dan bobot disimpan.").await;

    // Three evaluators of the hotel each compare the criteria; the ratio updates as they answer.
    let pairs = [
        "trust|commitment",
        "trust|quality",
        "trust|price",
        "commitment|quality",
        "commitment|price",
        "quality|price",
    ];
    let evaluators = [
        (hotel, ["2", "1/2", "1/3", "1/3", "1/4", "1/2"]),
        ("pengadaan@hoteltoba.example", ["1", "1", "1/2", "1", "1/2", "1/2"]),
        ("dapur@hoteltoba.example", ["3", "1", "1", "1/3", "1/3", "1"]),
    ];
    for (n, (email, values)) in evaluators.iter().enumerate() {
        if n > 0 {
            logout(&c).await;
            login(&c, &base, email, &password(email)).await;
        }
        c.goto(&format!("{event}/ahp")).await.unwrap();
        for (p, v) in pairs.iter().zip(values) {
            select(&c, &format!("j.{p}"), v).await;
        }
        // The live consistency ratio (progressive enhancement) shows a number before saving.
        let mut cr = String::new();
        for _ in 0..50 {
            cr = c.find(Locator::Id("cr")).await.unwrap().text().await.unwrap();
            if cr.contains('.') {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        assert!(cr.parse::<f64>().is_ok(), "live CR: {cr:?}");
        if n == 0 {
            assert_fits_phone(&c).await;
            shot(&c, "selection-ahp-360").await;
        }
        // A tap can land on a spot the live ratio just pushed down; press the button itself.
        c.execute("document.querySelector('form#ahp button[type=submit]').click()", vec![])
            .await
            .expect("save the comparisons");
        wait_for(&c, "Perbandingan Anda disimpan.").await;
    }
    let page = body(&c).await;
    assert_eq!(page.matches("<td>ya</td>").count(), 3, "three evaluators counted: {page}");

    // Ranking, sensitivity and the decision.
    c.goto(&format!("{event}/results")).await.unwrap();
    let page = wait_for(&c, "id=\"sensitivity\"").await;
    assert!(
        page.contains("id=\"methods\"")
            && page.contains("id=\"smaa\"")
            && page.contains("svg class=\"bar\"")
    );
    let first: String = c
        .execute(
            "return document.querySelector('#ranking tbody tr td:nth-child(2)').textContent",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(first, maker, "better on every criterion, the maker ranks first");
    assert_fits_phone(&c).await;
    shot(&c, "selection-results-360").await;
    let award = c.find(Locator::Css("#decision input[name^='award.']")).await.unwrap();
    award.send_keys("6000").await.unwrap();
    fill(&c, "reason", "Mutu dan ketepatan waktu terbaik, harga terendah").await;
    submit(&c, "form#decision").await;
    wait_for(&c, "Keputusan tercatat").await;
    shot(&c, "selection-decided-360").await;
    c.goto(&format!("{base}/partnerships")).await.unwrap();
    assert!(body(&c).await.contains(maker));
    logout(&c).await;

    // The maker sees its own result and the proposed partnership, never its competitor.
    login(&c, &base, "pemasok@bikaambon.example", &password("pemasok@bikaambon.example")).await;
    c.goto(&format!("{base}/selections/{id}/mine")).await.unwrap();
    let page = wait_for(&c, "id=\"own-rank\"").await;
    assert!(page.contains("Anda terpilih untuk memasok") && !page.contains(&other), "{page}");
    assert_fits_phone(&c).await;
    shot(&c, "selection-candidate-360").await;
    c.goto(&format!("{base}/partnerships")).await.unwrap();
    assert!(body(&c).await.contains("Hotel Danau Toba Permai"));

    c.close().await.expect("close the browser");
    app.stop().await;
}

#[tokio::test]
async fn a_supplier_adopts_and_updates_plan_steps_on_a_phone() {
    let app = spawn().await;
    let base = app.base.clone();
    let umkm = app.world.umkm_a;
    // A submitted readiness assessment with gaps, through the API.
    let api = app.api_login("a@test.example").await;
    let r = api
        .post_json(&format!("/api/organisations/{umkm}/readiness"), &serde_json::json!({}))
        .await;
    let id = r.json()["id"].as_i64().unwrap();
    let answers: serde_json::Map<String, serde_json::Value> =
        ["jp1", "jp2", "jp3", "jp4", "tr1", "tr2", "tr3", "tr4"]
            .iter()
            .map(|k| ((*k).to_owned(), 1.into()))
            .collect();
    let r = api
        .post_json(
            &format!("/api/assessments/{id}/submit"),
            &serde_json::json!({"answers": answers}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);

    let profile = tempfile::tempdir().expect("profile dir");
    let (_driver, c) = start_browser(profile.path(), true).await;
    login(&c, &base, "a@test.example", PASSWORD).await;
    c.find(Locator::Css("a[href='/plans']")).await.expect("plans link").click().await.unwrap();
    wait_for(&c, "Saran dari penilaian terakhir").await;
    c.find(Locator::Css("label[for='adopt-joint_planning']")).await.unwrap().click().await.unwrap();
    c.find(Locator::Css("label[for='adopt-trust']")).await.unwrap().click().await.unwrap();
    fill(&c, "adopt-owner", "Bu Rina").await;
    shot(&c, "plan-suggestions-360").await;
    submit(&c, &format!("form[action='/organisations/{umkm}/plan/actions']")).await;
    wait_for(&c, "Langkah sudah ditambahkan").await;
    // Open the first step's form (no JavaScript: a <details>), move it on, save.
    c.find(Locator::Css("article.card details summary")).await.unwrap().click().await.unwrap();
    let first =
        c.find(Locator::Css("article.card")).await.unwrap().attr("id").await.unwrap().unwrap();
    let action = first.trim_start_matches("action-").to_owned();
    select(&c, &format!("status-{action}"), "in_progress").await;
    submit(&c, &format!("form[action='/actions/{action}']")).await;
    let page = wait_for(&c, "Langkah sudah disimpan").await;
    assert!(page.contains("Sedang berjalan"), "{page}");
    assert_fits_phone(&c).await;
    shot(&c, "plan-360").await;
    c.close().await.expect("close the browser");
    app.stop().await;
}
