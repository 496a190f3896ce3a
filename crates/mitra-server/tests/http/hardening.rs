//! What an attacker did to Mitra, each undone: open redirects, missing security headers,
//! session rows for every anonymous page view, login limits that races and many accounts got
//! around, connections that never send their headers, 500s for odd input, 400 for a body over
//! the limit, unthrottled registration and demo passwords shared by every instance.

use std::time::Duration;

use reqwest::Method;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

use crate::common::{spawn, spawn_with, PASSWORD};

async fn session_rows(app: &crate::common::TestApp) -> i64 {
    app.db.count_sessions().await.expect("count sessions")
}

#[tokio::test]
async fn redirects_never_leave_the_site() {
    let app = spawn().await;
    let c = app.client();
    for next in ["/%09/evil.example/", "/%0d%0aSet-Cookie:%20x=1", "//evil.example", "/%5Cevil"] {
        let r = c.get(&format!("/lang/en?next={next}")).await;
        assert_eq!(r.status, 303, "{next}: {}", r.text);
        assert_eq!(r.location.as_deref(), Some("/dashboard"), "{next}");
    }
    let r = c.get("/lang/en?next=/organisations%3Fpage%3D2").await;
    assert_eq!(r.location.as_deref(), Some("/organisations?page=2"), "a local path is kept");
    // After login too.
    let csrf = c.form_token("/login").await;
    let r = c
        .post_form(
            "/login",
            &[
                ("csrf_token", csrf.as_str()),
                ("email", "a@test.example"),
                ("password", PASSWORD),
                ("next", "/\t/evil.example/"),
            ],
        )
        .await;
    assert_eq!((r.status, r.location.as_deref()), (303, Some("/dashboard")));
    app.stop().await;
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn().await;
    let c = app.client();
    let buyer = app.web_login("x@test.example").await;
    for (client, path) in [
        (&c, "/login"),
        (&c, "/api/me"),
        (&c, "/healthz"),
        (&c, "/nothing-here"),
        (&buyer, "/dashboard"),
        (&buyer, "/api/organisations"),
    ] {
        let r = client.http.get(format!("{}{path}", client.base)).send().await.unwrap();
        let h = |name: &str| {
            r.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned()
        };
        let csp = h("content-security-policy");
        for part in ["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'"] {
            assert!(csp.contains(part), "{path}: CSP {csp:?} lacks {part}");
        }
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(h("x-frame-options"), "DENY", "{path}");
        assert_eq!(h("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(h("referrer-policy"), "same-origin", "{path}");
        assert_eq!(h("cache-control"), "no-store", "{path}");
    }
    // The stylesheet may be cached.
    let r = c.http.get(format!("{}/static/mitra.css", c.base)).send().await.unwrap();
    assert_eq!(r.headers()["cache-control"], "public, max-age=3600");
    app.stop().await;
}

#[tokio::test]
async fn cookies_are_secure_when_a_trusted_proxy_says_https() {
    let app = spawn_with(|c| c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]).await;
    let c = app.client();
    let login = |proto: Option<&'static str>| {
        let mut req = c
            .http
            .post(format!("{}/api/session", c.base))
            .json(&json!({"email": "a@test.example", "password": PASSWORD}));
        if let Some(p) = proto {
            req = req.header("x-forwarded-proto", p);
        }
        req.send()
    };
    let cookie = |r: &reqwest::Response| {
        r.headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("mitra_session="))
            .expect("session cookie")
            .to_owned()
    };
    let https = login(Some("https")).await.unwrap();
    assert!(cookie(&https).contains("Secure"), "{}", cookie(&https));
    let http = login(None).await.unwrap();
    assert!(!cookie(&http).contains("Secure"), "{}", cookie(&http));
    app.stop().await;
    // A client that is not a trusted proxy cannot claim HTTPS (nor is it refused for trying).
    let app = spawn().await;
    let c = app.client();
    let r = c
        .http
        .post(format!("{}/api/session", c.base))
        .header("x-forwarded-proto", "https")
        .json(&json!({"email": "a@test.example", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert!(!cookie(&r).contains("Secure"));
    app.stop().await;
}

#[tokio::test]
async fn anonymous_page_views_write_no_session() {
    let app = spawn().await;
    let before = session_rows(&app).await;
    for _ in 0..30 {
        let fresh = app.client();
        assert_eq!(fresh.get("/login").await.status, 200);
        assert_eq!(fresh.get("/register").await.status, 200);
    }
    assert_eq!(session_rows(&app).await, before, "no row per cookieless visit");
    // The login form still refuses a post without its token, or with a token of another nonce.
    let c = app.client();
    let other = app.client();
    let foreign = other.form_token("/login").await;
    let _own = c.form_token("/login").await;
    for token in ["", foreign.as_str(), "0".repeat(64).as_str()] {
        let r = c
            .post_form(
                "/login",
                &[("csrf_token", token), ("email", "a@test.example"), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(r.status, 403, "token {token:?}");
    }
    // With its own token it signs in, and only then is a session written.
    let own = c.form_token("/login").await;
    let r = c
        .post_form(
            "/login",
            &[("csrf_token", own.as_str()), ("email", "a@test.example"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text);
    assert_eq!(session_rows(&app).await, before + 1);
    assert_eq!(c.get("/dashboard").await.status, 200);
    app.stop().await;
}

#[tokio::test]
async fn concurrent_wrong_passwords_get_no_more_checks_than_the_limit() {
    let app = spawn().await;
    let c = app.client();
    let tries: Vec<_> = (0..64)
        .map(|_| {
            let http = c.http.clone();
            let url = format!("{}/api/session", c.base);
            tokio::spawn(async move {
                http.post(url)
                    .json(&json!({"email": "a@test.example", "password": "salah sekali"}))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            })
        })
        .collect();
    let mut checked = 0;
    for t in tries {
        match t.await.unwrap() {
            401 => checked += 1,
            429 => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert!(checked <= 5, "{checked} passwords checked against a limit of 5");
    app.stop().await;
}

#[tokio::test]
async fn one_address_trying_many_accounts_is_stopped() {
    let app = spawn().await;
    let c = app.client();
    let mut refused = 0;
    for k in 0..20 {
        let r = c
            .post_json(
                "/api/session",
                &json!({"email": format!("acak{k}@test.example"), "password": "salah sekali"}),
            )
            .await;
        if r.status == 429 {
            refused += 1;
        }
    }
    assert_eq!(refused, 10, "ten failures from one address, then no more checks");
    // An account with the right password from the same address waits too, until the window ends.
    let r = c
        .post_json("/api/session", &json!({"email": "a@test.example", "password": PASSWORD}))
        .await;
    assert_eq!((r.status, r.json()["code"].as_str()), (429, Some("auth.rate_limited")));
    app.stop().await;
}

/// A TCP connection from `from` (another loopback address than the test client's).
async fn connect_from(from: &str, to: &str) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(format!("{from}:0").parse().unwrap()).unwrap();
    socket.connect(to.trim_start_matches("http://").parse().unwrap()).await.unwrap()
}

/// Whether the server closed `stream` within `wait` (it reads end-of-file or a reset).
async fn closed_within(stream: &mut TcpStream, wait: Duration) -> bool {
    let mut buf = [0u8; 512];
    loop {
        match tokio::time::timeout(wait, stream.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => continue, // a response (e.g. 408); keep reading to the close
        }
    }
}

#[tokio::test]
async fn half_sent_requests_cannot_hold_the_server() {
    let app = spawn_with(|c| {
        c.connections.max_per_client = 4;
        c.connections.header_timeout = Duration::from_secs(1);
        c.request_timeout = Duration::from_secs(2);
    })
    .await;
    // Four connections from one address that never finish their headers.
    let mut slow = Vec::new();
    for _ in 0..4 {
        let mut s = connect_from("127.0.0.2", &app.base).await;
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await.unwrap();
        slow.push(s);
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    // A fifth from the same address is closed at once; other clients are served.
    let mut fifth = connect_from("127.0.0.2", &app.base).await;
    assert!(closed_within(&mut fifth, Duration::from_millis(500)).await, "over the limit");
    let r = app.client().get("/healthz").await;
    assert_eq!(r.status, 200);
    // The header timeout closes the four.
    for s in &mut slow {
        assert!(closed_within(s, Duration::from_secs(3)).await, "header timeout");
    }
    // A body that stops half-way is cut off by the request timeout.
    let mut s = connect_from("127.0.0.2", &app.base).await;
    s.write_all(
        b"POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
          Content-Length: 100\r\n\r\n{\"email\":",
    )
    .await
    .unwrap();
    assert!(closed_within(&mut s, Duration::from_secs(5)).await, "request timeout");
    app.stop().await;
}

#[tokio::test]
async fn odd_input_gets_a_clear_answer_not_a_500() {
    let app = spawn().await;
    let buyer = app.api_login("x@test.example").await;
    let web = app.web_login("x@test.example").await;
    for q in ["name=%00kopi", "product=%00", "name=ko%00pi&product=bika%00", "name=%22%00%22"] {
        let r = buyer.get(&format!("/api/organisations?{q}")).await;
        assert_eq!(r.status, 200, "{q}: {}", r.text);
        let r = web.get(&format!("/organisations?{q}")).await;
        assert_eq!(r.status, 200, "{q}");
    }
    // Direct weights near f64::MAX are scaled, not stored as NaN.
    let r = buyer
        .post_json(
            "/api/selections",
            &json!({
                "title": "Bika ambon", "product": "bika ambon", "quantity": "100",
                "unit": "kotak", "period_start": "2027-01-01", "period_end": "2027-06-30",
                "regency": "1275", "pattern": "rantai_pasok"
            }),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json()["id"].as_i64().unwrap();
    let event = buyer.get(&format!("/api/selections/{id}")).await.json();
    let keys: Vec<String> = event["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap().to_owned())
        .collect();
    let weights: serde_json::Map<String, serde_json::Value> =
        keys.iter().map(|k| (k.clone(), json!("1e308"))).collect();
    let r = buyer
        .send_json(
            Method::PUT,
            &format!("/api/selections/{id}/criteria"),
            &json!({"weight_mode": "direct", "included": keys, "weights": weights}),
            true,
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
    let event = buyer.get(&format!("/api/selections/{id}")).await.json();
    let sum: f64 = event["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["weight"].as_f64().expect("a finite weight"))
        .sum();
    assert!((sum - 100.0).abs() < 1e-6, "{event}");
    app.stop().await;
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_and_says_the_limit() {
    let app = spawn().await;
    let c = app.client();
    let big = "x".repeat(3 * 1024 * 1024);
    let r = c.post_json("/api/register", &json!({ "display_name": big })).await;
    assert_eq!(r.status, 413, "{}", &r.text[..r.text.len().min(200)]);
    assert_eq!(r.json()["code"], "request.too_large");
    assert!(r.json()["message"].as_str().unwrap().contains("2 MB"));
    let csrf = c.form_token("/login").await;
    let r = c.post_form("/login", &[("csrf_token", csrf.as_str()), ("email", big.as_str())]).await;
    assert_eq!(r.status, 413);
    assert!(r.text.contains("paling banyak 2 MB"), "the page names the limit");
    app.stop().await;
}

#[tokio::test]
async fn registrations_are_throttled_per_address() {
    let app = spawn().await;
    let body = |k: usize| {
        json!({
            "display_name": "Dame Tarigan", "email": format!("dame{k}@test.example"),
            "password": "sirup markisa enak", "password_confirm": "sirup markisa enak",
            "legal_name": format!("Sirup Markisa {k}"), "owner_name": "Dame Tarigan",
            "regency": "1211", "sector": "processed_food", "products": "sirup markisa",
            "workers": "3", "business_capital": "200.000.000", "annual_sales": "500.000.000"
        })
    };
    for k in 0..5 {
        let r = app.client().post_json("/api/register", &body(k)).await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let r = app.client().post_json("/api/register", &body(5)).await;
    assert_eq!((r.status, r.json()["code"].as_str()), (429, Some("register.rate_limited")));
    // Asking whether an e-mail is taken counts as well.
    let r = app.client().post_json("/api/register", &body(0)).await;
    assert_eq!(r.status, 429, "no answer about a taken e-mail past the limit");
    app.stop().await;
}

#[tokio::test]
async fn no_two_demo_instances_share_their_passwords() {
    let one = spawn().await;
    let two = spawn().await;
    let a = mitra_server::demo::seed_world(&one.db, mitra_server::HashCost::TEST).await.unwrap();
    let b = mitra_server::demo::seed_world(&two.db, mitra_server::HashCost::TEST).await.unwrap();
    assert!(a
        .accounts
        .iter()
        .zip(&b.accounts)
        .all(|(x, y)| x.email == y.email && x.password.is_some() && x.password != y.password));
    // Seeding again adds nothing and cannot tell the passwords any more.
    let again =
        mitra_server::demo::seed_world(&one.db, mitra_server::HashCost::TEST).await.unwrap();
    assert!(!again.created && again.accounts.iter().all(|x| x.password.is_none()));
    // The printed password is the one that works.
    let admin = &a.accounts[0];
    let r = one
        .client()
        .post_json(
            "/api/session",
            &json!({"email": admin.email, "password": admin.password.clone().unwrap()}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    one.stop().await;
    two.stop().await;
}
