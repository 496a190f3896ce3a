//! Issue 15, item 2: what a candidate sees of its own position must not let it solve for a
//! competitor's values. The attacker here is strong: candidate A knows every value of every
//! candidate except B's price (B's ratings, and in the three-candidate pools C's whole row, as if
//! C colluded). It reads everything `/api/selections/{id}/mine` and its page give it, tries the
//! algebra that recovered 15,000 (contribution = weight × normalised value → the column's norm,
//! maximum or minimum → B's price), and measures how narrowly its view pins B's price down.

use serde_json::Value;

use crate::common::{spawn, Client, TestApp};

/// A's, B's and C's values on (price, quality, on-time); B's price is the unknown.
const A: (f64, f64, f64) = (10_000.0, 90.0, 80.0);
const B_RATINGS: (f64, f64) = (70.0, 92.0);
const C: (f64, f64, f64) = (12_500.0, 85.0, 95.0);
/// Direct weights in percent: price, quality, on-time.
const WEIGHTS: [(&str, &str); 3] = [("price", "40"), ("quality", "30"), ("on_time", "30")];
/// Random B prices per event.
const TRIALS: usize = 30;

/// A seeded stream of B prices in 6,000–20,000 (an LCG: the test needs no other randomness).
fn prices(seed: u64) -> Vec<f64> {
    let mut x = seed;
    (0..TRIALS)
        .map(|_| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (6_000 + (x >> 33) % 14_001) as f64
        })
        .collect()
}

/// A number as the page writes it: `Rp 15.000`, `0,0523`, `40,0 %`.
fn page_number(cell: &str) -> Option<f64> {
    let t: String =
        cell.chars().filter(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-')).collect();
    let t =
        if cell.contains("Rp") { t.replace('.', "") } else { t.replace('.', "").replace(',', ".") };
    t.parse().ok()
}

/// The cells of the breakdown row of the price criterion on the candidate's page.
fn price_row_cells(html: &str) -> Vec<String> {
    let Some(table) =
        html.split("id=\"breakdown\"").nth(1).and_then(|t| t.split("</table>").next())
    else {
        return Vec::new();
    };
    let row =
        table.split("<tr>").find(|r| r.to_lowercase().contains("harga satuan")).unwrap_or_default();
    row.split("<td")
        .skip(1)
        .filter_map(|c| Some(c.split_once('>')?.1.split("</td>").next()?.to_owned()))
        .collect()
}

/// Every number of a JSON value, with its path.
fn numbers(v: &Value, path: &str, out: &mut Vec<(String, f64)>) {
    match v {
        Value::Number(n) => out.push((path.to_owned(), n.as_f64().unwrap_or(f64::NAN))),
        Value::Array(a) => a.iter().for_each(|x| numbers(x, path, out)),
        Value::Object(o) => o.iter().for_each(|(k, x)| numbers(x, &format!("{path}.{k}"), out)),
        _ => {}
    }
}

/// B's price as the published attack solves it from one number `q` taken for A's weighted
/// normalised price `w·r` (price is a cost), under each normalisation: vector `1 − x/‖x‖`, max
/// `1 − x/max`, linear `min/x`, min–max `(max − x)/(max − min)` (with C known, B the maximum or
/// the minimum).
fn solve_price(q: f64, w: f64, c: Option<f64>) -> Vec<f64> {
    let (a, r) = (A.0, q / w);
    let c2 = c.map_or(0.0, |c| c * c);
    let mut out = vec![((a / (1.0 - r)).powi(2) - a * a - c2).sqrt(), a / (1.0 - r), r * a];
    if let Some(c) = c {
        out.push((a - r * c) / (1.0 - r));
        out.push(c - (c - a) / r);
    }
    out.into_iter().filter(|x| x.is_finite() && *x > 0.0).collect()
}

/// What A sees of its position for one B price: the JSON position and the page's position
/// section as text (to compare views), and B prices the algebra solves from their numbers.
async fn seen(app: &TestApp, at: &Attack<'_>, price: f64) -> (String, Vec<f64>) {
    let (id, c) = (at.id, at.with_c.then_some(C.0));
    at.buyer.set_values(id, &[(app.world.umkm_b, "price", price.to_string())]).await;
    let r = at.a.get(&format!("/api/selections/{id}/mine")).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let position = r.json()["position"].clone();
    assert!(position.is_object(), "A is ranked: {}", r.text);
    let mut found = Vec::new();
    numbers(&position, "", &mut found);
    // Every number but A's own values, the weights, its rank and the pool's size is taken for
    // A's weighted normalised price (a contribution, a score, a gap…) and solved.
    let known =
        [".breakdown.value", ".breakdown.weight", ".breakdown.criterion.weight", ".rank", ".of"];
    let per_criterion = found
        .iter()
        .filter(|(p, _)| p.starts_with(".breakdown.") && !known.contains(&p.as_str()))
        .count();
    at.numbers_per_criterion.set(at.numbers_per_criterion.get() + per_criterion);
    let mut guesses = Vec::new();
    for (_, q) in found.iter().filter(|(p, _)| !known.contains(&p.as_str())) {
        guesses.extend(solve_price(*q, 0.4, c));
    }
    let page = at.web.get(&format!("/selections/{id}/mine")).await;
    assert_eq!(page.status, 200);
    for q in price_row_cells(&page.text).iter().filter_map(|c| page_number(c)) {
        if q != A.0 && q != 40.0 {
            guesses.extend(solve_price(q, 0.4, c));
        }
    }
    let section =
        page.text.split("id=\"own-rank\"").nth(1).and_then(|s| s.split("</section>").next());
    (format!("{position}{}", section.unwrap_or_default()), guesses)
}

/// One event under attack.
struct Attack<'a> {
    id: i64,
    with_c: bool,
    buyer: &'a Client,
    a: Client,
    web: Client,
    /// Numbers per criterion other than A's own value and the weight, seen so far.
    numbers_per_criterion: std::cell::Cell<usize>,
}

