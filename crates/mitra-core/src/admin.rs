//! What an administrator does to the registry and its accounts: create a buying organisation or
//! a coaching institution together with its first account ([`OrganisationAccountDraft`]), add
//! further accounts to any organisation ([`AccountDraft`]), and list accounts
//! ([`AccountListing`]).
//!
//! The role of every account follows from its organisation's kind
//! ([`Role::for_organisation_kind`]), so an administrator cannot make a buyer user of an
//! institution. Who may do any of this is [`Actor::can_administer`](crate::access::Actor::can_administer).

use serde::{Deserialize, Serialize};

use crate::field::{bounded_integer, FieldErrors};
use crate::organisation::{NewOrganisation, OrganisationDraft, OrganisationKind};
use crate::user::{Colleague, ColleagueDraft, Role};

impl Role {
    /// The role of an account of an organisation of `kind` (the inverse of
    /// [`Role::organisation_kind`]).
    pub fn for_organisation_kind(kind: OrganisationKind) -> Role {
        match kind {
            OrganisationKind::Umkm => Role::SupplierUser,
            OrganisationKind::Buyer => Role::BuyerUser,
            OrganisationKind::Institution => Role::InstitutionOfficer,
        }
    }
}

/// The kinds of organisation an administrator creates (UMKM register themselves).
pub const ADMIN_CREATES: &[OrganisationKind] =
    &[OrganisationKind::Buyer, OrganisationKind::Institution];

/// A new organisation and its first account, as typed in one form: the kind, the registry
/// fields (as for an UMKM) and the account (name, login email, initial password).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrganisationAccountDraft {
    /// `buyer` or `institution`.
    pub kind: String,
    /// The first account.
    #[serde(flatten)]
    pub account: ColleagueDraft,
    /// The organisation.
    #[serde(flatten)]
    pub organisation: OrganisationDraft,
}

/// A parsed [`OrganisationAccountDraft`].
#[derive(Debug, Clone)]
pub struct OrganisationAccount {
    /// The organisation.
    pub organisation: NewOrganisation,
    /// Its first account; its role is [`Role::for_organisation_kind`] of the organisation.
    pub account: Colleague,
}

impl OrganisationAccountDraft {
    /// Parses organisation and account together so the form shows every problem at once.
    pub fn parse(&self) -> Result<OrganisationAccount, FieldErrors> {
        let mut e = FieldErrors::new();
        let kind = match OrganisationKind::parse(&self.kind) {
            Ok(k) if ADMIN_CREATES.contains(&k) => Some(k),
            Ok(_) => {
                e.add("kind", "field.choice");
                None
            }
            Err(code) => {
                e.add("kind", code);
                None
            }
        };
        // The organisation's fields do not depend on its kind; parse as a buyer when the kind is
        // wrong so its other fields are still checked.
        let organisation = self.organisation.parse(kind.unwrap_or(OrganisationKind::Buyer));
        let account = self.account.parse();
        for errs in [organisation.as_ref().err(), account.as_ref().err()].into_iter().flatten() {
            for fe in errs.iter() {
                e.add(&fe.field, fe.code);
            }
        }
        match (organisation, account) {
            (Ok(organisation), Ok(account)) if e.is_empty() => {
                Ok(OrganisationAccount { organisation, account })
            }
            _ => Err(e),
        }
    }
}

/// A further account for an existing organisation, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountDraft {
    /// The organisation's number.
    pub organisation_id: String,
    /// The account.
    #[serde(flatten)]
    pub account: ColleagueDraft,
}

impl AccountDraft {
    /// Parses the draft; the organisation's existence is checked by the caller, who reports a
    /// missing one as `organisation.unknown` on `organisation_id`.
    pub fn parse(&self) -> Result<(i64, Colleague), FieldErrors> {
        let mut e = FieldErrors::new();
        let org = e.take("organisation_id", bounded_integer(&self.organisation_id, i64::MAX));
        if org == Some(None) {
            e.add("organisation_id", "field.required");
        }
        let account = self.account.parse();
        if let Err(errs) = &account {
            for fe in errs.iter() {
                e.add(&fe.field, fe.code);
            }
        }
        match (org.flatten(), account) {
            (Some(id), Ok(account)) if e.is_empty() => Ok((id, account)),
            _ => Err(e),
        }
    }
}

/// One line of the administrator's list of accounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountListing {
    /// Account id.
    pub id: i64,
    /// Display name.
    pub display_name: String,
    /// Login email.
    pub email: String,
    /// Role.
    pub role: Role,
    /// Organisation id (`None` for administrators).
    pub organisation_id: Option<i64>,
    /// Organisation name.
    pub organisation_name: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> OrganisationAccountDraft {
        OrganisationAccountDraft {
            kind: "institution".into(),
            account: ColleagueDraft {
                display_name: "Petugas Dinas".into(),
                email: "petugas@dinas.example".into(),
                password: "sementara-123".into(),
            },
            organisation: OrganisationDraft {
                legal_name: "Dinas Koperasi dan UKM Sumatera Utara".into(),
                owner_name: "Kepala Dinas".into(),
                regency: "1275".into(),
                sector: "other".into(),
                ..Default::default()
            },
        }
    }

    #[test]
    fn organisation_and_account_parse_together() {
        let ok = valid().parse().unwrap();
        assert_eq!(ok.organisation.kind, OrganisationKind::Institution);
        assert_eq!(ok.account.email.as_str(), "petugas@dinas.example");
        assert_eq!(Role::for_organisation_kind(ok.organisation.kind), Role::InstitutionOfficer);

        let mut bad = valid();
        bad.kind = "umkm".into();
        bad.account.email = "x".into();
        bad.organisation.nib = "12".into();
        let e = bad.parse().unwrap_err();
        for (field, code) in
            [("kind", "field.choice"), ("email", "email.format"), ("nib", "nib.format")]
        {
            assert_eq!(e.code_for(field), Some(code), "{field}");
        }
        bad.kind = String::new();
        assert_eq!(bad.parse().unwrap_err().code_for("kind"), Some("field.required"));
    }

    #[test]
    fn roles_follow_kinds_both_ways() {
        for &k in OrganisationKind::ALL {
            assert_eq!(Role::for_organisation_kind(k).organisation_kind(), Some(k));
        }
    }

    #[test]
    fn further_accounts() {
        let d = AccountDraft { organisation_id: "12".into(), account: valid().account };
        assert_eq!(d.parse().unwrap().0, 12);
        let e = AccountDraft { organisation_id: "".into(), ..d.clone() }.parse().unwrap_err();
        assert_eq!(e.code_for("organisation_id"), Some("field.required"));
        let e = AccountDraft { organisation_id: "x".into(), ..d }.parse().unwrap_err();
        assert_eq!(e.code_for("organisation_id"), Some("field.number"));
    }
}
