//! Organisations: UMKM, buyers and coaching institutions.
//!
//! [`OrganisationDraft`] is what a form or API call sends (all text, kept verbatim so a rejected
//! form can be shown again as typed); [`OrganisationDraft::parse`] turns it into a
//! [`NewOrganisation`] of parsed values ([`Nib`], [`RegencyCode`], [`Products`], [`Rupiah`]) or a
//! list of per-field errors. [`Organisation`] is the stored read model; its size class is derived
//! from capital and sales by [`classify`](crate::size::classify) under PP 7/2021 at write time.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::field::{
    bounded_integer, format_date, non_negative_integer, optional_date, optional_text,
    required_text, FieldErrors,
};
use crate::keyed::keyed_enum;
use crate::region::RegencyCode;
use crate::size::{classify, SizeClass, SizeDecision, SizeLaw};
use crate::user::Email;

keyed_enum! {
    /// What an organisation is in Mitra.
    pub enum OrganisationKind: "kind" {
        /// A micro, small or medium enterprise: a (potential) supplier.
        Umkm => "umkm",
        /// A buying organisation: a large firm, a state-owned enterprise, a retailer, a hotel.
        Buyer => "buyer",
        /// A coaching institution such as a provincial Dinas Koperasi dan UKM.
        Institution => "institution",
    }
}

keyed_enum! {
    /// Sector: North Sumatra's four main UMKM product groups, and everything else.
    pub enum Sector: "sector" {
        /// Crafts (*kerajinan*): ulos weaving, wood carving, pandan mats.
        Crafts => "crafts",
        /// Garment and textile (*garmen dan tekstil*).
        GarmentTextile => "garment_textile",
        /// Processed food (*makanan olahan*).
        ProcessedFood => "processed_food",
        /// Agricultural products (*hasil pertanian*): coffee, oranges, rubber, palm fruit.
        Agricultural => "agricultural",
        /// Anything else, including buyers' and institutions' own sectors.
        Other => "other",
    }
}

keyed_enum! {
    /// How the organisation sells or shows itself online.
    pub enum OnlinePresence: "online" {
        /// Not online.
        None => "none",
        /// Social media (Facebook, Instagram, WhatsApp Business).
        SocialMedia => "social_media",
        /// A marketplace shop (Tokopedia, Shopee…).
        Marketplace => "marketplace",
        /// Its own website.
        OwnWebsite => "own_website",
    }
}

keyed_enum! {
    /// Quality-control practice, from none to certified.
    pub enum QcPractice: "qc" {
        /// No quality control.
        None => "none",
        /// Products are inspected by hand.
        ManualInspection => "manual_inspection",
        /// A written procedure exists and is followed.
        Documented => "documented",
        /// A certified quality system (e.g. ISO 9001, HACCP).
        Certified => "certified",
    }
}

keyed_enum! {
    /// Kinds of certificate an UMKM commonly holds.
    pub enum CertificateKind: "certificate" {
        /// Halal certificate (BPJPH/MUI).
        Halal => "halal",
        /// *Pangan Industri Rumah Tangga* home-industry food permit.
        Pirt => "pirt",
        /// Indonesian national standard (SNI).
        Sni => "sni",
        /// Food and drug agency registration (BPOM MD/ML).
        Bpom => "bpom",
        /// Any other certificate.
        Other => "other",
    }
}

/// A *Nomor Induk Berusaha*: exactly 13 digits (spaces and dots allowed while typing).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Nib(String);

impl Nib {
    /// Parses an NIB; empty means none (the NIB is optional).
    pub fn parse(raw: &str) -> Result<Option<Nib>, &'static str> {
        let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
        if digits.is_empty() {
            return Ok(None);
        }
        if digits.len() == 13 && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Some(Nib(digits)))
        } else {
            Err("nib.format")
        }
    }

    /// The 13 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A whole, non-negative amount of rupiah. Money is never a float in Mitra.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Rupiah(i64);

impl Rupiah {
    /// An amount; negative amounts are refused.
    pub fn new(amount: i64) -> Result<Rupiah, &'static str> {
        if amount < 0 {
            Err("field.negative")
        } else {
            Ok(Rupiah(amount))
        }
    }

    /// Parses typed text (`Rp 1.500.000`); empty means `None`.
    pub fn parse(raw: &str) -> Result<Option<Rupiah>, &'static str> {
        Ok(non_negative_integer(raw)?.map(Rupiah))
    }

    /// The amount in rupiah.
    pub fn get(self) -> i64 {
        self.0
    }
}

