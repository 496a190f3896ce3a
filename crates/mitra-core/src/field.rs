//! Per-field validation errors and the small parsers every form shares.
//!
//! A draft (what a user typed, all strings) is parsed into a domain value in one step; parsing
//! collects one [`FieldError`] per bad field — a field name plus a stable code from the
//! [i18n catalogue](crate::i18n) — so a form can show every problem at once, beside its field, in
//! the user's language, and an API can return the same list as JSON.

use serde::Serialize;
use std::fmt;
use time::{Date, Month};

use crate::i18n::{t, Lang};

/// One problem with one field: which field, and a stable catalogue code saying what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field's name as it appears in the form and the JSON body (`legal_name`, `nib`, …).
    pub field: String,
    /// The catalogue key of the message (`field.required`, `nib.format`, …).
    pub code: &'static str,
}

impl FieldError {
    /// The message in `lang`.
    pub fn message(&self, lang: impl Into<Lang>) -> &'static str {
        // Codes are 'static catalogue keys, so the lookup's result lives as long.
        t(lang.into(), self.code)
    }
}

/// All problems found in one submission. Empty means valid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    /// No errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// One error, for checks that involve a single field outside a draft (a unique email, say).
    pub fn single(field: &str, code: &'static str) -> Self {
        let mut e = Self::new();
        e.add(field, code);
        e
    }

    /// Records a problem with `field`. Only the first problem per field is kept: one message
    /// beside a field is enough, and the first check is the most basic one.
    pub fn add(&mut self, field: &str, code: &'static str) {
        if !self.0.iter().any(|e| e.field == field) {
            self.0.push(FieldError { field: field.to_owned(), code });
        }
    }

    /// Runs a parser and keeps its value, or records its error and returns `None`.
    pub fn take<T>(&mut self, field: &str, parsed: Result<T, &'static str>) -> Option<T> {
        match parsed {
            Ok(v) => Some(v),
            Err(code) => {
                self.add(field, code);
                None
            }
        }
    }

    /// True when nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The code recorded for `field`, if any (what a form shows beside the field).
    pub fn code_for(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.code)
    }

    /// The message for `field` in `lang`, or the empty string when the field is fine.
    pub fn message_for(&self, field: &str, lang: impl Into<Lang>) -> &'static str {
        let lang = lang.into();
        self.code_for(field).map(|c| t(lang, c)).unwrap_or("")
    }

    /// Every error, in the order found.
    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }

    /// `Ok(value)` when empty, else `Err(self)`: the last line of every draft parser.
    pub fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value())
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> =
            self.0.iter().map(|e| format!("{}: {}", e.field, e.code)).collect();
        f.write_str(&parts.join(", "))
    }
}

impl std::error::Error for FieldErrors {}

/// A text that must not be empty after trimming and must fit in `max` characters. Control
/// characters other than newline and tab are refused; everything else (quotes, `<`, `;`, `--`)
/// is kept verbatim — escaping is the job of whoever prints or stores it.
pub fn required_text(raw: &str, max: usize) -> Result<String, &'static str> {
    match optional_text(raw, max)? {
        Some(s) => Ok(s),
        None => Err("field.required"),
    }
}

/// Like [`required_text`] but empty means `None`.
pub fn optional_text(raw: &str, max: usize) -> Result<Option<String>, &'static str> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if s.chars().count() > max {
        return Err("field.too_long");
    }
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
        return Err("field.control_char");
    }
    Ok(Some(s.to_owned()))
}

/// A non-negative whole number written with optional thousands separators: `1500000`,
/// `1.500.000`, `1,500,000`, `Rp 1.500.000`. Separators must group by threes so that a decimal
/// comma (`1,5`) is refused rather than read as fifteen.
pub fn non_negative_integer(raw: &str) -> Result<Option<i64>, &'static str> {
    let mut s = raw.trim();
    if let Some(rest) = s.strip_prefix("Rp").or_else(|| s.strip_prefix("rp")) {
        s = rest.trim_start_matches('.').trim();
    }
    if s.is_empty() {
        return Ok(None);
    }
    if let Some(rest) = s.strip_prefix('-') {
        if non_negative_integer(rest).is_ok_and(|v| v.is_some()) {
            return Err("field.negative");
        }
        return Err("field.number");
    }
    let digits: String = if s.contains(['.', ',']) {
        let sep = if s.contains('.') { '.' } else { ',' };
        let groups: Vec<&str> = s.split(sep).collect();
        let well_grouped = !groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
        if !well_grouped {
            return Err("field.number");
        }
        groups.concat()
    } else {
        s.to_owned()
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("field.number");
    }
    digits.parse::<i64>().map(Some).map_err(|_| "field.too_large")
}

