//! Charts drawn on the server as inline SVG: no JavaScript, no fonts to fetch, readable on a
//! cheap phone, and accessible — every chart has a `<title>` and `<desc>` (named by
//! `aria-labelledby`) and the page shows the same numbers in a table beside it.

use std::fmt::Write;

/// One polygon of a radar chart.
#[derive(Debug, Clone, Copy)]
pub struct Series<'a> {
    /// Legend text.
    pub label: &'a str,
    /// One value per axis on 0–100; `None` (not scored) is drawn at the centre.
    pub values: &'a [Option<f64>],
    /// CSS class of the polygon (`score`, `target`, `buyer`, `supplier`), which sets its colour.
    pub class: &'a str,
}

/// Centre and radius of the plot in SVG units.
const CX: f64 = 200.0;
const CY: f64 = 175.0;
const R: f64 = 110.0;

/// Escapes text for XML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The point of `value` (0–100, clamped) on axis `k` of `n`; axis 0 points straight up and the
/// axes run clockwise.
pub fn point(k: usize, n: usize, value: f64) -> (f64, f64) {
    let angle = std::f64::consts::TAU * k as f64 / n.max(1) as f64;
    let r = R * value.clamp(0.0, 100.0) / 100.0;
    (CX + r * angle.sin(), CY - r * angle.cos())
}

fn polygon_points(n: usize, value: impl Fn(usize) -> f64) -> String {
    let mut s = String::new();
    for k in 0..n {
        let (x, y) = point(k, n, value(k));
        let _ = write!(s, "{}{x:.1},{y:.1}", if k > 0 { " " } else { "" });
    }
    s
}

/// Splits a label into at most two lines of about 16 characters at a space.
fn label_lines(label: &str) -> Vec<&str> {
    if label.chars().count() <= 16 {
        return vec![label];
    }
    let mid = label.len() / 2;
    let split = label
        .match_indices(' ')
        .map(|(i, _)| i)
        .min_by_key(|&i| i.abs_diff(mid))
        .unwrap_or(label.len());
    if split >= label.len() {
        vec![label]
    } else {
        vec![&label[..split], &label[split + 1..]]
    }
}

