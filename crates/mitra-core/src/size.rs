//! Size classes of businesses under Indonesian law, and the rule that derives them.
//!
//! Two laws class a business by capital (or net assets) and by annual sales: PP 7/2021 Pasal 35
//! (current, [`SizeLaw::Pp7_2021`], what Mitra stores) and UU 20/2008 Pasal 6 (older,
//! [`SizeLaw::Uu20_2008`], shown on request). A business may fall in different classes by the two
//! measures; Mitra's rule, shown to users beside every class, is that **the higher class wins**.
//! Land and buildings are excluded from capital. A [`SizeDecision`] carries both partial classes
//! so the page can show why.

use serde::Serialize;

use crate::i18n::{format_rupiah, t, Lang};
use crate::keyed::keyed_enum;

keyed_enum! {
    /// Micro, small, medium or large (above medium; *usaha besar*). Ordered: micro < … < large.
    pub enum SizeClass: "size" {
        /// *Usaha mikro*.
        Micro => "micro",
        /// *Usaha kecil*.
        Small => "small",
        /// *Usaha menengah*.
        Medium => "medium",
        /// *Usaha besar*, above the medium thresholds.
        Large => "large",
    }
}

keyed_enum! {
    /// Which law's thresholds to apply.
    pub enum SizeLaw: "size_law" {
        /// PP 7/2021 Pasal 35: business capital (*modal usaha*) and annual sales. The default.
        Pp7_2021 => "pp7_2021",
        /// UU 20/2008 Pasal 6: net assets and annual sales.
        Uu20_2008 => "uu20_2008",
    }
}

// Declared by keyed_enum!, which cannot put #[default] on a variant.
#[allow(clippy::derivable_impls)]
impl Default for SizeLaw {
    fn default() -> Self {
        SizeLaw::Pp7_2021
    }
}

const MILIAR: i64 = 1_000_000_000;
const JUTA: i64 = 1_000_000;

impl SizeLaw {
    /// Upper bounds (inclusive) of micro, small and medium for capital/assets.
    pub fn capital_bounds(self) -> [i64; 3] {
        match self {
            SizeLaw::Pp7_2021 => [MILIAR, 5 * MILIAR, 10 * MILIAR],
            SizeLaw::Uu20_2008 => [50 * JUTA, 500 * JUTA, 10 * MILIAR],
        }
    }

    /// Upper bounds (inclusive) of micro, small and medium for annual sales.
    pub fn sales_bounds(self) -> [i64; 3] {
        match self {
            SizeLaw::Pp7_2021 => [2 * MILIAR, 15 * MILIAR, 50 * MILIAR],
            SizeLaw::Uu20_2008 => [300 * JUTA, 2_500 * JUTA, 50 * MILIAR],
        }
    }

    fn capital_label_key(self) -> &'static str {
        match self {
            SizeLaw::Pp7_2021 => "size.by_capital",
            SizeLaw::Uu20_2008 => "size.by_assets",
        }
    }
}

fn class_by(bounds: [i64; 3], amount: i64) -> SizeClass {
    if amount <= bounds[0] {
        SizeClass::Micro
    } else if amount <= bounds[1] {
        SizeClass::Small
    } else if amount <= bounds[2] {
        SizeClass::Medium
    } else {
        SizeClass::Large
    }
}

/// The outcome of classing one business under one law, with the partial classes that explain it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SizeDecision {
    /// The law applied.
    pub law: SizeLaw,
    /// Business capital (PP 7/2021) or net assets (UU 20/2008), when known.
    pub capital: Option<i64>,
    /// Annual sales, when known.
    pub sales: Option<i64>,
    /// The class by capital alone.
    pub by_capital: Option<SizeClass>,
    /// The class by sales alone.
    pub by_sales: Option<SizeClass>,
    /// The class: the higher of the two partial classes, or the only one known, or `None`.
    pub class: Option<SizeClass>,
}

/// Classes a business under `law`: each known amount gives a partial class and the higher one
/// wins. Amounts are whole rupiah and must be non-negative (guaranteed by the drafts' parsers).
pub fn classify(law: SizeLaw, capital: Option<i64>, sales: Option<i64>) -> SizeDecision {
    let by_capital = capital.map(|c| class_by(law.capital_bounds(), c));
    let by_sales = sales.map(|s| class_by(law.sales_bounds(), s));
    let class = match (by_capital, by_sales) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    SizeDecision { law, capital, sales, by_capital, by_sales, class }
}