/// A whole number in `0..=max`, or `None` when empty.
pub fn bounded_integer(raw: &str, max: i64) -> Result<Option<i64>, &'static str> {
    match non_negative_integer(raw)? {
        Some(v) if v > max => Err("field.too_large"),
        other => Ok(other),
    }
}

/// An ISO date `YYYY-MM-DD` (what `<input type="date">` sends), or `None` when empty.
pub fn optional_date(raw: &str) -> Result<Option<Date>, &'static str> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(None);
    }
    parse_date(s).map(Some).ok_or("field.date")
}

/// Parses a number as users type it: `1.5`, `-2`, `1e3`, or `1,5` (decimal comma, no dot).
/// Rejects `NaN`, `inf` and anything else.
pub fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim();
    let bytes = t.as_bytes();
    // f64::from_str also accepts "inf", "NaN", "infinity": refuse letters other than an exponent.
    if bytes.iter().any(|b| b.is_ascii_alphabetic() && *b != b'e' && *b != b'E') {
        return None;
    }
    let v = match t.parse::<f64>() {
        Ok(v) => v,
        Err(_) if t.matches(',').count() == 1 && !t.contains('.') => {
            t.replace(',', ".").parse().ok()?
        }
        Err(_) => return None,
    };
    v.is_finite().then_some(v)
}

/// Parses `YYYY-MM-DD` strictly (four-digit year, two-digit month and day, a real calendar day).
pub fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year: i32 = s[0..4].parse().ok()?;
    let month: u8 = s[5..7].parse().ok()?;
    let day: u8 = s[8..10].parse().ok()?;
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// Formats a date as `YYYY-MM-DD`, the one date format of forms, the API and storage.
pub fn format_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// A checkbox: HTML sends `on` (or any value) when ticked and nothing when not; JSON sends
/// `true`/`false` strings through the same drafts.
pub fn checkbox(raw: &str) -> bool {
    matches!(raw.trim().to_ascii_lowercase().as_str(), "on" | "true" | "1" | "yes" | "ya")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(raw: &str) -> Result<Option<i64>, &'static str> {
        non_negative_integer(raw)
    }

    #[test]
    fn integers_with_separators() {
        for (raw, expected) in [
            ("", Ok(None)),
            ("  ", Ok(None)),
            ("0", Ok(Some(0))),
            ("1500000", Ok(Some(1_500_000))),
            ("1.500.000", Ok(Some(1_500_000))),
            ("1,500,000", Ok(Some(1_500_000))),
            ("Rp 1.500.000", Ok(Some(1_500_000))),
            ("Rp. 2.000", Ok(Some(2_000))),
            ("1,5", Err("field.number")),
            ("1.50.000", Err("field.number")),
            ("1.500,000", Err("field.number")),
            ("12a", Err("field.number")),
            ("-5", Err("field.negative")),
            ("-x", Err("field.number")),
            ("99999999999999999999", Err("field.too_large")),
        ] {
            assert_eq!(int(raw), expected, "input {raw:?}");
        }
    }

    #[test]
    fn texts_keep_metacharacters_and_refuse_controls() {
        let sql = "Robert'); DROP TABLE organisation;-- <b>";
        assert_eq!(required_text(sql, 200), Ok(sql.to_owned()));
        assert_eq!(required_text("   ", 10), Err("field.required"));
        assert_eq!(required_text("abcdef", 5), Err("field.too_long"));
        assert_eq!(required_text("a\u{0}b", 5), Err("field.control_char"));
        assert_eq!(optional_text(" x ", 5), Ok(Some("x".into())));
    }

    #[test]
    fn dates_are_strict() {
        assert_eq!(optional_date(""), Ok(None));
        assert_eq!(
            optional_date("2024-02-29").map(|d| d.map(format_date)),
            Ok(Some("2024-02-29".into()))
        );
        assert_eq!(optional_date("2023-02-29"), Err("field.date"));
        assert_eq!(optional_date("31/12/2024"), Err("field.date"));
        assert_eq!(optional_date("2024-1-01"), Err("field.date"));
    }

    #[test]
    fn errors_keep_the_first_problem_per_field() {
        let mut e = FieldErrors::new();
        e.add("nib", "nib.format");
        e.add("nib", "field.required");
        e.add("legal_name", "field.required");
        assert_eq!(e.code_for("nib"), Some("nib.format"));
        assert_eq!(e.iter().count(), 2);
        assert_eq!(e.message_for("legal_name", Lang::En), "This field is required.");
        assert_eq!(e.message_for("owner_name", Lang::En), "");
        assert!(e.finish(|| ()).is_err());
    }
}