/// A phone number: digits with the usual punctuation, 8–20 digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Phone(String);

impl Phone {
    /// Parses a phone number; empty means none.
    pub fn parse(raw: &str) -> Result<Option<Phone>, &'static str> {
        let s = raw.trim();
        if s.is_empty() {
            return Ok(None);
        }
        let digits = s.chars().filter(char::is_ascii_digit).count();
        let allowed = s.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c));
        if allowed && (8..=20).contains(&digits) {
            Ok(Some(Phone(s.to_owned())))
        } else {
            Err("phone.format")
        }
    }

    /// The number as typed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What an organisation makes or sells: up to 20 distinct names of at most 80 characters,
/// written in a form as one comma-separated line.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(transparent)]
pub struct Products(Vec<String>);

impl Products {
    /// Most products one organisation lists.
    pub const MAX: usize = 20;

    /// Parses a comma- or newline-separated list, dropping empty entries and case-insensitive
    /// duplicates.
    pub fn parse(raw: &str) -> Result<Products, &'static str> {
        let mut out: Vec<String> = Vec::new();
        for part in raw.split([',', '\n', ';']) {
            let Some(p) = optional_text(part, 80)? else { continue };
            if !out.iter().any(|o| o.to_lowercase() == p.to_lowercase()) {
                out.push(p);
            }
        }
        if out.len() > Products::MAX {
            return Err("products.too_many");
        }
        Ok(Products(out))
    }

    /// The products.
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }
}

/// The lowercase search key of a name or product: what search compares, so that `Kopi` finds
/// `kopi`.
pub fn search_key(s: &str) -> String {
    // Stored names hold no control character (`field.control_char`); in a search term one
    // could only break the query (FTS5 reads a NUL as the end of its string).
    s.trim().chars().filter(|c| !c.is_control()).collect::<String>().to_lowercase()
}

/// An organisation as typed: every field text, kept verbatim for re-display.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrganisationDraft {
    /// Legal or trading name.
    pub legal_name: String,
    /// NIB, optional.
    pub nib: String,
    /// Owner's (or, for a firm, the responsible manager's) name.
    pub owner_name: String,
    /// Phone, optional.
    pub contact_phone: String,
    /// Contact email, optional.
    pub contact_email: String,
    /// BPS regency code.
    pub regency: String,
    /// Sector key.
    pub sector: String,
    /// Products, comma-separated.
    pub products: String,
    /// Number of workers.
    pub workers: String,
    /// Business capital in rupiah, excluding land and buildings.
    pub business_capital: String,
    /// Annual sales in rupiah.
    pub annual_sales: String,
    /// Online presence key.
    pub online_presence: String,
    /// Quality-control practice key.
    pub qc_practice: String,
    /// Production capacity per month, a whole number.
    pub capacity_per_month: String,
    /// Unit of that capacity (`kg`, `pcs`, `liter`).
    pub capacity_unit: String,
    /// Free description.
    pub description: String,
}

/// A parsed organisation, ready to store.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewOrganisation {
    /// UMKM, buyer or institution.
    pub kind: OrganisationKind,
    /// Legal or trading name, 1–200 characters.
    pub legal_name: String,
    /// NIB, if given.
    pub nib: Option<Nib>,
    /// Owner's name.
    pub owner_name: String,
    /// Phone.
    pub contact_phone: Option<Phone>,
    /// Contact email.
    pub contact_email: Option<Email>,
    /// Where it is.
    pub regency: RegencyCode,
    /// Sector.
    pub sector: Sector,
    /// Products.
    pub products: Products,
    /// Workers, 0–1,000,000.
    pub workers: i64,
    /// Business capital.
    pub business_capital: Option<Rupiah>,
    /// Annual sales.
    pub annual_sales: Option<Rupiah>,
    /// Online presence.
    pub online_presence: OnlinePresence,
    /// Quality-control practice.
    pub qc_practice: QcPractice,
    /// Production capacity per month.
    pub capacity_per_month: Option<i64>,
    /// Unit of the capacity.
    pub capacity_unit: Option<String>,
    /// Free description, up to 2,000 characters.
    pub description: String,
}

