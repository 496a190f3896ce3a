//! Regencies and cities, keyed by their statistics-office (BPS) code.
//!
//! Mitra keys a region by its four-digit BPS regency code (`1275` is Kota Medan); the first two
//! digits are the province (`12`, Sumatera Utara). Nothing assumes one province: the shipped
//! table holds North Sumatra's 33 regencies and cities (`data/regions-sumut.csv`), and another
//! province is one more CSV in [`SOURCES`]. Codes are strings because they are identifiers, not
//! numbers, and because the home-affairs (Kemendagri) code `12.71` for the same Medan shows that
//! code systems differ.

use serde::Serialize;
use std::sync::OnceLock;

/// A parsed BPS regency code: four ASCII digits. It may still name a regency Mitra does not
/// know; [`Region::find`] answers that.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct RegencyCode(String);

impl RegencyCode {
    /// Parses a code, refusing anything but four digits, and refusing codes of regions that are
    /// not in the shipped table (`regency.unknown`) so that a stored code always has a region.
    pub fn parse(raw: &str) -> Result<RegencyCode, &'static str> {
        let s = raw.trim();
        if s.is_empty() {
            return Err("field.required");
        }
        if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err("regency.unknown");
        }
        if Region::find(s).is_none() {
            return Err("regency.unknown");
        }
        Ok(RegencyCode(s.to_owned()))
    }

    /// Wraps a code read back from storage, where the foreign key already guarantees it exists.
    pub fn from_stored(code: String) -> RegencyCode {
        RegencyCode(code)
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The two-digit province code (`12` for `1275`).
    pub fn province_code(&self) -> &str {
        &self.0[..2.min(self.0.len())]
    }
}

/// Whether a region is a regency (*kabupaten*) or a city (*kota*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RegionKind {
    /// *Kabupaten*, a rural regency.
    Kabupaten,
    /// *Kota*, a city.
    Kota,
}

impl RegionKind {
    /// The stored key (`kabupaten`, `kota`).
    pub fn key(self) -> &'static str {
        match self {
            RegionKind::Kabupaten => "kabupaten",
            RegionKind::Kota => "kota",
        }
    }
}

/// A province: its BPS code and name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Province {
    /// Two-digit BPS province code (`12`).
    pub code: &'static str,
    /// Official name (`Sumatera Utara`).
    pub name: &'static str,
}

/// One regency or city of the shipped table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Region {
    /// Four-digit BPS code, the key everywhere in Mitra.
    pub bps_code: String,
    /// Two-digit province code, the first two digits of `bps_code`.
    pub province_code: String,
    /// Home-affairs (Kemendagri) code, e.g. `12.71`.
    pub kemendagri_code: String,
    /// Regency or city.
    pub kind: RegionKind,
    /// Name without the `Kabupaten`/`Kota` prefix (`Medan`).
    pub name: String,
    /// Land area in km², when the source gave a reliable figure.
    pub area_km2: Option<f64>,
}

/// The provinces whose regions ship with Mitra, with their CSV tables.
pub const SOURCES: &[(Province, &str)] =
    &[(Province { code: "12", name: "Sumatera Utara" }, include_str!("../data/regions-sumut.csv"))];

impl Region {
    /// Every shipped region, in table order.
    pub fn all() -> &'static [Region] {
        static ALL: OnceLock<Vec<Region>> = OnceLock::new();
        ALL.get_or_init(|| {
            SOURCES.iter().flat_map(|(province, csv)| parse_table(province.code, csv)).collect()
        })
    }

    /// The region with this BPS code.
    pub fn find(bps_code: &str) -> Option<&'static Region> {
        Region::all().iter().find(|r| r.bps_code == bps_code)
    }

    /// The display name with its kind, as Indonesians write it (`Kota Medan`, `Kabupaten Karo`).
    pub fn display_name(&self) -> String {
        match self.kind {
            RegionKind::Kabupaten => format!("Kabupaten {}", self.name),
            RegionKind::Kota => format!("Kota {}", self.name),
        }
    }
}

/// The shipped provinces.
pub fn provinces() -> impl Iterator<Item = &'static Province> {
    SOURCES.iter().map(|(p, _)| p)
}

/// Display name for a stored code, or the code itself for an unknown one.
pub fn regency_name(bps_code: &str) -> String {
    Region::find(bps_code).map(Region::display_name).unwrap_or_else(|| bps_code.to_owned())
}

/// Parses one shipped table. The tables are compiled in and checked by the tests, so a malformed
/// line is a programming error; it is skipped rather than panicking at run time.
fn parse_table(province_code: &str, csv: &str) -> Vec<Region> {
    csv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .filter_map(|line| {
            let cols: Vec<&str> = line.split(',').map(str::trim).collect();
            let [bps, kemendagri, kind, name, area] = cols.as_slice() else { return None };
            let kind = match *kind {
                "kabupaten" => RegionKind::Kabupaten,
                "kota" => RegionKind::Kota,
                _ => return None,
            };
            Some(Region {
                bps_code: (*bps).to_owned(),
                province_code: province_code.to_owned(),
                kemendagri_code: (*kemendagri).to_owned(),
                kind,
                name: (*name).to_owned(),
                area_km2: area.parse().ok(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn north_sumatra_has_33_regions_25_kabupaten_8_kota() {
        let all = Region::all();
        assert_eq!(all.len(), 33);
        assert_eq!(all.iter().filter(|r| r.kind == RegionKind::Kabupaten).count(), 25);
        assert_eq!(all.iter().filter(|r| r.kind == RegionKind::Kota).count(), 8);
        for r in all {
            assert!(r.bps_code.starts_with(&r.province_code), "{}", r.bps_code);
            assert_eq!(r.bps_code.len(), 4);
        }
        let csv_lines = SOURCES[0].1.lines().skip(1).filter(|l| !l.trim().is_empty()).count();
        assert_eq!(csv_lines, all.len(), "a line of the shipped table failed to parse");
    }

    #[test]
    fn medan_codes_differ_between_bps_and_kemendagri() {
        let medan = Region::find("1275").expect("Medan");
        assert_eq!(medan.kemendagri_code, "12.71");
        assert_eq!(medan.display_name(), "Kota Medan");
        assert_eq!(Region::find("1220").and_then(|r| r.area_km2), None);
    }

    #[test]
    fn regency_codes_parse() {
        assert_eq!(
            RegencyCode::parse(" 1212 ").map(|c| c.province_code().to_owned()),
            Ok("12".into())
        );
        assert_eq!(RegencyCode::parse(""), Err("field.required"));
        assert_eq!(RegencyCode::parse("12.71"), Err("regency.unknown"));
        assert_eq!(RegencyCode::parse("3171"), Err("regency.unknown"));
    }
}
