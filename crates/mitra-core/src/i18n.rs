//! Languages and the one message catalogue.
//!
//! Mitra speaks Indonesian first and English second. Every sentence a user can read — validation
//! messages, page labels, API error messages — is looked up here by a stable key, so the command
//! line, the JSON API and the pages say the same thing in the same words. Keys are dotted
//! lowercase (`nib.format`, `nav.search`); error keys are also the `code` of API errors, so they
//! never change once released.
//!
//! [`Lang`] is the choice of language; [`t`] looks a key up. A key missing from the catalogue
//! returns the key itself (a visible, harmless fallback) and is caught by the tests.

use serde::{Deserialize, Serialize};

mod catalogue;

/// The language a user reads Mitra in. Indonesian is the default everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Bahasa Indonesia (`id`), the default.
    #[default]
    Id,
    /// English (`en`).
    En,
}

impl Lang {
    /// Both languages, Indonesian first (the order of every bilingual listing).
    pub const ALL: [Lang; 2] = [Lang::Id, Lang::En];

    /// The ISO 639-1 code, used in cookies, URLs and the HTML `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// Parses an ISO 639-1 code (`id`, `en`, any case, surrounding space ignored). Returns `None`
    /// for anything else so callers fall back to the default rather than fail.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "id" | "in" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The Indonesian or the English text, whichever this language is: for messages built in
    /// place (with values formatted in) rather than taken from the catalogue.
    pub fn pick<'a>(self, id: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Id => id,
            Lang::En => en,
        }
    }

    /// The other language (what the language switch offers).
    pub fn other(self) -> Lang {
        match self {
            Lang::Id => Lang::En,
            Lang::En => Lang::Id,
        }
    }
}

/// Templates pass arguments by reference; this lets every `impl Into<Lang>` parameter take both.
impl From<&Lang> for Lang {
    fn from(l: &Lang) -> Lang {
        *l
    }
}

/// Looks `key` up in the catalogue in `lang`. Unknown keys come back unchanged.
pub fn t(lang: Lang, key: &str) -> &str {
    match catalogue::lookup(key) {
        Some((id, en)) => match lang {
            Lang::Id => id,
            Lang::En => en,
        },
        None => key,
    }
}

/// True when `key` is in the catalogue; used by tests of templates and error codes.
pub fn has_key(key: &str) -> bool {
    catalogue::lookup(key).is_some()
}

/// Every key of the catalogue, in catalogue order (for tests and documentation).
pub fn keys() -> impl Iterator<Item = &'static str> {
    catalogue::entries().map(|(k, _, _)| *k)
}

/// Formats an amount of rupiah the Indonesian way: `Rp 1.500.000` (dots between thousands) in
/// both languages, because that is how rupiah amounts are printed in Indonesia.
pub fn format_rupiah(amount: i64) -> String {
    format!("Rp {}", group_thousands(amount))
}

/// Groups digits by thousands with dots: `1500000` → `1.500.000`.
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn catalogue_keys_are_unique_and_both_languages_are_filled() {
        let mut seen = HashSet::new();
        for (key, id, en) in catalogue::entries() {
            assert!(seen.insert(*key), "duplicate key {key}");
            assert!(!id.trim().is_empty(), "{key} has no Indonesian text");
            assert!(!en.trim().is_empty(), "{key} has no English text");
            assert!(
                key.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._".contains(c)),
                "{key} is not a dotted lowercase key"
            );
        }
    }

    #[test]
    fn lookup_in_both_languages_and_fallback() {
        assert_eq!(t(Lang::Id, "field.required"), "Wajib diisi.");
        assert_eq!(t(Lang::En, "field.required"), "This field is required.");
        assert_eq!(t(Lang::En, "no.such.key"), "no.such.key");
    }

    #[test]
    fn lang_codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code(" EN "), Some(Lang::En));
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(Lang::default(), Lang::Id);
    }

    #[test]
    fn rupiah_is_grouped_with_dots() {
        assert_eq!(format_rupiah(0), "Rp 0");
        assert_eq!(format_rupiah(999), "Rp 999");
        assert_eq!(format_rupiah(1_000), "Rp 1.000");
        assert_eq!(format_rupiah(1_500_000), "Rp 1.500.000");
        assert_eq!(format_rupiah(-12_345_678), "Rp -12.345.678");
    }
}