impl OrganisationDraft {
    /// Parses the draft for an organisation of `kind` (chosen by the caller: registration always
    /// makes an UMKM). Collects every field's problem at once.
    pub fn parse(&self, kind: OrganisationKind) -> Result<NewOrganisation, FieldErrors> {
        let mut e = FieldErrors::new();
        let legal_name = e.take("legal_name", required_text(&self.legal_name, 200));
        let nib = e.take("nib", Nib::parse(&self.nib));
        let owner_name = e.take("owner_name", required_text(&self.owner_name, 120));
        let contact_phone = e.take("contact_phone", Phone::parse(&self.contact_phone));
        let contact_email = e.take("contact_email", Email::parse_optional(&self.contact_email));
        let regency = e.take("regency", RegencyCode::parse(&self.regency));
        let sector = e.take("sector", Sector::parse(&self.sector));
        let products = e.take("products", Products::parse(&self.products));
        let workers = e.take("workers", bounded_integer(&self.workers, 1_000_000));
        let business_capital = e.take("business_capital", Rupiah::parse(&self.business_capital));
        let annual_sales = e.take("annual_sales", Rupiah::parse(&self.annual_sales));
        let online_presence =
            e.take("online_presence", or_default(&self.online_presence, OnlinePresence::parse));
        let qc_practice = e.take("qc_practice", or_default(&self.qc_practice, QcPractice::parse));
        let capacity_per_month = e.take(
            "capacity_per_month",
            bounded_integer(&self.capacity_per_month, 1_000_000_000_000),
        );
        let capacity_unit = e.take("capacity_unit", optional_text(&self.capacity_unit, 30));
        let description = e.take("description", optional_text(&self.description, 2000));
        e.finish(|| NewOrganisation {
            kind,
            legal_name: legal_name.unwrap_or_default(),
            nib: nib.flatten(),
            owner_name: owner_name.unwrap_or_default(),
            contact_phone: contact_phone.flatten(),
            contact_email: contact_email.flatten(),
            regency: regency.expect("checked by finish"),
            sector: sector.unwrap_or(Sector::Other),
            products: products.unwrap_or_default(),
            workers: workers.flatten().unwrap_or(0),
            business_capital: business_capital.flatten(),
            annual_sales: annual_sales.flatten(),
            online_presence: online_presence.unwrap_or(OnlinePresence::None),
            qc_practice: qc_practice.unwrap_or(QcPractice::None),
            capacity_per_month: capacity_per_month.flatten(),
            capacity_unit: capacity_unit.flatten(),
            description: description.flatten().unwrap_or_default(),
        })
    }
}

/// Optional choice fields (online presence, QC) default to their first value, `none`.
fn or_default<T: Default>(
    raw: &str,
    parse: fn(&str) -> Result<T, &'static str>,
) -> Result<T, &'static str> {
    if raw.trim().is_empty() {
        Ok(T::default())
    } else {
        parse(raw)
    }
}

// Declared by keyed_enum!, which cannot put #[default] on a variant.
#[allow(clippy::derivable_impls)]
impl Default for OnlinePresence {
    fn default() -> Self {
        OnlinePresence::None
    }
}

// Declared by keyed_enum!, which cannot put #[default] on a variant.
#[allow(clippy::derivable_impls)]
impl Default for QcPractice {
    fn default() -> Self {
        QcPractice::None
    }
}

impl NewOrganisation {
    /// The size class under PP 7/2021, the one Mitra stores and filters on.
    pub fn size_class(&self) -> Option<SizeClass> {
        classify(
            SizeLaw::Pp7_2021,
            self.business_capital.map(Rupiah::get),
            self.annual_sales.map(Rupiah::get),
        )
        .class
    }
}

/// A certificate as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CertificateDraft {
    /// Kind key.
    pub kind: String,
    /// Certificate number, optional.
    pub number: String,
    /// Issue date `YYYY-MM-DD`, optional.
    pub issued_on: String,
    /// Expiry date `YYYY-MM-DD`, optional (halal certificates, for one, do not expire).
    pub expires_on: String,
}

/// A parsed certificate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewCertificate {
    /// Kind.
    pub kind: CertificateKind,
    /// Number.
    pub number: Option<String>,
    /// Issued on.
    pub issued_on: Option<Date>,
    /// Expires on; never before `issued_on`.
    pub expires_on: Option<Date>,
}

