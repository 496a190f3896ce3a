//! Demo data that looks like North Sumatra: seeded and reproducible.
//!
//! [`UmkmGenerator`] produces any number of UMKM with the province's size mix (57.30 % micro,
//! 23.15 % small, 19.55 % medium — the 2018 count of 2,867,908 in the paper), its four product
//! groups, Indonesian names, and all 33 regencies weighted by population (Medan and Deli Serdang
//! heaviest). [`DemoWorld`] is the small cast around them: the provincial Dinas Koperasi dan UKM,
//! buyers (palm-oil, rubber and coffee processors, hotels, retailers, a state-owned enterprise),
//! showcase UMKM, demo accounts per role, and partnerships across patterns with sub-contract the
//! most common. The same seed gives the same data on every machine (ChaCha8).

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

mod world;

pub use world::{DemoAccount, DemoPartnership, DemoWorld, OrgRef};

use crate::organisation::{
    NewOrganisation, Nib, OnlinePresence, OrganisationKind, Products, QcPractice, Rupiah, Sector,
};
use crate::region::RegencyCode;
use crate::size::SizeClass;

/// The seed `mitra serve --demo` and `mitra demo` use unless told otherwise.
pub const DEFAULT_SEED: u64 = 2018;

/// North Sumatra's UMKM count in 2018 (the paper), the scale `mitra demo` must handle.
pub const SUMUT_UMKM_2018: u64 = 2_867_908;

/// Size mix in basis points (1/100 %): micro, small, medium.
pub const SIZE_MIX_BP: [(SizeClass, u32); 3] =
    [(SizeClass::Micro, 5730), (SizeClass::Small, 2315), (SizeClass::Medium, 1955)];

/// Weights of the regencies: approximate 2020 census populations in thousands. They shape the
/// demo only; they are not statistics Mitra reports.
const REGENCY_WEIGHTS: [(&str, u32); 33] = [
    ("1201", 147),
    ("1202", 472),
    ("1203", 302),
    ("1204", 365),
    ("1205", 312),
    ("1206", 206),
    ("1207", 494),
    ("1208", 769),
    ("1209", 990),
    ("1210", 311),
    ("1211", 404),
    ("1212", 1931),
    ("1213", 1030),
    ("1214", 360),
    ("1215", 197),
    ("1216", 52),
    ("1217", 135),
    ("1218", 657),
    ("1219", 411),
    ("1220", 260),
    ("1221", 261),
    ("1222", 314),
    ("1223", 374),
    ("1224", 147),
    ("1225", 89),
    ("1271", 89),
    ("1272", 176),
    ("1273", 268),
    ("1274", 172),
    ("1275", 2435),
    ("1276", 291),
    ("1277", 225),
    ("1278", 136),
];

/// Sector weights in per mille: the four product groups, and a few others.
const SECTOR_WEIGHTS: [(Sector, u32); 5] = [
    (Sector::ProcessedFood, 380),
    (Sector::Agricultural, 260),
    (Sector::Crafts, 150),
    (Sector::GarmentTextile, 130),
    (Sector::Other, 80),
];

const FIRST_NAMES: &[&str] = &[
    "Siti",
    "Sri",
    "Rosmawati",
    "Nurhayati",
    "Dewi",
    "Rina",
    "Lestari",
    "Maria",
    "Ruth",
    "Erna",
    "Budi",
    "Rahmat",
    "Ahmad",
    "Darwin",
    "Jonner",
    "Togar",
    "Hendra",
    "Ucok",
    "Poltak",
    "Agus",
    "Ferdinand",
    "Ismail",
    "Rudi",
    "Yusuf",
    "Benny",
    "Nursiah",
    "Tiurma",
    "Dame",
    "Fitri",
    "Yanti",
];

const SURNAMES: &[&str] = &[
    "Siregar",
    "Nasution",
    "Lubis",
    "Harahap",
    "Simanjuntak",
    "Sitompul",
    "Hutagalung",
    "Ginting",
    "Tarigan",
    "Sembiring",
    "Manurung",
    "Sinaga",
    "Pardede",
    "Panjaitan",
    "Situmorang",
    "Damanik",
    "Saragih",
    "Purba",
    "Batubara",
    "Rangkuti",
    "Pohan",
    "Tanjung",
    "Daulay",
    "Hasibuan",
    "Simatupang",
    "Sihombing",
    "Zebua",
    "Gulo",
    "Hia",
    "Pane",
];

