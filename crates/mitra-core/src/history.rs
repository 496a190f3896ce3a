//! The history of an organisation's profile: who changed which fields when, with the old and
//! new values.
//!
//! The store writes a [`ProfileEvent`] in the same transaction as the change it records: a
//! profile update (its [`FieldChange`]s from [`profile_changes`], nothing when nothing changed)
//! or a certificate added ([`certificate_changes`]). Values are compared and kept in the form's
//! canonical text (what [`Organisation::to_draft`](crate::organisation::Organisation::to_draft)
//! shows), so `Rp 1.500.000` typed and `1500000` stored are the same value. The history holds
//! private fields (NIB, capital, sales), so it is shown only to readers of the full profile.

use serde::Serialize;

use crate::field::format_date;
use crate::keyed::keyed_enum;
use crate::organisation::{NewCertificate, NewOrganisation, OrganisationDraft};

keyed_enum! {
    /// What a history entry records.
    pub enum ProfileEventKind: "history.kind" {
        /// The profile's fields were edited.
        Profile => "profile",
        /// A certificate was added.
        Certificate => "certificate",
    }
}

/// One field's change: old and new values as canonical text (empty: none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The field (the form's name: `legal_name`, `business_capital`, …; for certificates
    /// `certificate.kind`, `certificate.number`, …).
    pub field: String,
    /// Value before.
    pub old: String,
    /// Value after.
    pub new: String,
}

/// One entry of a profile's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProfileEvent {
    /// Id (increasing with time).
    pub id: i64,
    /// When (Unix seconds).
    pub at: i64,
    /// The acting account, if it still exists.
    pub account_id: Option<i64>,
    /// Its display name.
    pub account_name: Option<String>,
    /// What happened.
    pub kind: ProfileEventKind,
    /// The fields that changed, in form order.
    pub changes: Vec<FieldChange>,
}

/// The fields of a profile in form order, each with its text in a draft.
fn fields(d: &OrganisationDraft) -> [(&'static str, &str); 16] {
    [
        ("legal_name", &d.legal_name),
        ("owner_name", &d.owner_name),
        ("nib", &d.nib),
        ("contact_phone", &d.contact_phone),
        ("contact_email", &d.contact_email),
        ("regency", &d.regency),
        ("sector", &d.sector),
        ("products", &d.products),
        ("workers", &d.workers),
        ("business_capital", &d.business_capital),
        ("annual_sales", &d.annual_sales),
        ("online_presence", &d.online_presence),
        ("qc_practice", &d.qc_practice),
        ("capacity_per_month", &d.capacity_per_month),
        ("capacity_unit", &d.capacity_unit),
        ("description", &d.description),
    ]
}

/// The fields that differ between the stored profile (as its draft) and the new one.
pub fn profile_changes(old: &OrganisationDraft, new: &NewOrganisation) -> Vec<FieldChange> {
    let new = new.to_draft();
    fields(old)
        .into_iter()
        .zip(fields(&new))
        .filter(|((_, a), (_, b))| a != b)
        .map(|((field, a), (_, b))| FieldChange {
            field: field.to_owned(),
            old: a.to_owned(),
            new: b.to_owned(),
        })
        .collect()
}

/// The entry's fields for a certificate added (the old values are empty).
pub fn certificate_changes(c: &NewCertificate) -> Vec<FieldChange> {
    let date = |d: Option<time::Date>| d.map(format_date).unwrap_or_default();
    [
        ("certificate.kind", c.kind.key().to_owned()),
        ("certificate.number", c.number.clone().unwrap_or_default()),
        ("certificate.issued_on", date(c.issued_on)),
        ("certificate.expires_on", date(c.expires_on)),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(field, new)| FieldChange { field: field.to_owned(), old: String::new(), new })
    .collect()
}

impl NewOrganisation {
    /// The canonical draft of a parsed organisation: the text a stored one shows in its edit
    /// form ([`Organisation::to_draft`](crate::organisation::Organisation::to_draft)).
    pub fn to_draft(&self) -> OrganisationDraft {
        let num = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        OrganisationDraft {
            legal_name: self.legal_name.clone(),
            nib: self.nib.as_ref().map(|n| n.as_str().to_owned()).unwrap_or_default(),
            owner_name: self.owner_name.clone(),
            contact_phone: self
                .contact_phone
                .as_ref()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
            contact_email: self
                .contact_email
                .as_ref()
                .map(|e| e.as_str().to_owned())
                .unwrap_or_default(),
            regency: self.regency.as_str().to_owned(),
            sector: self.sector.key().to_owned(),
            products: self.products.as_slice().join(", "),
            workers: self.workers.to_string(),
            business_capital: num(self.business_capital.map(|r| r.get())),
            annual_sales: num(self.annual_sales.map(|r| r.get())),
            online_presence: self.online_presence.key().to_owned(),
            qc_practice: self.qc_practice.key().to_owned(),
            capacity_per_month: num(self.capacity_per_month),
            capacity_unit: self.capacity_unit.clone().unwrap_or_default(),
            description: self.description.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::organisation::{CertificateDraft, OrganisationKind};

    fn draft() -> OrganisationDraft {
        OrganisationDraft {
            legal_name: "UD Kopi Sidikalang".into(),
            owner_name: "Rosmawati".into(),
            nib: "1234567890123".into(),
            regency: "1211".into(),
            sector: "agricultural".into(),
            products: "kopi bubuk, kopi biji".into(),
            workers: "4".into(),
            business_capital: "500000000".into(),
            online_presence: "none".into(),
            qc_practice: "none".into(),
            ..Default::default()
        }
    }

    #[test]
    fn only_changed_fields_are_listed_in_canonical_text() {
        let old = draft();
        // The same values typed differently are no change.
        let same = OrganisationDraft {
            nib: "1234 5678 90123".into(),
            business_capital: "Rp 500.000.000".into(),
            products: "kopi bubuk,kopi biji".into(),
            ..draft()
        }
        .parse(OrganisationKind::Umkm)
        .unwrap();
        assert_eq!(profile_changes(&old, &same), []);
        let changed = OrganisationDraft {
            legal_name: "UD Kopi Sidikalang Jaya".into(),
            business_capital: "6.000.000.000".into(),
            nib: "".into(),
            ..draft()
        }
        .parse(OrganisationKind::Umkm)
        .unwrap();
        let ch = profile_changes(&old, &changed);
        let got: Vec<(&str, &str, &str)> =
            ch.iter().map(|c| (c.field.as_str(), c.old.as_str(), c.new.as_str())).collect();
        assert_eq!(
            got,
            [
                ("legal_name", "UD Kopi Sidikalang", "UD Kopi Sidikalang Jaya"),
                ("nib", "1234567890123", ""),
                ("business_capital", "500000000", "6000000000"),
            ]
        );
    }

    #[test]
    fn certificates_list_their_given_fields() {
        let c = CertificateDraft {
            kind: "halal".into(),
            number: "ID123".into(),
            issued_on: "".into(),
            expires_on: "2027-01-31".into(),
        }
        .parse()
        .unwrap();
        let ch = certificate_changes(&c);
        let fields: Vec<&str> = ch.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["certificate.kind", "certificate.number", "certificate.expires_on"]);
        assert!(ch.iter().all(|c| c.old.is_empty()));
    }
}
