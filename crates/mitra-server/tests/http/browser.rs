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

async fn start_browser(profile: &std::path::Path) -> (Driver, Client) {
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
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--window-size=360,800",
                format!("--user-data-dir={}", profile.display()),
            ]
        }),
    );
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

async fn body(c: &Client) -> String {
    c.source().await.expect("page source")
}

#[tokio::test]
async fn a_browser_uses_mitra_in_every_role() {
    let app = spawn().await;
    let base = app.base.clone();
    let profile = tempfile::tempdir().expect("profile dir");
    let (_driver, c) = start_browser(profile.path()).await;

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
    let (_driver, c) = start_browser(profile.path()).await;
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
    // Headless Chromium keeps its window at least 500 px wide whatever --window-size says, so
    // the check is against the real viewport: the chart fits and the page does not scroll sideways.
    let sizes = c
        .execute("return [window.innerWidth, document.documentElement.scrollWidth]", vec![])
        .await
        .expect("viewport");
    let viewport = sizes[0].as_f64().expect("width");
    let scroll = sizes[1].as_f64().expect("scroll width");
    assert!(width > 200.0 && width <= viewport, "the chart fits: {width} of {viewport}");
    assert!(scroll <= viewport, "no sideways scrolling: {scroll} > {viewport}");
    shot(&c, "readiness-results-360").await;
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
    let (_driver, c) = start_browser(profile.path()).await;
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
    let sizes = c
        .execute("return [window.innerWidth, document.documentElement.scrollWidth]", vec![])
        .await
        .expect("viewport");
    let (viewport, scroll) = (sizes[0].as_f64().unwrap(), sizes[1].as_f64().unwrap());
    assert!(scroll <= viewport, "no sideways scrolling: {scroll} > {viewport}");
    shot(&c, "plan-360").await;
    c.close().await.expect("close the browser");
    app.stop().await;
}
