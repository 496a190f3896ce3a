//! Every route of the application, from the router's own table: a private route refuses an
//! anonymous caller, and every write refuses a signed-in caller who sends no CSRF token — before
//! the handler looks at anything else. A new route is in the table, so it is checked too.

use mitra_server::http::Access;
use reqwest::Method;

use crate::common::spawn;

/// The path with every parameter filled in (ids of nothing, or of another organisation).
fn fill(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').map_or(rest.len(), |e| start + e + 1);
        out.push_str(match &rest[start..end] {
            "{code}" => "en",
            "{key}" => "starting",
            "{component}" => "trust",
            "{item}" => "jp1",
            _ => "1",
        });
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Writes that need no CSRF token: JSON-only endpoints (a cross-site form cannot send
/// `application/json`, and no CORS is allowed) that a visitor calls before having a session.
const NO_TOKEN: &[(&str, &str)] = &[("POST", "/api/session"), ("POST", "/api/register")];

#[tokio::test]
async fn every_route_refuses_anonymous_callers_and_writes_without_a_token() {
    let app = spawn().await;
    let anonymous = app.client();
    let user = app.web_login("x@test.example").await;
    let routes = mitra_server::routes();
    assert!(routes.list().len() > 120, "only {} routes listed", routes.list().len());
    let mut checked = 0;
    let mut failures = Vec::new();
    for route in routes.list() {
        let path = fill(&route.path);
        let api = path.starts_with("/api/");
        for method in [Method::GET, Method::POST, Method::PUT, Method::DELETE] {
            let send = |c: &crate::common::Client, m: Method| {
                let req = c.http.request(m, format!("{}{path}", c.base));
                if api { req.json(&serde_json::json!({})) } else { req.form(&[("x", "1")]) }.send()
            };
            let r = send(&anonymous, method.clone()).await.expect("request");
            let status = r.status().as_u16();
            if status == 405 {
                continue; // not a method of this route
            }
            checked += 1;
            let location = r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("");
            if route.access == Access::Private {
                let refused = match (api, status) {
                    (true, s) => s == 401 || s == 403,
                    (false, 303) => location.starts_with("/login"),
                    (false, s) => s == 403,
                };
                if !refused {
                    failures.push(format!("anonymous {method} {path}: {status} {location}"));
                }
            }
            if method == Method::GET || NO_TOKEN.contains(&(method.as_str(), route.path.as_str())) {
                continue;
            }
            let r = send(&user, method.clone()).await.expect("request");
            let status = r.status().as_u16();
            if status != 403 {
                let body = r.text().await.unwrap_or_default();
                failures.push(format!(
                    "{method} {path} without a token: {status} {}",
                    &body[..body.len().min(120)]
                ));
            }
        }
    }
    assert!(checked > 160, "only {checked} route methods answered");
    assert!(failures.is_empty(), "{} refusals missing:\n{}", failures.len(), failures.join("\n"));
    app.stop().await;
}