impl SizeDecision {
    /// The rule and its application, as sentences in `lang`, e.g. «Mikro menurut modal usaha
    /// (Rp 750.000.000); Kecil menurut penjualan tahunan (Rp 3.000.000.000) → Kecil.»
    pub fn explain(&self, lang: Lang) -> String {
        let mut parts = Vec::new();
        if let (Some(c), Some(amount)) = (self.by_capital, self.capital) {
            parts.push(format!(
                "{} {} ({})",
                c.label(lang),
                t(lang, self.law.capital_label_key()),
                format_rupiah(amount)
            ));
        }
        if let (Some(c), Some(amount)) = (self.by_sales, self.sales) {
            parts.push(format!(
                "{} {} ({})",
                c.label(lang),
                t(lang, "size.by_sales"),
                format_rupiah(amount)
            ));
        }
        let class = self.class.map(|c| c.label(lang)).unwrap_or_else(|| t(lang, "size.unknown"));
        format!(
            "{} → {}. {} [{}]",
            parts.join("; "),
            class,
            t(lang, "size.rule"),
            self.law.label(lang)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use SizeClass::*;

    fn pp(capital: i64, sales: i64) -> Option<SizeClass> {
        classify(SizeLaw::Pp7_2021, Some(capital), Some(sales)).class
    }

    #[test]
    fn pp7_2021_thresholds_are_inclusive_upper_bounds() {
        assert_eq!(pp(0, 0), Some(Micro));
        assert_eq!(pp(MILIAR, 2 * MILIAR), Some(Micro));
        assert_eq!(pp(MILIAR + 1, 0), Some(Small));
        assert_eq!(pp(0, 2 * MILIAR + 1), Some(Small));
        assert_eq!(pp(5 * MILIAR, 15 * MILIAR), Some(Small));
        assert_eq!(pp(5 * MILIAR + 1, 0), Some(Medium));
        assert_eq!(pp(10 * MILIAR, 50 * MILIAR), Some(Medium));
        assert_eq!(pp(10 * MILIAR + 1, 0), Some(Large));
        assert_eq!(pp(0, 50 * MILIAR + 1), Some(Large));
    }

    #[test]
    fn uu20_2008_differs_from_pp7_2021() {
        // 400 juta capital, 1 miliar sales: micro under PP 7/2021, small under UU 20/2008.
        let d = classify(SizeLaw::Uu20_2008, Some(400 * JUTA), Some(MILIAR));
        assert_eq!((d.by_capital, d.by_sales, d.class), (Some(Small), Some(Small), Some(Small)));
        assert_eq!(pp(400 * JUTA, MILIAR), Some(Micro));
        assert_eq!(
            classify(SizeLaw::Uu20_2008, Some(50 * JUTA), Some(300 * JUTA)).class,
            Some(Micro)
        );
        assert_eq!(classify(SizeLaw::Uu20_2008, Some(600 * JUTA), None).class, Some(Medium));
    }

    #[test]
    fn missing_amounts() {
        assert_eq!(classify(SizeLaw::Pp7_2021, None, None).class, None);
        assert_eq!(classify(SizeLaw::Pp7_2021, None, Some(3 * MILIAR)).class, Some(Small));
    }

    #[test]
    fn explanation_names_both_measures_and_the_rule() {
        let d = classify(SizeLaw::Pp7_2021, Some(750 * JUTA), Some(3 * MILIAR));
        let id = d.explain(Lang::Id);
        assert!(id.contains("Mikro menurut modal usaha (Rp 750.000.000)"), "{id}");
        assert!(id.contains("Kecil menurut penjualan tahunan (Rp 3.000.000.000) → Kecil"), "{id}");
        assert!(id.contains("PP 7/2021"), "{id}");
        assert!(d.explain(Lang::En).contains("the higher class applies"));
    }

    proptest! {
        #[test]
        fn the_class_is_the_higher_partial_class(c in 0i64..100 * MILIAR, s in 0i64..200 * MILIAR) {
            for &law in SizeLaw::ALL {
                let d = classify(law, Some(c), Some(s));
                let class = d.class.unwrap();
                prop_assert!(class >= d.by_capital.unwrap() && class >= d.by_sales.unwrap());
                prop_assert!(class == d.by_capital.unwrap() || class == d.by_sales.unwrap());
                // Monotone: more capital never gives a smaller class.
                prop_assert!(classify(law, Some(c + MILIAR), Some(s)).class.unwrap() >= class);
            }
        }
    }
}
