//! Who may see and change what. The one place privacy rules live.
//!
//! The API and the pages both ask these functions, so a rule cannot differ between them. The
//! rules:
//! - An organisation's **full profile** (NIB, contact, capital, sales) is seen by its own users,
//!   by institution officers of its province, and by administrators. Buyers and institutions see
//!   the **directory** part of any profile. A supplier user sees buyers' and institutions'
//!   directory profiles but **no other UMKM** — UMKM do not browse their competitors.
//! - Only an organisation's own users (and administrators) change its profile.
//! - A **partnership** is seen by the users of its two parties and by administrators; an
//!   institution officer sees it in detail only when the supplier consented and is in the
//!   officer's province, and otherwise only in aggregate counts.
//! - A **sourcing event** is seen in full by its buyer's users only; each candidate UMKM sees
//!   the need, its own answer and its own position and breakdown — never another candidate's
//!   name, values or quote. Everyone else gets "not found".
//! - A partnership's **two-sided assessment** is rated by each party for its own side and read by
//!   the two parties and, with the supplier's consent, the officer of the supplier's province
//!   (not administrators). **Assessor ratings** of an UMKM are made by the officers of its
//!   province and read by them and the UMKM's own users.
//! - Only **administrators** create buying organisations and institutions, add accounts to any
//!   organisation, and list accounts.
//! - An organisation's **profile history** holds private fields, so it is read exactly by the
//!   readers of its full profile.
//! - A **programme** is managed by its institution's officers (and read by administrators); they
//!   enrol UMKM of their own province only. An enrolled UMKM's users see the programmes their
//!   UMKM is in; other institutions, buyers and other UMKM do not see a programme at all.

use crate::assessment::Side;
use crate::organisation::OrganisationKind;
use crate::partnership::Partnership;
use crate::user::Role;

/// The signed-in user, as the rules need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Account id.
    pub user_id: i64,
    /// Role.
    pub role: Role,
    /// The organisation the user acts for (`None` for administrators).
    pub organisation_id: Option<i64>,
    /// The province of that organisation (for institution officers: their region).
    pub province_code: Option<String>,
}

/// How much of an organisation's profile a reader gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileAccess {
    /// Everything.
    Full,
    /// Everything but the private fields (see [`Organisation::redact`](crate::organisation::Organisation::redact)).
    Directory,
}

impl Actor {
    /// True when the user acts for `organisation_id`.
    pub fn belongs_to(&self, organisation_id: i64) -> bool {
        self.organisation_id == Some(organisation_id)
    }

    /// What this user may read of an organisation of `kind` in `regency` (a BPS code), or `None`
    /// when it may not read it at all.
    pub fn profile_access(
        &self,
        organisation_id: i64,
        kind: OrganisationKind,
        regency: &str,
    ) -> Option<ProfileAccess> {
        if self.role == Role::Admin || self.belongs_to(organisation_id) {
            return Some(ProfileAccess::Full);
        }
        match self.role {
            Role::InstitutionOfficer if self.in_province(regency) => Some(ProfileAccess::Full),
            Role::SupplierUser if kind == OrganisationKind::Umkm => None,
            _ => Some(ProfileAccess::Directory),
        }
    }

    /// Whether this user may change the organisation's profile.
    pub fn can_edit_organisation(&self, organisation_id: i64) -> bool {
        self.role == Role::Admin || self.belongs_to(organisation_id)
    }