/// Grid of B prices A may compare a view with: 5,000 to 21,000 by 100.
fn grid() -> impl Iterator<Item = f64> {
    (50..=210).map(|i| f64::from(i) * 100.0)
}

/// One event: `method`, with C or not. Returns per random B price whether the algebra
/// recovered it (to 1 %) and the width of the range of B prices on the grid around it that give
/// A the very same view — what A can narrow B's price down to at best; and how many numbers
/// other than A's own value and the weight A was shown per criterion.
async fn attack(
    app: &TestApp,
    buyer: &Client,
    method: &str,
    with_c: bool,
) -> (Vec<(f64, bool, f64)>, usize) {
    let w = &app.world;
    let mut orgs = vec![w.umkm_a, w.umkm_b];
    if with_c {
        orgs.push(app.add_umkm("UMKM C").await);
    }
    let id = buyer.event_on(method, &orgs, &WEIGHTS).await;
    let mut cells = vec![
        (w.umkm_a, "price", A.0.to_string()),
        (w.umkm_a, "quality", A.1.to_string()),
        (w.umkm_a, "on_time", A.2.to_string()),
        (w.umkm_b, "quality", B_RATINGS.0.to_string()),
        (w.umkm_b, "on_time", B_RATINGS.1.to_string()),
    ];
    if let Some(&c) = orgs.get(2) {
        cells.extend([
            (c, "price", C.0.to_string()),
            (c, "quality", C.1.to_string()),
            (c, "on_time", C.2.to_string()),
        ]);
    }
    buyer.set_values(id, &cells).await;
    let at = Attack {
        id,
        with_c,
        buyer,
        a: app.api_login("a@test.example").await,
        web: app.web_login("a@test.example").await,
        numbers_per_criterion: Default::default(),
    };
    let mut views = Vec::new();
    for g in grid() {
        views.push((g, seen(app, &at, g).await.0));
    }
    let mut out = Vec::new();
    for price in prices(7 + method.len() as u64 + u64::from(with_c)) {
        let (view, guesses) = seen(app, &at, price).await;
        let recovered = guesses.iter().any(|g| (g - price).abs() <= 0.01 * price);
        // The run of grid prices around `price` that look the same to A.
        let below = views
            .iter()
            .rev()
            .skip_while(|(g, _)| *g > price)
            .take_while(|(_, v)| *v == view)
            .last();
        let above =
            views.iter().skip_while(|(g, _)| *g < price).take_while(|(_, v)| *v == view).last();
        let width = match (below, above) {
            (Some((lo, _)), Some((hi, _))) => hi - lo,
            (Some((lo, _)), None) => price - lo,
            (None, Some((hi, _))) => hi - price,
            (None, None) => 0.0,
        };
        out.push((price, recovered, width));
    }
    (out, at.numbers_per_criterion.get())
}

#[tokio::test]
async fn a_candidate_cannot_solve_for_a_competitor_s_price() {
    let app = spawn().await;
    let buyer = app.api_login("x@test.example").await;
    let mut report = Vec::new();
    // TOPSIS normalises by the vector norm, SAW by min–max, WASPAS linearly by the maximum.
    for method in ["topsis", "saw", "waspas"] {
        for with_c in [false, true] {
            let (trials, extra) = attack(&app, &buyer, method, with_c).await;
            let recovered = trials.iter().filter(|t| t.1).count();
            // A pinned price: the B prices A cannot tell it from span less than 10 % of it.
            // Ranks, bands and "someone is better on X" change at some prices, so an attacker
            // knowing all else pins a few near those; at most one in five may be.
            let pinned = trials.iter().filter(|t| t.2 < 0.1 * t.0).count();
            let line = format!(
                "{method} with{} C: {recovered} of {TRIALS} solved to 1 %, {pinned} pinned to ±5 %, \
                 {extra} numbers per criterion besides A's value and the weight",
                if with_c { "" } else { "out" }
            );
            report.push((line, extra == 0 && recovered == 0 && pinned * 5 <= TRIALS));
        }
    }
    assert!(report.iter().all(|(_, ok)| *ok), "{report:#?}");
    app.stop().await;
}
