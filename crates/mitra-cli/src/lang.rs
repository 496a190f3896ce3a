//! The user's language on the command line: Indonesian first, English second. The language
//! itself is core's [`Lang`] (one for the whole of Mitra); this module only reads it from
//! `--lang` or the environment.

pub use mitra_core::Lang;

/// `--lang` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    /// Bahasa Indonesia (the default).
    Id,
    /// English.
    En,
}

/// `--lang` when given, else the `LC_ALL`/`LC_MESSAGES`/`LANG` environment (English when it
/// starts with `en`), else Indonesian.
pub fn detect(flag: Option<LangArg>) -> Lang {
    match flag {
        Some(LangArg::Id) => return Lang::Id,
        Some(LangArg::En) => return Lang::En,
        None => {}
    }
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(v) = std::env::var(var) {
            if v.is_empty() {
                continue;
            }
            return if v.to_ascii_lowercase().starts_with("en") { Lang::En } else { Lang::Id };
        }
    }
    Lang::Id
}
