//! Users (accounts), their roles, and the drafts for registration and password change.
//!
//! Every account but an administrator belongs to exactly one organisation, and its [`Role`] must
//! fit that organisation's kind: an institution officer to an institution, a buyer user to a
//! buyer, a supplier user to an UMKM. Passwords are only ever held here as a checked
//! [`Password`]; hashing is the server's job (core does no cryptography).

use serde::{Deserialize, Serialize};

use crate::field::{required_text, FieldErrors};
use crate::keyed::keyed_enum;
use crate::organisation::{NewOrganisation, OrganisationDraft, OrganisationKind};

keyed_enum! {
    /// What a user may do, by the kind of organisation it acts for.
    pub enum Role: "role" {
        /// Staff of a coaching institution: sees its region, runs programmes.
        InstitutionOfficer => "institution_officer",
        /// Staff of a buying organisation.
        BuyerUser => "buyer_user",
        /// The owner or staff of one UMKM.
        SupplierUser => "supplier_user",
        /// Runs the platform; sees everything.
        Admin => "admin",
    }
}

impl Role {
    /// The organisation kind this role belongs to; `None` for administrators, who belong to none.
    pub fn organisation_kind(self) -> Option<OrganisationKind> {
        match self {
            Role::InstitutionOfficer => Some(OrganisationKind::Institution),
            Role::BuyerUser => Some(OrganisationKind::Buyer),
            Role::SupplierUser => Some(OrganisationKind::Umkm),
            Role::Admin => None,
        }
    }
}

/// An email address, lowercased: the login name of an account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// Parses an address: one `@`, a non-empty local part, a domain with a dot, no spaces, at most
    /// 254 characters. Deliberately simple: the real test of an address is mail reaching it.
    pub fn parse(raw: &str) -> Result<Email, &'static str> {
        let s = raw.trim();
        if s.is_empty() {
            return Err("field.required");
        }
        let ok = s.len() <= 254
            && !s.chars().any(|c| c.is_whitespace() || c.is_control() || "<>\"".contains(c))
            && s.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            });
        if ok {
            Ok(Email(s.to_lowercase()))
        } else {
            Err("email.format")
        }
    }

    /// Like [`Email::parse`] but empty means `None`.
    pub fn parse_optional(raw: &str) -> Result<Option<Email>, &'static str> {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            Email::parse(raw).map(Some)
        }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password that meets the policy: 10–128 characters. Not `Serialize`, and its `Debug` hides
/// the text, so it cannot leak into logs or JSON.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Fewest characters.
    pub const MIN: usize = 10;
    /// Most characters (argon2 would take more, but nobody types more).
    pub const MAX: usize = 128;

    /// Checks the policy.
    pub fn parse(raw: &str) -> Result<Password, &'static str> {
        let n = raw.chars().count();
        if n == 0 {
            Err("field.required")
        } else if n < Password::MIN {
            Err("password.too_short")
        } else if n > Password::MAX {
            Err("password.too_long")
        } else {
            Ok(Password(raw.to_owned()))
        }
    }

    /// The text, for the hasher only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// A stored account as the application sees it (never with its password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// Key.
    pub id: i64,
    /// Login email.
    pub email: String,
    /// Name shown in the interface.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// The organisation it acts for; `None` only for administrators.
    pub organisation_id: Option<i64>,
}

/// A parsed account to create, with the password already hashed by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    /// Login email.
    pub email: Email,
    /// Display name, 1–120 characters.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Organisation; must be `Some` unless the role is admin.
    pub organisation_id: Option<i64>,
    /// The argon2 PHC string.
    pub password_hash: String,
}

/// Registration of a new UMKM by its owner: the account and the business in one form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegistrationDraft {
    /// Owner's display name.
    pub display_name: String,
    /// Login email.
    pub email: String,
    /// Password.
    #[serde(skip_serializing)]
    pub password: String,
    /// Password again.
    #[serde(skip_serializing)]
    pub password_confirm: String,
    /// The business.
    #[serde(flatten)]
    pub organisation: OrganisationDraft,
}

/// A parsed registration.
#[derive(Debug, Clone)]
pub struct Registration {
    /// Display name.
    pub display_name: String,
    /// Login email.
    pub email: Email,
    /// Password, to be hashed.
    pub password: Password,
    /// The UMKM.
    pub organisation: NewOrganisation,
}

impl RegistrationDraft {
    /// Parses account and business together so the form shows every problem at once.
    pub fn parse(&self) -> Result<Registration, FieldErrors> {
        let mut e = match self.organisation.parse(OrganisationKind::Umkm) {
            Ok(_) => FieldErrors::new(),
            Err(errs) => errs,
        };
        let display_name = e.take("display_name", required_text(&self.display_name, 120));
        let email = e.take("email", Email::parse(&self.email));
        let password = e.take("password", Password::parse(&self.password));
        if password.is_some() && self.password != self.password_confirm {
            e.add("password_confirm", "password.mismatch");
        }
        let organisation = self.organisation.parse(OrganisationKind::Umkm).ok();
        match (e.is_empty(), display_name, email, password, organisation) {
            (true, Some(display_name), Some(email), Some(password), Some(organisation)) => {
                Ok(Registration { display_name, email, password, organisation })
            }
            _ => Err(e),
        }
    }
}