    /// The kinds of organisation this user's searches may return.
    pub fn searchable_kinds(&self) -> &'static [OrganisationKind] {
        match self.role {
            Role::SupplierUser => &[OrganisationKind::Buyer, OrganisationKind::Institution],
            _ => OrganisationKind::ALL,
        }
    }

    /// Whether this user may read the partnership in detail.
    pub fn can_view_partnership(&self, p: &Partnership) -> bool {
        match self.role {
            Role::Admin => true,
            Role::InstitutionOfficer => {
                p.institution_consent && self.in_province(&p.supplier_regency)
            }
            Role::BuyerUser | Role::SupplierUser => self.party_in(p).is_some(),
        }
    }

    /// The party this user acts for in `p`, if it is one (only parties change a partnership).
    pub fn party_in(&self, p: &Partnership) -> Option<i64> {
        self.organisation_id.filter(|&o| p.is_party(o))
    }

    /// Whether this user may propose partnerships (buyers and suppliers, for their own
    /// organisation).
    pub fn can_propose(&self) -> bool {
        matches!(self.role, Role::BuyerUser | Role::SupplierUser) && self.organisation_id.is_some()
    }

    /// The province whose aggregate figures this user may read: an officer its own, an
    /// administrator any (`Some(None)` means all provinces), others none.
    pub fn aggregate_scope(&self) -> Option<Option<&str>> {
        match self.role {
            Role::Admin => Some(None),
            Role::InstitutionOfficer => self.province_code.as_deref().map(Some),
            _ => None,
        }
    }

    /// Whether this user may read an UMKM's readiness assessments: only the UMKM's own users and
    /// the institution officers of its province (not buyers, not other UMKM, not administrators).
    pub fn can_view_readiness(&self, organisation_id: i64, regency: &str) -> bool {
        match self.role {
            Role::InstitutionOfficer => self.in_province(regency),
            Role::SupplierUser => self.belongs_to(organisation_id),
            Role::BuyerUser | Role::Admin => false,
        }
    }

    /// Whether this user may take (start, save, submit) its UMKM's readiness self-assessment.
    pub fn can_take_readiness(&self, organisation_id: i64) -> bool {
        self.role == Role::SupplierUser && self.belongs_to(organisation_id)
    }

    /// Whether this user may open sourcing events: buyer users, for their own organisation.
    pub fn can_open_selection(&self) -> bool {
        self.role == Role::BuyerUser && self.organisation_id.is_some()
    }

    /// Whether this user may see and change the sourcing event of `buyer_id` in full (its
    /// candidates' names, values, quotes and every ranking): only the buyer's own users.
    /// Administrators, institutions and the candidates do not; a candidate sees its own row
    /// and result only ([`Actor::is_candidate_user`]).
    pub fn can_manage_selection(&self, buyer_id: i64) -> bool {
        self.role == Role::BuyerUser && self.belongs_to(buyer_id)
    }

    /// Whether this user acts for the candidate UMKM `organisation_id` (it answers the
    /// invitation and sees its own position, never its competitors).
    pub fn is_candidate_user(&self, organisation_id: i64) -> bool {
        self.role == Role::SupplierUser && self.belongs_to(organisation_id)
    }

    /// The side of `p` this user rates in its two-sided assessment: users of the buying
    /// organisation rate as the buyer, users of the supplying UMKM as the supplier.
    pub fn partnership_side(&self, p: &Partnership) -> Option<Side> {
        if !matches!(self.role, Role::BuyerUser | Role::SupplierUser) {
            return None;
        }
        match self.organisation_id {
            Some(o) if o == p.buyer_id => Some(Side::Buyer),
            Some(o) if o == p.supplier_id => Some(Side::Supplier),
            _ => None,
        }
    }

    /// Whether this user may read the two-sided assessment of `p` (each side's status and, once
    /// both submitted, the comparison): its two parties, and the institution officer of the
    /// supplier's province when the supplier consented. Not administrators, not other
    /// organisations.
    pub fn can_view_partnership_assessment(&self, p: &Partnership) -> bool {
        match self.role {
            Role::InstitutionOfficer => {
                p.institution_consent && self.in_province(&p.supplier_regency)
            }
            Role::BuyerUser | Role::SupplierUser => self.partnership_side(p).is_some(),
            Role::Admin => false,
        }
    }

    /// Whether this user may rate an UMKM in `regency` as an assessor: the institution officers
    /// of its province.
    pub fn can_rate_as_assessor(&self, regency: &str) -> bool {
        self.role == Role::InstitutionOfficer && self.in_province(regency)
    }

    /// Whether this user may read an UMKM's submitted assessor ratings and their evidence notes:
    /// the UMKM's own users and the institution officers of its province (the same circle as
    /// its readiness assessments).
    pub fn can_view_assessor_ratings(&self, organisation_id: i64, regency: &str) -> bool {
        self.can_view_readiness(organisation_id, regency)
    }

    /// Whether this user administers the platform: creates organisations with their first
    /// account, adds accounts to any organisation, lists accounts.
    pub fn can_administer(&self) -> bool {
        self.role == Role::Admin
    }

    /// Whether this user may read an organisation's profile history (old and new values of
    /// private fields included): exactly the readers of its full profile.
    pub fn can_view_profile_history(
        &self,
        organisation_id: i64,
        kind: OrganisationKind,
        regency: &str,
    ) -> bool {
        self.profile_access(organisation_id, kind, regency) == Some(ProfileAccess::Full)
    }

    /// Whether this user manages the programmes of `institution_id`: its own officers.
    pub fn can_manage_programmes(&self, institution_id: i64) -> bool {
        self.role == Role::InstitutionOfficer && self.belongs_to(institution_id)
    }

    /// Whether this user may read a programme of `institution_id` with its enrolled UMKM: the
    /// institution's officers and administrators.
    pub fn can_view_programme(&self, institution_id: i64) -> bool {
        self.role == Role::Admin || self.can_manage_programmes(institution_id)
    }

    /// Whether this user may enrol an organisation of `kind` in `regency` in (or remove it from)
    /// a programme of `institution_id`: its officers, for UMKM of their province.
    pub fn can_enrol(&self, institution_id: i64, kind: OrganisationKind, regency: &str) -> bool {
        self.can_manage_programmes(institution_id)
            && kind == OrganisationKind::Umkm
            && self.in_province(regency)
    }

    /// The organisation whose programme memberships this user sees on its dashboard: a supplier
    /// user's own UMKM.
    pub fn member_organisation(&self) -> Option<i64> {
        self.organisation_id.filter(|_| self.role == Role::SupplierUser)
    }

    /// Whether this user may see and update an UMKM's action plan: the UMKM's own users, its
    /// coach (`coach`: the coach's account), and the institution officers of its province — not
    /// buyers, not other UMKM, not administrators.
    pub fn can_view_action_plan(
        &self,
        organisation_id: i64,
        regency: &str,
        coach: Option<i64>,
    ) -> bool {
        match self.role {
            Role::SupplierUser => self.belongs_to(organisation_id),
            Role::InstitutionOfficer => self.in_province(regency) || coach == Some(self.user_id),
            Role::BuyerUser | Role::Admin => false,
        }
    }

    /// Whether this user may write coach's notes on an UMKM's actions: its coach and the
    /// institution officers of its province.
    pub fn can_write_coach_note(&self, regency: &str, coach: Option<i64>) -> bool {
        self.role == Role::InstitutionOfficer
            && (self.in_province(regency) || coach == Some(self.user_id))
    }

    /// Whether this user may assign a coach to an UMKM in `regency`: an institution officer of
    /// its province (the coach must then be an officer of the same institution).
    pub fn can_assign_coach(&self, regency: &str) -> bool {
        self.role == Role::InstitutionOfficer && self.in_province(regency)
    }

    /// The institution whose advice library this user may edit: an officer's own.
    pub fn advice_institution(&self) -> Option<i64> {
        match self.role {
            Role::InstitutionOfficer => self.organisation_id,
            _ => None,
        }
    }

    /// The institution whose own instruments this user may copy, edit and publish: an officer's
    /// own (everyone else sees no instrument page at all).
    pub fn instrument_institution(&self) -> Option<i64> {
        match self.role {
            Role::InstitutionOfficer => self.organisation_id,
            _ => None,
        }
    }

    /// Whether this user may see a partnership's Lambert ratings: its two parties, and the
    /// institution officers of the supplier's province when the supplier consented (not
    /// administrators: the ratings are the parties' own judgement of each other).
    pub fn can_view_lambert(&self, p: &Partnership) -> bool {
        match self.role {
            Role::InstitutionOfficer => {
                p.institution_consent && self.in_province(&p.supplier_regency)
            }
            Role::BuyerUser | Role::SupplierUser => self.party_in(p).is_some(),
            Role::Admin => false,
        }
    }

    fn in_province(&self, regency: &str) -> bool {
        self.province_code.as_deref().is_some_and(|p| regency.starts_with(p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::organisation::OrganisationKind::*;

    fn actor(role: Role, org: Option<i64>) -> Actor {
        Actor { user_id: 1, role, organisation_id: org, province_code: Some("12".into()) }
    }

    #[test]
    fn profiles() {
        let supplier = actor(Role::SupplierUser, Some(10));
        assert_eq!(supplier.profile_access(10, Umkm, "1275"), Some(ProfileAccess::Full));
        assert_eq!(supplier.profile_access(11, Umkm, "1275"), None);
        assert_eq!(supplier.profile_access(20, Buyer, "1275"), Some(ProfileAccess::Directory));
        let buyer = actor(Role::BuyerUser, Some(20));
        assert_eq!(buyer.profile_access(10, Umkm, "1275"), Some(ProfileAccess::Directory));
        let officer = actor(Role::InstitutionOfficer, Some(30));
        assert_eq!(officer.profile_access(10, Umkm, "1275"), Some(ProfileAccess::Full));
        assert_eq!(officer.profile_access(10, Umkm, "3171"), Some(ProfileAccess::Directory));
        assert_eq!(
            actor(Role::Admin, None).profile_access(10, Umkm, "3171"),
            Some(ProfileAccess::Full)
        );
        assert!(!supplier.can_edit_organisation(11) && supplier.can_edit_organisation(10));
        assert_eq!(supplier.searchable_kinds(), [Buyer, Institution]);
    }

    fn partnership(consent: bool, supplier_regency: &str) -> Partnership {
        use crate::partnership::*;
        Partnership {
            id: 7,
            buyer_id: 20,
            buyer_name: "b".into(),
            supplier_id: 10,
            supplier_name: "s".into(),
            supplier_regency: supplier_regency.into(),
            proposed_by: 20,
            pattern: Pattern::Subkontrak,
            path: PartnershipPath::Natural,
            facilitator: None,
            status: Status::Active,
            status_since: time::Date::from_calendar_date(2025, time::Month::January, 1).unwrap(),
            status_reason: None,
            contract: Contract {
                written: false,
                style: ContractStyle::ShortTerm,
                start_on: None,
                end_on: None,
                payment_terms_days: None,
                file_reference: None,
            },
            scope: Vec::new(),
            joint_investments: Vec::new(),
            institution_consent: consent,
            version: 1,
        }
    }

    #[test]
    fn partnership_assessment_sides_and_readers() {
        let p = partnership(false, "1275");
        let buyer = actor(Role::BuyerUser, Some(20));
        let supplier = actor(Role::SupplierUser, Some(10));
        assert_eq!(buyer.partnership_side(&p), Some(Side::Buyer));
        assert_eq!(supplier.partnership_side(&p), Some(Side::Supplier));
        assert!(buyer.can_view_partnership_assessment(&p));
        assert!(supplier.can_view_partnership_assessment(&p));
        // An UMKM buying from another UMKM rates as the buyer.
        let umkm_buyer = actor(Role::SupplierUser, Some(20));
        assert_eq!(umkm_buyer.partnership_side(&p), Some(Side::Buyer));
        let stranger = actor(Role::BuyerUser, Some(21));
        assert!(stranger.partnership_side(&p).is_none());
        assert!(!stranger.can_view_partnership_assessment(&p));
        let admin = actor(Role::Admin, None);
        assert!(admin.can_view_partnership(&p) && !admin.can_view_partnership_assessment(&p));
        // The officer: only with the supplier's consent, only in the supplier's province, and
        // never as a side.
        let officer = actor(Role::InstitutionOfficer, Some(30));
        assert!(!officer.can_view_partnership_assessment(&p));
        assert!(officer.can_view_partnership_assessment(&partnership(true, "1275")));
        assert!(!officer.can_view_partnership_assessment(&partnership(true, "3171")));
        assert!(officer.partnership_side(&partnership(true, "1275")).is_none());
    }

    #[test]
    fn assessor_ratings() {
        let officer = actor(Role::InstitutionOfficer, Some(30));
        assert!(officer.can_rate_as_assessor("1275") && !officer.can_rate_as_assessor("3171"));
        assert!(officer.can_view_assessor_ratings(10, "1275"));
        let own = actor(Role::SupplierUser, Some(10));
        assert!(own.can_view_assessor_ratings(10, "1275") && !own.can_rate_as_assessor("1275"));
        assert!(!actor(Role::SupplierUser, Some(11)).can_view_assessor_ratings(10, "1275"));
        assert!(!actor(Role::BuyerUser, Some(20)).can_view_assessor_ratings(10, "1275"));
        assert!(!actor(Role::Admin, None).can_rate_as_assessor("1275"));
    }

    #[test]
    fn administration_history_and_programmes() {
        let admin = actor(Role::Admin, None);
        let officer = actor(Role::InstitutionOfficer, Some(30));
        let supplier = actor(Role::SupplierUser, Some(10));
        let buyer = actor(Role::BuyerUser, Some(20));
        assert!(admin.can_administer());
        assert!(![&officer, &supplier, &buyer].iter().any(|a| a.can_administer()));

        assert!(supplier.can_view_profile_history(10, Umkm, "1275"));
        assert!(!buyer.can_view_profile_history(10, Umkm, "1275"), "directory readers do not");
        assert!(officer.can_view_profile_history(10, Umkm, "1275"));
        assert!(!officer.can_view_profile_history(10, Umkm, "3171"));
        assert!(admin.can_view_profile_history(10, Umkm, "3171"));

        assert!(officer.can_manage_programmes(30) && !officer.can_manage_programmes(31));
        assert!(officer.can_view_programme(30) && admin.can_view_programme(30));
        assert!(!admin.can_manage_programmes(30), "administrators read, officers manage");
        assert!(!buyer.can_view_programme(30) && !supplier.can_view_programme(30));
        assert!(officer.can_enrol(30, Umkm, "1207"));
        assert!(!officer.can_enrol(30, Umkm, "3171"), "outside the province");
        assert!(!officer.can_enrol(30, Buyer, "1207"), "only UMKM");
        assert!(!officer.can_enrol(31, Umkm, "1207"), "another institution's programme");
        assert_eq!(supplier.member_organisation(), Some(10));
        assert_eq!(buyer.member_organisation(), None);
    }

    #[test]
    fn action_plans() {
        let own = actor(Role::SupplierUser, Some(10));
        assert!(own.can_view_action_plan(10, "1275", None));
        assert!(!own.can_view_action_plan(11, "1275", None));
        assert!(!own.can_write_coach_note("1275", None) && !own.can_assign_coach("1275"));
        let officer = actor(Role::InstitutionOfficer, Some(30));
        assert!(officer.can_view_action_plan(10, "1275", None));
        assert!(!officer.can_view_action_plan(10, "3171", None), "other province");
        assert!(officer.can_view_action_plan(10, "3171", Some(1)), "its coach");
        assert!(officer.can_write_coach_note("3171", Some(1)));
        assert!(officer.can_assign_coach("1275") && !officer.can_assign_coach("3171"));
        assert_eq!(officer.advice_institution(), Some(30));
        assert_eq!(own.advice_institution(), None);
        for outsider in [actor(Role::BuyerUser, Some(20)), actor(Role::Admin, None)] {
            assert!(!outsider.can_view_action_plan(10, "1275", Some(1)));
            assert!(!outsider.can_assign_coach("1275"));
        }
    }
}
