//! The fixed cast of the demo: the institution, buyers, showcase UMKM, accounts and partnerships.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::organisation::{NewOrganisation, OrganisationDraft, OrganisationKind};
use crate::partnership::{ContractStyle, PartnershipPath, Pattern, Scope, Status};
use crate::user::Role;

/// Which organisation of the [`DemoWorld`] something refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgRef {
    /// The institution.
    Institution,
    /// `buyers[i]`.
    Buyer(usize),
    /// `showcase[i]`.
    Showcase(usize),
}

/// A demo account with its password in clear, to be printed for the person trying Mitra.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAccount {
    /// Login email.
    pub email: String,
    /// Display name.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Organisation (`None` for the administrator).
    pub organisation: Option<OrgRef>,
    /// Password (demo only; printed on the console).
    pub password: String,
}

/// A demo partnership.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoPartnership {
    /// Buyer.
    pub buyer: OrgRef,
    /// Supplier.
    pub supplier: OrgRef,
    /// Pattern.
    pub pattern: Pattern,
    /// Path.
    pub path: PartnershipPath,
    /// Facilitator when facilitated.
    pub facilitator: Option<String>,
    /// Contract style.
    pub contract_style: ContractStyle,
    /// Written contract.
    pub contract_written: bool,
    /// Payment terms.
    pub payment_terms_days: Option<i64>,
    /// Scope.
    pub scope: Vec<Scope>,
    /// One joint investment: purpose, amount, buyer share %.
    pub joint_investment: Option<(String, i64, i64)>,
    /// Where the demo leaves it.
    pub status: Status,
    /// Supplier's consent to the institution.
    pub institution_consent: bool,
}

/// The fixed cast of the demo.
#[derive(Debug, Clone)]
pub struct DemoWorld {
    /// Dinas Koperasi dan UKM Provinsi Sumatera Utara.
    pub institution: NewOrganisation,
    /// Buying organisations.
    pub buyers: Vec<NewOrganisation>,
    /// Named UMKM that the demo accounts and partnerships use.
    pub showcase: Vec<NewOrganisation>,
    /// One or more accounts per role.
    pub accounts: Vec<DemoAccount>,
    /// Partnerships across patterns.
    pub partnerships: Vec<DemoPartnership>,
}

fn org(kind: OrganisationKind, fields: [&str; 10]) -> NewOrganisation {
    let [legal_name, owner_name, regency, sector, products, workers, capital, sales, online, qc] =
        fields;
    let draft = OrganisationDraft {
        legal_name: legal_name.into(),
        owner_name: owner_name.into(),
        regency: regency.into(),
        sector: sector.into(),
        products: products.into(),
        workers: workers.into(),
        business_capital: capital.into(),
        annual_sales: sales.into(),
        online_presence: online.into(),
        qc_practice: qc.into(),
        ..Default::default()
    };
    // The cast is written here and checked by a test; a typo must not crash a demo.
    draft.parse(kind).unwrap_or_else(|e| panic!("demo organisation {legal_name} is invalid: {e}"))
}