/// A colleague invited into the inviter's organisation, with an initial password the inviter
/// hands over (Mitra sends no email); the colleague changes it after the first login.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ColleagueDraft {
    /// The colleague's name.
    pub display_name: String,
    /// The colleague's login email.
    pub email: String,
    /// Initial password.
    #[serde(skip_serializing)]
    pub password: String,
}

/// A parsed invitation.
#[derive(Debug, Clone)]
pub struct Colleague {
    /// Name.
    pub display_name: String,
    /// Login email.
    pub email: Email,
    /// Initial password, to be hashed.
    pub password: Password,
}

impl ColleagueDraft {
    /// Parses the invitation.
    pub fn parse(&self) -> Result<Colleague, FieldErrors> {
        let mut e = FieldErrors::new();
        let display_name = e.take("display_name", required_text(&self.display_name, 120));
        let email = e.take("email", Email::parse(&self.email));
        let password = e.take("password", Password::parse(&self.password));
        match (display_name, email, password) {
            (Some(display_name), Some(email), Some(password)) if e.is_empty() => {
                Ok(Colleague { display_name, email, password })
            }
            _ => Err(e),
        }
    }
}

/// A password change as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PasswordChangeDraft {
    /// Current password (checked against the stored hash by the caller).
    pub current_password: String,
    /// New password.
    pub new_password: String,
    /// New password again.
    pub new_password_confirm: String,
}

impl PasswordChangeDraft {
    /// Checks the new password's policy and confirmation; the current password is verified by
    /// the caller, who holds the hash.
    pub fn parse(&self) -> Result<Password, FieldErrors> {
        let mut e = FieldErrors::new();
        if self.current_password.is_empty() {
            e.add("current_password", "field.required");
        }
        let new = e.take("new_password", Password::parse(&self.new_password));
        if new.is_some() && self.new_password != self.new_password_confirm {
            e.add("new_password_confirm", "password.mismatch");
        }
        match new {
            Some(p) if e.is_empty() => Ok(p),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(Email::parse(" Siti@Example.COM ").map(|e| e.0), Ok("siti@example.com".into()));
        for bad in ["siti", "siti@", "@x.id", "siti@localhost", "a b@x.id", "a@b@c.id", "a@.id"] {
            assert_eq!(Email::parse(bad), Err("email.format"), "{bad}");
        }
        assert_eq!(Email::parse(""), Err("field.required"));
        assert_eq!(Email::parse_optional("  "), Ok(None));
    }

    #[test]
    fn passwords_follow_the_policy_and_do_not_print() {
        assert_eq!(Password::parse("short"), Err("password.too_short"));
        assert_eq!(Password::parse(&"x".repeat(129)), Err("password.too_long"));
        let p = Password::parse("cukup panjang sekali").unwrap();
        assert_eq!(format!("{p:?}"), "Password(***)");
    }

    #[test]
    fn roles_fit_organisation_kinds() {
        assert_eq!(Role::SupplierUser.organisation_kind(), Some(OrganisationKind::Umkm));
        assert_eq!(Role::Admin.organisation_kind(), None);
        assert_eq!(Role::parse("buyer_user"), Ok(Role::BuyerUser));
    }

    #[test]
    fn registration_reports_account_and_business_fields_together() {
        let d = RegistrationDraft {
            display_name: "".into(),
            email: "x".into(),
            password: "rahasia-panjang".into(),
            password_confirm: "lain".into(),
            organisation: OrganisationDraft { regency: "1275".into(), ..Default::default() },
        };
        let e = d.parse().unwrap_err();
        for (field, code) in [
            ("display_name", "field.required"),
            ("email", "email.format"),
            ("password_confirm", "password.mismatch"),
            ("legal_name", "field.required"),
            ("sector", "field.required"),
        ] {
            assert_eq!(e.code_for(field), Some(code), "{field}");
        }
    }

    #[test]
    fn colleague_invitations() {
        let ok = ColleagueDraft {
            display_name: "Budi".into(),
            email: "budi@example.com".into(),
            password: "sementara-123".into(),
        };
        assert_eq!(ok.parse().unwrap().email.as_str(), "budi@example.com");
        let e =
            ColleagueDraft { password: "x".into(), email: "".into(), ..ok }.parse().unwrap_err();
        assert_eq!(e.code_for("password"), Some("password.too_short"));
        assert_eq!(e.code_for("email"), Some("field.required"));
    }

    #[test]
    fn password_change() {
        let d = PasswordChangeDraft {
            current_password: "old".into(),
            new_password: "new password 1".into(),
            new_password_confirm: "new password 1".into(),
        };
        assert!(d.parse().is_ok());
        let e = PasswordChangeDraft { new_password_confirm: "x".into(), ..d }.parse().unwrap_err();
        assert_eq!(e.code_for("new_password_confirm"), Some("password.mismatch"));
    }
}