const PLACES: &[&str] = &[
    "Deli",
    "Toba",
    "Sumatera",
    "Karo",
    "Simalungun",
    "Asahan",
    "Angkola",
    "Mandailing",
    "Samosir",
    "Sibayak",
    "Sinabung",
    "Kesawan",
    "Labuhan",
    "Tapanuli",
    "Nias",
    "Pakpak",
    "Dairi",
    "Batang Toru",
];

const VIRTUES: &[&str] = &[
    "Jaya",
    "Makmur",
    "Sejahtera",
    "Berkah",
    "Mandiri",
    "Sentosa",
    "Abadi",
    "Lestari",
    "Rezeki",
    "Bersama",
    "Maju",
    "Indah",
    "Permai",
    "Mulia",
    "Utama",
];

fn products_of(sector: Sector) -> &'static [&'static str] {
    match sector {
        Sector::ProcessedFood => &[
            "bika ambon",
            "bolu meranti",
            "keripik pisang",
            "keripik ubi",
            "dodol",
            "teri medan",
            "sirup markisa",
            "kopi bubuk",
            "sambal andaliman",
            "kacang tojin",
            "lemang",
            "roti ketawa",
            "ikan asin",
            "tahu",
            "tempe",
        ],
        Sector::Agricultural => &[
            "kopi arabika",
            "jeruk",
            "kentang",
            "kubis",
            "cabai merah",
            "tandan buah segar sawit",
            "getah karet",
            "salak",
            "kakao",
            "andaliman",
            "kemenyan",
            "pinang",
            "kelapa",
            "padi",
        ],
        Sector::Crafts => &[
            "ukiran batak",
            "anyaman pandan",
            "anyaman rotan",
            "gorga",
            "tas ulos",
            "souvenir kayu",
            "keranjang bambu",
            "tikar purun",
            "gerabah",
        ],
        Sector::GarmentTextile => &[
            "ulos",
            "songket batubara",
            "kain tenun",
            "seragam sekolah",
            "kaos sablon",
            "kebaya",
            "mukena",
            "jahitan konveksi",
            "batik medan",
        ],
        Sector::Other => &[
            "bengkel las",
            "percetakan",
            "sabun herbal",
            "pupuk organik",
            "perabot kayu",
            "jasa servis",
            "kerupuk kulit",
        ],
    }
}

fn name_head(sector: Sector) -> &'static [&'static str] {
    match sector {
        Sector::ProcessedFood => &["Dapur", "Kedai", "Rumah", "Olahan", "Aneka Rasa"],
        Sector::Agricultural => &["Tani", "Kelompok Tani", "Kebun", "Hasil Bumi"],
        Sector::Crafts => &["Kerajinan", "Sanggar", "Galeri"],
        Sector::GarmentTextile => &["Konveksi", "Tenun", "Butik", "Penjahit"],
        Sector::Other => &["Usaha", "Karya"],
    }
}

/// A cumulative weight table sampled with one random integer.
struct Weighted<T: Copy> {
    cumulative: Vec<(u32, T)>,
    total: u32,
}

impl<T: Copy> Weighted<T> {
    fn new(items: impl IntoIterator<Item = (T, u32)>) -> Self {
        let mut total = 0;
        let cumulative = items
            .into_iter()
            .map(|(item, w)| {
                total += w;
                (total, item)
            })
            .collect();
        Weighted { cumulative, total }
    }

    fn sample(&self, rng: &mut ChaCha8Rng) -> T {
        let x = rng.random_range(0..self.total);
        let i = self.cumulative.partition_point(|(c, _)| *c <= x);
        self.cumulative[i].1
    }
}

/// Capital and sales ranges (inclusive) per class under PP 7/2021, with realistic floors.
fn ranges(class: SizeClass) -> ((i64, i64), (i64, i64)) {
    const JUTA: i64 = 1_000_000;
    const M: i64 = 1_000 * JUTA;
    match class {
        SizeClass::Micro => ((5 * JUTA, M), (12 * JUTA, 2 * M)),
        SizeClass::Small => ((M + 1, 5 * M), (2 * M + 1, 15 * M)),
        SizeClass::Medium => ((5 * M + 1, 10 * M), (15 * M + 1, 50 * M)),
        SizeClass::Large => ((10 * M + 1, 100 * M), (50 * M + 1, 500 * M)),
    }
}