impl DemoWorld {
    /// The cast, with passwords drawn from `password_seed` (the server draws it at random, so
    /// that no two demo instances share their passwords).
    pub fn new(password_seed: u64) -> DemoWorld {
        use OrganisationKind::{Buyer, Institution, Umkm};
        let institution = org(
            Institution,
            [
                "Dinas Koperasi dan UKM Provinsi Sumatera Utara",
                "Kepala Dinas",
                "1275",
                "other",
                "pembinaan UMKM",
                "120",
                "",
                "",
                "own_website",
                "documented",
            ],
        );
        let buyers = vec![
            org(
                Buyer,
                [
                    "PT Sawit Deli Lestari",
                    "Herman Sitorus",
                    "1212",
                    "agricultural",
                    "minyak sawit mentah, inti sawit",
                    "850",
                    "250.000.000.000",
                    "1.200.000.000.000",
                    "own_website",
                    "certified",
                ],
            ),
            org(
                Buyer,
                [
                    "PT Karet Asahan Makmur",
                    "Lim Swie Hoa",
                    "1208",
                    "agricultural",
                    "karet remah SIR 20",
                    "430",
                    "90.000.000.000",
                    "600.000.000.000",
                    "own_website",
                    "certified",
                ],
            ),
            org(
                Buyer,
                [
                    "PT Kopi Sidikalang Nusantara",
                    "Maruli Sihombing",
                    "1210",
                    "processed_food",
                    "kopi sangrai, kopi bubuk",
                    "160",
                    "25.000.000.000",
                    "140.000.000.000",
                    "marketplace",
                    "certified",
                ],
            ),
            org(
                Buyer,
                [
                    "Hotel Danau Toba Permai",
                    "Sarah Napitupulu",
                    "1206",
                    "other",
                    "akomodasi, restoran",
                    "210",
                    "60.000.000.000",
                    "75.000.000.000",
                    "own_website",
                    "documented",
                ],
            ),
            org(
                Buyer,
                [
                    "Swalayan Maju Bersama",
                    "Andi Wijaya",
                    "1275",
                    "other",
                    "ritel swalayan",
                    "320",
                    "40.000.000.000",
                    "210.000.000.000",
                    "own_website",
                    "documented",
                ],
            ),
            org(
                Buyer,
                [
                    "PT Perkebunan Agro Sumatera (Persero)",
                    "Direksi BUMN",
                    "1275",
                    "agricultural",
                    "kelapa sawit, karet, teh",
                    "5200",
                    "1.500.000.000.000",
                    "4.800.000.000.000",
                    "own_website",
                    "certified",
                ],
            ),
        ];
        let showcase = vec![
            org(
                Umkm,
                [
                    "UD Bika Ambon Ibu Rosmawati",
                    "Rosmawati Siregar",
                    "1275",
                    "processed_food",
                    "bika ambon, bolu meranti",
                    "7",
                    "650.000.000",
                    "2.400.000.000",
                    "marketplace",
                    "manual_inspection",
                ],
            ),
            org(
                Umkm,
                [
                    "Tenun Ulos Boru Sinaga",
                    "Tiurma Sinaga",
                    "1206",
                    "garment_textile",
                    "ulos, kain tenun",
                    "4",
                    "120.000.000",
                    "480.000.000",
                    "social_media",
                    "manual_inspection",
                ],
            ),
            org(
                Umkm,
                [
                    "Kelompok Tani Kopi Lintong Jaya",
                    "Poltak Simanjuntak",
                    "1215",
                    "agricultural",
                    "kopi arabika",
                    "18",
                    "900.000.000",
                    "3.500.000.000",
                    "social_media",
                    "documented",
                ],
            ),
            org(
                Umkm,
                [
                    "CV Keripik Siantar Berkah",
                    "Darwin Damanik",
                    "1273",
                    "processed_food",
                    "keripik pisang, keripik ubi",
                    "24",
                    "5.600.000.000",
                    "12.000.000.000",
                    "marketplace",
                    "documented",
                ],
            ),
            org(
                Umkm,
                [
                    "Konveksi Seragam Binjai Mandiri",
                    "Nurhayati Lubis",
                    "1276",
                    "garment_textile",
                    "seragam sekolah, kaos sablon",
                    "12",
                    "1.400.000.000",
                    "1.900.000.000",
                    "social_media",
                    "manual_inspection",
                ],
            ),
            org(
                Umkm,
                [
                    "Kebun Jeruk Berastagi Sejahtera",
                    "Ferdinand Ginting",
                    "1211",
                    "agricultural",
                    "jeruk, kentang",
                    "9",
                    "300.000.000",
                    "1.100.000.000",
                    "none",
                    "manual_inspection",
                ],
            ),
            org(
                Umkm,
                [
                    "Sanggar Ukiran Batak Samosir",
                    "Jonner Situmorang",
                    "1217",
                    "crafts",
                    "ukiran batak, gorga",
                    "3",
                    "45.000.000",
                    "150.000.000",
                    "social_media",
                    "none",
                ],
            ),
            org(
                Umkm,
                [
                    "Getah Rakyat Asahan Bersama",
                    "Ismail Batubara",
                    "1208",
                    "agricultural",
                    "getah karet",
                    "35",
                    "6.500.000.000",
                    "22.000.000.000",
                    "none",
                    "manual_inspection",
                ],
            ),
            org(
                Umkm,
                [
                    "Anyaman Pandan Serdang Indah",
                    "Siti Rangkuti",
                    "1218",
                    "crafts",
                    "anyaman pandan, tikar purun",
                    "5",
                    "80.000.000",
                    "260.000.000",
                    "marketplace",
                    "manual_inspection",
                ],
            ),
            org(
                Umkm,
                [
                    "Plasma Sawit Labuhanbatu Makmur",
                    "Rahmat Hasibuan",
                    "1207",
                    "agricultural",
                    "tandan buah segar sawit",
                    "60",
                    "8.000.000.000",
                    "31.000.000.000",
                    "none",
                    "documented",
                ],
            ),
            org(
                Umkm,
                [
                    "Teri Medan Bu Ani",
                    "Ani Tanjung",
                    "1212",
                    "processed_food",
                    "teri medan, ikan asin",
                    "6",
                    "400.000.000",
                    "900.000.000",
                    "marketplace",
                    "manual_inspection",
                ],
            ),
            org(
                Umkm,
                [
                    "Sirup Markisa Sibayak",
                    "Dame Tarigan",
                    "1211",
                    "processed_food",
                    "sirup markisa",
                    "11",
                    "1.200.000.000",
                    "4.000.000.000",
                    "own_website",
                    "certified",
                ],
            ),
        ];
        let mut rng = ChaCha8Rng::seed_from_u64(password_seed ^ 0x006d_6974_7261);
        let mut password = || {
            const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
            let s: String =
                (0..10).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect();
            format!("demo-{s}")
        };
        let account = |email: &str, name: &str, role, organisation, password: String| DemoAccount {
            email: email.into(),
            display_name: name.into(),
            role,
            organisation,
            password,
        };
        let accounts = vec![
            account("admin@mitra.example", "Administrator Mitra", Role::Admin, None, password()),
            account(
                "petugas@dinaskopukm-sumut.example",
                "Rahmawati Nasution",
                Role::InstitutionOfficer,
                Some(OrgRef::Institution),
                password(),
            ),
            account(
                "pembeli@sawitdeli.example",
                "Herman Sitorus",
                Role::BuyerUser,
                Some(OrgRef::Buyer(0)),
                password(),
            ),
            account(
                "pembeli@hoteltoba.example",
                "Sarah Napitupulu",
                Role::BuyerUser,
                Some(OrgRef::Buyer(3)),
                password(),
            ),
            // Two colleagues of the hotel's buyer, so that three evaluators can weigh a
            // supplier selection together (group AHP).
            account(
                "pengadaan@hoteltoba.example",
                "Budi Simanjuntak",
                Role::BuyerUser,
                Some(OrgRef::Buyer(3)),
                password(),
            ),
            account(
                "dapur@hoteltoba.example",
                "Lestari Manurung",
                Role::BuyerUser,
                Some(OrgRef::Buyer(3)),
                password(),
            ),
            account(
                "pemasok@bikaambon.example",
                "Rosmawati Siregar",
                Role::SupplierUser,
                Some(OrgRef::Showcase(0)),
                password(),
            ),
            account(
                "pemasok@ulossinaga.example",
                "Tiurma Sinaga",
                Role::SupplierUser,
                Some(OrgRef::Showcase(1)),
                password(),
            ),
        ];
        let p = |buyer, supplier, pattern, status, consent| DemoPartnership {
            buyer: OrgRef::Buyer(buyer),
            supplier: OrgRef::Showcase(supplier),
            pattern,
            path: PartnershipPath::Natural,
            facilitator: None,
            contract_style: ContractStyle::LongTerm,
            contract_written: true,
            payment_terms_days: Some(30),
            scope: vec![Scope::Procurement, Scope::Processing],
            joint_investment: None,
            status,
            institution_consent: consent,
        };
        use Pattern::*;
        let partnerships = vec![
            // Sub-contract, the pattern that worked best in North Sumatra, is the most common.
            DemoPartnership {
                joint_investment: Some(("alat pengemas vakum".into(), 45_000_000, 60)),
                ..p(3, 0, Subkontrak, Status::Active, true)
            },
            p(4, 0, PerdaganganUmum, Status::Active, false),
            DemoPartnership {
                contract_style: ContractStyle::ShortTerm,
                ..p(3, 1, Subkontrak, Status::Active, true)
            },
            DemoPartnership {
                status: Status::Proposed,
                ..p(4, 1, Subkontrak, Status::Proposed, false)
            },
            DemoPartnership {
                scope: vec![Scope::Procurement, Scope::Transport],
                joint_investment: Some(("mesin pengupas kopi".into(), 120_000_000, 70)),
                ..p(2, 2, RantaiPasok, Status::Active, true)
            },
            p(4, 3, Subkontrak, Status::Active, true),
            DemoPartnership {
                path: PartnershipPath::Facilitated,
                facilitator: Some("Dinas Koperasi dan UKM Provinsi Sumatera Utara".into()),
                ..p(5, 4, Subkontrak, Status::Active, true)
            },
            DemoPartnership {
                contract_style: ContractStyle::Spot,
                contract_written: false,
                payment_terms_days: None,
                ..p(3, 5, PerdaganganUmum, Status::Suspended, false)
            },
            DemoPartnership { contract_written: false, ..p(3, 6, Subkontrak, Status::Ended, true) },
            DemoPartnership {
                path: PartnershipPath::Facilitated,
                facilitator: Some("PT Perkebunan Agro Sumatera (Persero)".into()),
                scope: vec![Scope::Procurement, Scope::Processing, Scope::RAndD],
                ..p(1, 7, IntiPlasma, Status::Active, true)
            },
            p(4, 8, DistribusiKeagenan, Status::Active, false),
            DemoPartnership {
                path: PartnershipPath::Facilitated,
                facilitator: Some("PT Perkebunan Agro Sumatera (Persero)".into()),
                contract_style: ContractStyle::OpenEnded,
                ..p(0, 9, IntiPlasma, Status::Active, true)
            },
            p(5, 9, RantaiPasok, Status::Proposed, false),
            p(4, 10, Subkontrak, Status::Active, true),
            DemoPartnership {
                joint_investment: Some(("pelatihan keamanan pangan".into(), 15_000_000, 50)),
                ..p(3, 11, BagiHasil, Status::Active, true)
            },
            p(2, 11, Subkontrak, Status::Proposed, false),
        ];
        DemoWorld { institution, buyers, showcase, accounts, partnerships }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cast_is_valid_and_covers_every_role() {
        let w = DemoWorld::new(1);
        assert_eq!(w.institution.legal_name, "Dinas Koperasi dan UKM Provinsi Sumatera Utara");
        for role in Role::ALL {
            assert!(w.accounts.iter().any(|a| a.role == *role), "{role}");
        }
        let refs_ok = |r: OrgRef| match r {
            OrgRef::Institution => true,
            OrgRef::Buyer(i) => i < w.buyers.len(),
            OrgRef::Showcase(i) => i < w.showcase.len(),
        };
        assert!(w.accounts.iter().filter_map(|a| a.organisation).all(refs_ok));
        assert!(w.partnerships.iter().all(|p| refs_ok(p.buyer) && refs_ok(p.supplier)));
        let sub = w.partnerships.iter().filter(|p| p.pattern == Pattern::Subkontrak).count();
        for pattern in Pattern::ALL.iter().filter(|p| **p != Pattern::Subkontrak) {
            let n = w.partnerships.iter().filter(|p| p.pattern == *pattern).count();
            assert!(sub > n, "sub-contract is the most common, {pattern} has {n}");
        }
        assert!(w.accounts.iter().all(|a| crate::user::Password::parse(&a.password).is_ok()));
        assert_eq!(DemoWorld::new(1).accounts, w.accounts, "reproducible passwords");
        let other = DemoWorld::new(2);
        assert_eq!((&other.buyers, &other.showcase), (&w.buyers, &w.showcase), "the same cast");
        assert!(
            other.accounts.iter().zip(&w.accounts).all(|(a, b)| a.password != b.password),
            "another password seed, other passwords"
        );
    }
}