/// A radar (spider) chart: one axis per entry of `axes`, grid rings at 25, 50, 75 and 100, one
/// polygon per series, a legend below. `id` must be unique on the page (it names the title and
/// description for screen readers).
pub fn radar(id: &str, title: &str, desc: &str, axes: &[&str], series: &[Series<'_>]) -> String {
    let n = axes.len();
    let id = escape(id);
    let legend_rows = series.len();
    let height = 360.0 + 18.0 * legend_rows as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="radar" viewBox="-30 0 460 {height:.0}" role="img" aria-labelledby="{id}-title {id}-desc"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(title),
        escape(desc)
    );
    s.push_str(r#"<g class="grid">"#);
    for ring in [25.0, 50.0, 75.0, 100.0] {
        let _ = write!(s, r#"<polygon points="{}"/>"#, polygon_points(n, |_| ring));
    }
    for k in 0..n {
        let (x, y) = point(k, n, 100.0);
        let _ = write!(s, r#"<line x1="{CX:.1}" y1="{CY:.1}" x2="{x:.1}" y2="{y:.1}"/>"#);
    }
    s.push_str("</g>");
    for (k, axis) in axes.iter().enumerate() {
        let (x, y) = point(k, n, 118.0);
        let anchor = if (x - CX).abs() < 1.0 {
            "middle"
        } else if x > CX {
            "start"
        } else {
            "end"
        };
        let lines = label_lines(axis);
        let top = if y < CY - 1.0 { y - 11.0 * (lines.len() as f64 - 1.0) } else { y + 4.0 };
        let _ = write!(s, r#"<text class="axis" x="{x:.1}" y="{top:.1}" text-anchor="{anchor}">"#);
        for (j, line) in lines.iter().enumerate() {
            let dy = if j == 0 { 0.0 } else { 11.0 };
            let _ = write!(s, r#"<tspan x="{x:.1}" dy="{dy}">{}</tspan>"#, escape(line));
        }
        s.push_str("</text>");
    }
    for ser in series {
        let value = |k: usize| ser.values.get(k).copied().flatten().unwrap_or(0.0);
        let _ = write!(
            s,
            r#"<g class="series {}"><polygon points="{}"/>"#,
            escape(ser.class),
            polygon_points(n, value)
        );
        for (k, axis) in axes.iter().enumerate() {
            let (x, y) = point(k, n, value(k));
            let shown = match ser.values.get(k).copied().flatten() {
                Some(v) => format!("{v:.0}"),
                None => "—".to_owned(),
            };
            let _ = write!(
                s,
                r#"<circle cx="{x:.1}" cy="{y:.1}" r="3"><title>{}: {}</title></circle>"#,
                escape(axis),
                shown
            );
        }
        s.push_str("</g>");
    }
    for (j, ser) in series.iter().enumerate() {
        let y = 345.0 + 18.0 * j as f64;
        let _ = write!(
            s,
            r#"<g class="legend {}"><rect x="40" y="{:.0}" width="14" height="10"/><text x="60" y="{y:.0}">{}</text></g>"#,
            escape(ser.class),
            y - 9.0,
            escape(ser.label)
        );
    }
    s.push_str("</svg>");
    s
}

/// Plot area of the line chart in SVG units: x from `LX0` to `LX1`, 100 at `LY0` and 0 at `LY1`.
const LX0: f64 = 44.0;
const LX1: f64 = 420.0;
const LY0: f64 = 20.0;
const LY1: f64 = 220.0;

/// The x of point `k` of `n`, spread evenly over the plot (a single point sits in the middle).
pub fn line_x(k: usize, n: usize) -> f64 {
    if n <= 1 {
        (LX0 + LX1) / 2.0
    } else {
        LX0 + (LX1 - LX0) * k as f64 / (n - 1) as f64
    }
}

/// The y of `value` (0–100, clamped).
pub fn line_y(value: f64) -> f64 {
    LY1 - (LY1 - LY0) * value.clamp(0.0, 100.0) / 100.0
}

/// A line chart of 0–100 values over time: one x position per entry of `points` (its label,
/// e.g. a date), one line per series (a missing value breaks the line), grid lines at 0, 25,
/// 50, 75 and 100, a legend below. `id` must be unique on the page.
pub fn line(id: &str, title: &str, desc: &str, points: &[&str], series: &[Series<'_>]) -> String {
    let n = points.len();
    let id = escape(id);
    let legend_top = 262.0;
    let height = legend_top + 18.0 * series.len().div_ceil(2) as f64 + 6.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="line-chart" viewBox="0 0 440 {height:.0}" role="img" aria-labelledby="{id}-title {id}-desc"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(title),
        escape(desc)
    );
    s.push_str(r#"<g class="grid">"#);
    for v in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let y = line_y(v);
        let _ = write!(
            s,
            r#"<line x1="{LX0:.1}" y1="{y:.1}" x2="{LX1:.1}" y2="{y:.1}"/><text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{v:.0}</text>"#,
            LX0 - 6.0,
            y + 4.0
        );
    }
    s.push_str("</g>");
    for (k, label) in points.iter().enumerate() {
        let x = line_x(k, n);
        let _ = write!(
            s,
            r#"<text class="tick" x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            LY1 + 18.0,
            escape(label)
        );
    }
    for ser in series {
        let _ = write!(s, r#"<g class="series {}">"#, escape(ser.class));
        // Consecutive points with values form one polyline; a gap starts another.
        let mut run: Vec<(f64, f64)> = Vec::new();
        let flush = |run: &mut Vec<(f64, f64)>, s: &mut String| {
            if run.len() > 1 {
                let pts: Vec<String> = run.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
                let _ = write!(s, r#"<polyline points="{}"/>"#, pts.join(" "));
            }
            run.clear();
        };
        for k in 0..n {
            match ser.values.get(k).copied().flatten() {
                Some(v) => run.push((line_x(k, n), line_y(v))),
                None => flush(&mut run, &mut s),
            }
        }
        flush(&mut run, &mut s);
        for (k, label) in points.iter().enumerate() {
            if let Some(v) = ser.values.get(k).copied().flatten() {
                let _ = write!(
                    s,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="3"><title>{} · {}: {v:.0}</title></circle>"#,
                    line_x(k, n),
                    line_y(v),
                    escape(ser.label),
                    escape(label)
                );
            }
        }
        s.push_str("</g>");
    }
    for (j, ser) in series.iter().enumerate() {
        let x = if j % 2 == 0 { 10.0 } else { 225.0 };
        let y = legend_top + 18.0 * (j / 2) as f64;
        let _ = write!(
            s,
            r#"<g class="legend {}"><rect x="{x:.0}" y="{:.0}" width="14" height="10"/><text x="{:.0}" y="{y:.0}">{}</text></g>"#,
            escape(ser.class),
            y - 9.0,
            x + 20.0,
            escape(ser.label)
        );
    }
    s.push_str("</svg>");
    s
}

/// Width of a contribution bar in SVG units.
pub const BAR_WIDTH: f64 = 240.0;

/// One candidate's contributions as a horizontal stacked bar: segment `j` is `parts[j]` wide on
/// a scale where `full` fills the bar, coloured by class `c{j}`; each segment carries its own
/// `<title>` (criterion and value) so a pointer or screen reader can name it. The page shows
/// the same numbers in a table.
pub fn stacked_bar(id: &str, title: &str, labels: &[String], parts: &[f64], full: f64) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="bar" id="{id}" viewBox="0 0 {BAR_WIDTH} 16" width="{BAR_WIDTH}" height="16" role="img" aria-labelledby="{id}-title"><title id="{id}-title">{}</title>"#,
        escape(title)
    );
    let scale = if full > 0.0 { BAR_WIDTH / full } else { 0.0 };
    let mut x = 0.0;
    for (j, (label, v)) in labels.iter().zip(parts).enumerate() {
        let w = (v.max(0.0) * scale).min(BAR_WIDTH - x);
        if w <= 0.0 {
            continue;
        }
        let _ = write!(
            out,
            r#"<rect class="c{}" x="{x:.2}" y="0" width="{w:.2}" height="16"><title>{}: {:.4}</title></rect>"#,
            j % 12,
            escape(label),
            v
        );
        x += w;
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::events::Event;
    use quick_xml::Reader;

    /// Parses the SVG with a real XML reader; returns element names and all text.
    fn parse(svg: &str) -> (Vec<String>, String) {
        let mut r = Reader::from_str(svg);
        let (mut names, mut text, mut depth) = (Vec::new(), String::new(), 0i32);
        loop {
            match r.read_event().expect("well-formed XML") {
                Event::Start(e) => {
                    depth += 1;
                    names.push(String::from_utf8_lossy(e.name().as_ref()).into_owned());
                }
                Event::Empty(e) => {
                    names.push(String::from_utf8_lossy(e.name().as_ref()).into_owned())
                }
                Event::End(_) => depth -= 1,
                Event::Text(t) => text.push_str(&t.decode().expect("text")),
                Event::GeneralRef(g) => {
                    let name = String::from_utf8_lossy(&g).into_owned();
                    text.push_str(match name.as_str() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        _ => "'",
                    });
                }
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(depth, 0, "every element is closed");
        (names, text)
    }

    #[test]
    fn radar_is_valid_accessible_svg_with_every_label() {
        let axes = ["perencanaan bersama", "kepercayaan", "R&D <baru>"];
        let score = [Some(50.0), None, Some(100.0)];
        let target = [Some(50.0); 3];
        let svg = radar(
            "r1",
            "Skor & target",
            "Tiga sumbu",
            &axes,
            &[
                Series { label: "Skor Anda", values: &score, class: "score" },
                Series { label: "Target", values: &target, class: "target" },
            ],
        );
        let (names, text) = parse(&svg);
        assert_eq!(names[0], "svg");
        assert_eq!(names[1], "title");
        assert_eq!(names[2], "desc");
        assert!(!names.iter().any(|n| n == "script"));
        assert_eq!(names.iter().filter(|n| *n == "polygon").count(), 4 + 2, "4 rings, 2 series");
        assert_eq!(names.iter().filter(|n| *n == "line").count(), 3);
        for t in ["Skor & target", "Tiga sumbu", "kepercayaan", "R&D <baru>", "Skor Anda", "Target"]
        {
            assert!(text.contains(t), "{t} missing from {text}");
        }
        assert!(text.contains("perencanaan") && text.contains("bersama"));
        assert!(text.contains("kepercayaan: —"), "unscored values say so: {text}");
        assert!(svg.contains(r#"aria-labelledby="r1-title r1-desc""#));
    }

    #[test]
    fn geometry_axis_zero_up_and_clockwise() {
        let (x, y) = point(0, 8, 100.0);
        assert!((x - CX).abs() < 1e-9 && (y - (CY - R)).abs() < 1e-9);
        let (x, y) = point(2, 8, 50.0);
        assert!((x - (CX + R / 2.0)).abs() < 1e-9 && (y - CY).abs() < 1e-9, "right at 90°");
        assert_eq!(point(4, 8, 150.0), point(4, 8, 100.0), "clamped to the edge");
        assert_eq!(point(1, 8, -5.0), (CX, CY), "clamped to the centre");
        let full = polygon_points(4, |_| 100.0);
        assert_eq!(full, "200.0,65.0 310.0,175.0 200.0,285.0 90.0,175.0");
    }

    #[test]
    fn long_labels_wrap_at_a_space() {
        assert_eq!(label_lines("kepercayaan"), ["kepercayaan"]);
        assert_eq!(
            label_lines("komunikasi dan berbagi informasi"),
            ["komunikasi dan", "berbagi informasi"]
        );
        assert_eq!(label_lines("pengendalianoperasibersama"), ["pengendalianoperasibersama"]);
    }
    #[test]
    fn line_chart_is_accessible_and_breaks_at_missing_values() {
        let points = ["01-01-2025", "01-04-2025", "01-07-2025"];
        let overall = [Some(40.0), Some(55.0), Some(70.0)];
        let trust = [Some(25.0), None, Some(75.0)];
        let svg = line(
            "t1",
            "Tren & skor",
            "Indeks dari waktu ke waktu",
            &points,
            &[
                Series { label: "Keseluruhan", values: &overall, class: "overall" },
                Series { label: "kepercayaan", values: &trust, class: "c3" },
            ],
        );
        let (names, text) = parse(&svg);
        assert_eq!(&names[..3], ["svg", "title", "desc"]);
        assert!(!names.iter().any(|n| n == "script"));
        // One polyline for the full series; the broken one has no run of two points.
        assert_eq!(names.iter().filter(|n| *n == "polyline").count(), 1);
        assert_eq!(names.iter().filter(|n| *n == "circle").count(), 5, "3 + 2 values");
        for t in ["Tren & skor", "01-04-2025", "Keseluruhan", "kepercayaan · 01-07-2025: 75"] {
            assert!(text.contains(t), "{t} missing from {text}");
        }
        assert!(svg.contains(r#"aria-labelledby="t1-title t1-desc""#));
        // The first point is at the left edge at 40, the last at the right edge at 70.
        assert!(svg.contains(&format!("{:.1},{:.1}", LX0, line_y(40.0))));
        assert!(svg.contains(&format!("{:.1},{:.1}", LX1, line_y(70.0))));
    }

    #[test]
    fn stacked_bars_scale_to_the_best_total_and_escape_names() {
        let labels = vec!["harga <Rp>".to_owned(), "mutu".to_owned(), "nol".to_owned()];
        let svg = stacked_bar("b1", "UMKM \"A\"", &labels, &[0.2, 0.3, 0.0], 1.0);
        let (names, text) = parse(&svg);
        assert_eq!(&names[..2], ["svg", "title"]);
        assert_eq!(names.iter().filter(|n| *n == "rect").count(), 2, "zero parts are not drawn");
        assert!(text.contains("harga <Rp>: 0.2000"), "{text}");
        assert!(svg.contains(r#"x="48.00" y="0" width="72.00""#), "{svg}");
        // Never wider than the bar, whatever the parts.
        let svg = stacked_bar("b2", "x", &labels, &[3.0, 3.0, 0.0], 1.0);
        assert!(svg.contains(r#"width="240.00""#) && !svg.contains(r#"x="240.00""#), "{svg}");
    }

    #[test]
    fn line_geometry() {
        assert_eq!(line_x(0, 1), (LX0 + LX1) / 2.0, "a single point sits in the middle");
        assert_eq!((line_x(0, 3), line_x(2, 3)), (LX0, LX1));
        assert_eq!((line_y(0.0), line_y(100.0), line_y(150.0)), (LY1, LY0, LY0));
        assert_eq!(line_y(50.0), (LY0 + LY1) / 2.0);
    }
}