/// Log-uniform in `[lo, hi]`, rounded to a thousand rupiah (small businesses quote round
/// amounts), kept inside the range.
fn log_uniform(rng: &mut ChaCha8Rng, (lo, hi): (i64, i64)) -> i64 {
    let (l, h) = ((lo as f64).ln(), (hi as f64).ln());
    let v = (l + rng.random::<f64>() * (h - l)).exp();
    let rounded = ((v / 1000.0).round() as i64) * 1000;
    rounded.clamp(lo, hi)
}

/// Produces demo UMKM, one after another, from a seed.
pub struct UmkmGenerator {
    rng: ChaCha8Rng,
    regencies: Weighted<usize>,
    sectors: Weighted<Sector>,
    sizes: Weighted<SizeClass>,
    regency_codes: Vec<RegencyCode>,
    serial: u64,
}

impl UmkmGenerator {
    /// A generator; the same seed yields the same sequence.
    pub fn new(seed: u64) -> Self {
        UmkmGenerator::starting_at(seed, 0)
    }

    /// A generator that continues after `serial` organisations already made (by an earlier run of
    /// `mitra demo` on the same database): a different stream, and demo NIBs that do not clash.
    pub fn starting_at(seed: u64, serial: u64) -> Self {
        let regency_codes: Vec<RegencyCode> =
            REGENCY_WEIGHTS.iter().filter_map(|(code, _)| RegencyCode::parse(code).ok()).collect();
        UmkmGenerator {
            rng: ChaCha8Rng::seed_from_u64(
                seed.wrapping_add(serial.wrapping_mul(0x9e37_79b9_7f4a_7c15)),
            ),
            regencies: Weighted::new(REGENCY_WEIGHTS.iter().enumerate().map(|(i, (_, w))| (i, *w))),
            sectors: Weighted::new(SECTOR_WEIGHTS),
            sizes: Weighted::new(SIZE_MIX_BP),
            regency_codes,
            serial,
        }
    }

    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.rng.random_range(0..items.len())]
    }

    /// The next UMKM. Its size class under PP 7/2021 is the class drawn from the mix: capital
    /// and sales are drawn inside that class, and sometimes one of them one class lower (the
    /// higher-class rule then still gives the drawn class).
    pub fn next_umkm(&mut self) -> NewOrganisation {
        self.serial += 1;
        let class = self.sizes.sample(&mut self.rng);
        let sector = self.sectors.sample(&mut self.rng);
        let regency = self.regency_codes[self.regencies.sample(&mut self.rng)].clone();
        let (cap_range, sales_range) = ranges(class);
        let mut capital = log_uniform(&mut self.rng, cap_range);
        let mut sales = log_uniform(&mut self.rng, sales_range);
        if class != SizeClass::Micro && self.rng.random_bool(0.3) {
            let lower =
                SizeClass::ALL[SizeClass::ALL.iter().position(|c| *c == class).unwrap_or(1) - 1];
            let (lc, ls) = ranges(lower);
            if self.rng.random_bool(0.5) {
                capital = log_uniform(&mut self.rng, lc);
            } else {
                sales = log_uniform(&mut self.rng, ls);
            }
        }
        let workers = match class {
            SizeClass::Micro => self.rng.random_range(1..=4),
            SizeClass::Small => self.rng.random_range(5..=19),
            SizeClass::Medium => self.rng.random_range(20..=99),
            SizeClass::Large => self.rng.random_range(100..=500),
        };
        let first = self.pick(FIRST_NAMES);
        let surname = self.pick(SURNAMES);
        let owner_name = format!("{first} {surname}");
        let all_products = products_of(sector);
        let n_products = self.rng.random_range(1..=3usize);
        let start = self.rng.random_range(0..all_products.len());
        let products: Vec<&str> =
            (0..n_products).map(|i| all_products[(start + i) % all_products.len()]).collect();
        let legal_name = match self.rng.random_range(0..4u8) {
            0 => format!("UD {} {}", self.pick(PLACES), self.pick(VIRTUES)),
            1 if class != SizeClass::Micro => {
                format!("CV {} {}", self.pick(PLACES), self.pick(VIRTUES))
            }
            2 => format!(
                "{} {first}",
                name_head(sector)[self.rng.random_range(0..name_head(sector).len())]
            ),
            _ => {
                format!("{} {} {}", capitalise(products[0]), self.pick(PLACES), self.pick(VIRTUES))
            }
        };
        // Bigger businesses are more often online; micro ones mostly not, or on social media.
        let roll = self.rng.random_range(0..10u8);
        let online_presence = match class {
            SizeClass::Micro if roll < 5 => OnlinePresence::None,
            SizeClass::Micro if roll < 9 => OnlinePresence::SocialMedia,
            SizeClass::Micro => OnlinePresence::Marketplace,
            _ if roll < 2 => OnlinePresence::None,
            _ if roll < 5 => OnlinePresence::SocialMedia,
            _ if roll < 9 => OnlinePresence::Marketplace,
            _ => OnlinePresence::OwnWebsite,
        };
        let roll = self.rng.random_range(0..10u8);
        let qc_practice = match class {
            SizeClass::Micro if roll < 5 => QcPractice::None,
            SizeClass::Micro => QcPractice::ManualInspection,
            SizeClass::Small if roll < 2 => QcPractice::None,
            SizeClass::Small if roll < 8 => QcPractice::ManualInspection,
            SizeClass::Small => QcPractice::Documented,
            _ if roll < 4 => QcPractice::ManualInspection,
            _ if roll < 8 => QcPractice::Documented,
            _ => QcPractice::Certified,
        };
        let nib = if self.rng.random_bool(0.45) {
            // Demo NIBs start with 9 so that they cannot clash with the showcase ones (which start
            // with 8) and are unique by the serial number.
            Nib::parse(&format!("9{:012}", self.serial)).ok().flatten()
        } else {
            None
        };
        let capacity = workers * self.rng.random_range(50..=400);
        NewOrganisation {
            kind: OrganisationKind::Umkm,
            legal_name,
            nib,
            owner_name,
            contact_phone: None,
            contact_email: None,
            regency,
            sector,
            products: Products::parse(&products.join(",")).unwrap_or_default(),
            workers,
            business_capital: Rupiah::new(capital).ok(),
            annual_sales: Rupiah::new(sales).ok(),
            online_presence,
            qc_practice,
            capacity_per_month: Some(capacity),
            capacity_unit: Some(unit_of(sector).to_owned()),
            description: String::new(),
        }
    }
}

