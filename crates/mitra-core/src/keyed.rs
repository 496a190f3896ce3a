//! `keyed_enum!`: the one way Mitra declares a closed set of domain values.
//!
//! Each value has a stable snake_case key — the same word in storage, forms, URLs, the API and the
//! glossary (`subkontrak`, `processed_food`) — and a label looked up in the
//! [catalogue](crate::i18n) under `<prefix>.<key>`. Declaring all of that once keeps the five
//! places from drifting apart.

/// Declares a keyed enum: `keyed_enum! { /// doc  pub enum Name: "prefix" { /// doc  Variant => "key", … } }`.
macro_rules! keyed_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident : $prefix:literal {
            $( $(#[$vmeta:meta])* $variant:ident => $key:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $key)] $variant ),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable key used in storage, URLs, forms and the API.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            /// The value with this key.
            pub fn from_key(key: &str) -> Option<$name> {
                match key { $($key => Some($name::$variant),)+ _ => None }
            }

            /// The catalogue key of this value's label.
            pub fn label_key(self) -> &'static str {
                match self { $($name::$variant => concat!($prefix, ".", $key)),+ }
            }

            /// The label in `lang` (a `Lang` or a reference to one, as templates pass it).
            pub fn label(self, lang: impl Into<$crate::i18n::Lang>) -> &'static str {
                $crate::i18n::t(lang.into(), self.label_key())
            }

            /// Parses what a form or JSON body sent: empty is `field.required`, an unknown key
            /// `field.choice`.
            pub fn parse(raw: &str) -> Result<$name, &'static str> {
                let s = raw.trim();
                if s.is_empty() {
                    return Err("field.required");
                }
                $name::from_key(s).ok_or("field.choice")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.key())
            }
        }
    };
}

pub(crate) use keyed_enum;