impl CertificateDraft {
    /// Parses the draft.
    pub fn parse(&self) -> Result<NewCertificate, FieldErrors> {
        let mut e = FieldErrors::new();
        let kind = e.take("kind", CertificateKind::parse(&self.kind));
        let number = e.take("number", optional_text(&self.number, 60));
        let issued_on = e.take("issued_on", optional_date(&self.issued_on)).flatten();
        let expires_on = e.take("expires_on", optional_date(&self.expires_on)).flatten();
        if let (Some(i), Some(x)) = (issued_on, expires_on) {
            if x < i {
                e.add("expires_on", "dates.order");
            }
        }
        e.finish(|| NewCertificate {
            kind: kind.unwrap_or(CertificateKind::Other),
            number: number.flatten(),
            issued_on,
            expires_on,
        })
    }
}

/// A stored certificate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Certificate {
    /// Key.
    pub id: i64,
    /// Kind.
    pub kind: CertificateKind,
    /// Number.
    pub number: Option<String>,
    /// Issued on.
    pub issued_on: Option<Date>,
    /// Expires on.
    pub expires_on: Option<Date>,
}

impl Certificate {
    /// True when the certificate has an expiry date before `today`.
    pub fn is_expired(&self, today: Date) -> bool {
        self.expires_on.is_some_and(|x| x < today)
    }
}

/// A stored organisation as read back. Private fields are `None` after [`Organisation::redact`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Organisation {
    /// Key (the number shown as `#123`).
    pub id: i64,
    /// Kind.
    pub kind: OrganisationKind,
    /// Legal name.
    pub legal_name: String,
    /// NIB (private).
    pub nib: Option<String>,
    /// Owner's name.
    pub owner_name: String,
    /// Phone (private).
    pub contact_phone: Option<String>,
    /// Contact email (private).
    pub contact_email: Option<String>,
    /// BPS regency code.
    pub regency: String,
    /// Sector.
    pub sector: Sector,
    /// Products.
    pub products: Vec<String>,
    /// Workers.
    pub workers: i64,
    /// Business capital in rupiah (private).
    pub business_capital: Option<i64>,
    /// Annual sales in rupiah (private).
    pub annual_sales: Option<i64>,
    /// Size class under PP 7/2021, derived when stored (public: it is coarse).
    pub size_class: Option<SizeClass>,
    /// Online presence.
    pub online_presence: OnlinePresence,
    /// QC practice.
    pub qc_practice: QcPractice,
    /// Capacity per month.
    pub capacity_per_month: Option<i64>,
    /// Capacity unit.
    pub capacity_unit: Option<String>,
    /// Description.
    pub description: String,
    /// Certificates.
    pub certificates: Vec<Certificate>,
    /// True when private fields were removed for the reader.
    pub redacted: bool,
}

impl Organisation {
    /// Removes what only the organisation itself, its region's institution and administrators may
    /// read: NIB, contact details, capital and sales.
    pub fn redact(&mut self) {
        self.nib = None;
        self.contact_phone = None;
        self.contact_email = None;
        self.business_capital = None;
        self.annual_sales = None;
        self.redacted = true;
    }

    /// The size decision under `law`, from the stored amounts (for the rule shown on the profile).
    pub fn size_decision(&self, law: SizeLaw) -> SizeDecision {
        classify(law, self.business_capital, self.annual_sales)
    }

    /// The draft that shows this organisation in an edit form.
    pub fn to_draft(&self) -> OrganisationDraft {
        let num = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        OrganisationDraft {
            legal_name: self.legal_name.clone(),
            nib: self.nib.clone().unwrap_or_default(),
            owner_name: self.owner_name.clone(),
            contact_phone: self.contact_phone.clone().unwrap_or_default(),
            contact_email: self.contact_email.clone().unwrap_or_default(),
            regency: self.regency.clone(),
            sector: self.sector.key().to_owned(),
            products: self.products.join(", "),
            workers: self.workers.to_string(),
            business_capital: num(self.business_capital),
            annual_sales: num(self.annual_sales),
            online_presence: self.online_presence.key().to_owned(),
            qc_practice: self.qc_practice.key().to_owned(),
            capacity_per_month: num(self.capacity_per_month),
            capacity_unit: self.capacity_unit.clone().unwrap_or_default(),
            description: self.description.clone(),
        }
    }
}

/// One line of a search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrganisationSummary {
    /// Key.
    pub id: i64,
    /// Kind.
    pub kind: OrganisationKind,
    /// Legal name.
    pub legal_name: String,
    /// BPS regency code.
    pub regency: String,
    /// Sector.
    pub sector: Sector,
    /// Size class.
    pub size_class: Option<SizeClass>,
    /// Workers.
    pub workers: i64,
}