impl Iterator for UmkmGenerator {
    type Item = NewOrganisation;
    fn next(&mut self) -> Option<NewOrganisation> {
        Some(self.next_umkm())
    }
}

fn unit_of(sector: Sector) -> &'static str {
    match sector {
        Sector::ProcessedFood | Sector::Agricultural => "kg",
        Sector::Crafts | Sector::GarmentTextile | Sector::Other => "pcs",
    }
}

fn capitalise(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::size::{classify, SizeLaw};
    use std::collections::HashMap;

    #[test]
    fn same_seed_same_data() {
        let a: Vec<_> = UmkmGenerator::new(7).take(50).collect();
        let b: Vec<_> = UmkmGenerator::new(7).take(50).collect();
        let c: Vec<_> = UmkmGenerator::new(8).take(50).collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn size_mix_sectors_and_regions_look_like_north_sumatra() {
        let n = 40_000;
        let mut classes = HashMap::new();
        let mut sectors = HashMap::new();
        let mut regencies = HashMap::new();
        for o in UmkmGenerator::new(DEFAULT_SEED).take(n) {
            let class = o.size_class().expect("amounts are always given");
            // The drawn class is what the law gives, under the higher-class rule.
            let d = classify(
                SizeLaw::Pp7_2021,
                o.business_capital.map(Rupiah::get),
                o.annual_sales.map(Rupiah::get),
            );
            assert_eq!(d.class, Some(class));
            assert!(class != SizeClass::Large);
            *classes.entry(class).or_insert(0usize) += 1;
            *sectors.entry(o.sector).or_insert(0usize) += 1;
            *regencies.entry(o.regency.as_str().to_owned()).or_insert(0usize) += 1;
            assert!(!o.products.as_slice().is_empty());
        }
        for (class, bp) in SIZE_MIX_BP {
            let share = classes[&class] as f64 / n as f64;
            assert!((share - f64::from(bp) / 10_000.0).abs() < 0.01, "{class}: {share}");
        }
        assert_eq!(regencies.len(), 33, "every regency appears");
        let mut by_count: Vec<_> = regencies.into_iter().collect();
        by_count.sort_by_key(|(_, c)| std::cmp::Reverse(*c));
        assert_eq!(by_count[0].0, "1275", "Medan is heaviest");
        assert_eq!(by_count[1].0, "1212", "then Deli Serdang");
        for s in
            [Sector::Crafts, Sector::GarmentTextile, Sector::ProcessedFood, Sector::Agricultural]
        {
            assert!(sectors[&s] > n / 20, "{s}");
        }
    }
}