/// Formats an optional date for a form field.
pub fn date_field(d: Option<Date>) -> String {
    d.map(format_date).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> OrganisationDraft {
        OrganisationDraft {
            legal_name: "UD Bika Ambon Ibu Rosmawati".into(),
            nib: "1234 5678 90123".into(),
            owner_name: "Rosmawati Siregar".into(),
            contact_phone: "+62 812-6000-1234".into(),
            contact_email: "ros@example.com".into(),
            regency: "1275".into(),
            sector: "processed_food".into(),
            products: "bika ambon, bolu meranti, Bika Ambon".into(),
            workers: "6".into(),
            business_capital: "Rp 750.000.000".into(),
            annual_sales: "3.000.000.000".into(),
            online_presence: "marketplace".into(),
            qc_practice: "".into(),
            capacity_per_month: "2.000".into(),
            capacity_unit: "kotak".into(),
            description: "".into(),
        }
    }

    #[test]
    fn a_valid_draft_parses_and_derives_its_size_class() {
        let org = valid().parse(OrganisationKind::Umkm).expect("valid");
        assert_eq!(org.nib.as_ref().map(Nib::as_str), Some("1234567890123"));
        assert_eq!(org.products.as_slice(), ["bika ambon", "bolu meranti"]);
        assert_eq!(org.size_class(), Some(SizeClass::Small), "sales 3 miliar wins over capital");
        assert_eq!(org.qc_practice, QcPractice::None);
        assert_eq!(org.capacity_per_month, Some(2000));
    }

    #[test]
    fn every_bad_field_is_reported_with_its_code() {
        let d = OrganisationDraft {
            legal_name: " ".into(),
            nib: "12345".into(),
            contact_phone: "call me".into(),
            contact_email: "not-an-email".into(),
            regency: "9999".into(),
            sector: "mining".into(),
            workers: "-3".into(),
            business_capital: "1,5".into(),
            online_presence: "tiktok".into(),
            ..valid()
        };
        let e = d.parse(OrganisationKind::Umkm).unwrap_err();
        for (field, code) in [
            ("legal_name", "field.required"),
            ("nib", "nib.format"),
            ("contact_phone", "phone.format"),
            ("contact_email", "email.format"),
            ("regency", "regency.unknown"),
            ("sector", "field.choice"),
            ("workers", "field.negative"),
            ("business_capital", "field.number"),
            ("online_presence", "field.choice"),
        ] {
            assert_eq!(e.code_for(field), Some(code), "{field}");
        }
        assert!(e.code_for("owner_name").is_none());
    }

    #[test]
    fn too_many_products() {
        let many: Vec<String> = (0..21).map(|i| format!("p{i}")).collect();
        assert_eq!(Products::parse(&many.join(",")), Err("products.too_many"));
    }

    #[test]
    fn redaction_removes_private_fields_and_keeps_the_class() {
        let mut o = Organisation {
            id: 1,
            kind: OrganisationKind::Umkm,
            legal_name: "x".into(),
            nib: Some("1234567890123".into()),
            owner_name: "y".into(),
            contact_phone: Some("0812".into()),
            contact_email: None,
            regency: "1275".into(),
            sector: Sector::Crafts,
            products: vec![],
            workers: 2,
            business_capital: Some(1),
            annual_sales: Some(2),
            size_class: Some(SizeClass::Micro),
            online_presence: OnlinePresence::None,
            qc_practice: QcPractice::None,
            capacity_per_month: None,
            capacity_unit: None,
            description: String::new(),
            certificates: vec![],
            redacted: false,
        };
        let draft = o.to_draft();
        assert_eq!(draft.business_capital, "1");
        o.redact();
        assert!(o.redacted && o.nib.is_none() && o.business_capital.is_none());
        assert_eq!(o.size_class, Some(SizeClass::Micro));
    }

    #[test]
    fn certificates_check_their_dates() {
        let d = CertificateDraft {
            kind: "halal".into(),
            number: "ID1234".into(),
            issued_on: "2024-05-01".into(),
            expires_on: "2024-04-01".into(),
        };
        assert_eq!(d.parse().unwrap_err().code_for("expires_on"), Some("dates.order"));
        assert_eq!(
            CertificateDraft { kind: "x".into(), ..d }.parse().unwrap_err().code_for("kind"),
            Some("field.choice")
        );
    }
}
