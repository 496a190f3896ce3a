//! Partnerships between a buyer and an UMKM supplier, as first-class records.
//!
//! A partnership has a legal [`Pattern`] (the ten of PP 7/2021 Pasal 106), a [`PartnershipPath`]
//! (natural, or facilitated by someone), a [`Status`] that moves only along
//! [`Status::can_become`], a [`Contract`], a [`Scope`] set, and [`JointInvestment`]s whose two
//! shares always add up to 100 %. [`PartnershipDraft::parse`] checks all of that;
//! [`check_status_change`] decides whether a given party may move a partnership to a new status.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::field::{bounded_integer, checkbox, optional_date, optional_text, FieldErrors};
use crate::keyed::keyed_enum;
use crate::organisation::{OrganisationKind, Rupiah};

keyed_enum! {
    /// The partnership patterns of PP 7/2021 Pasal 106 (keys as in the domain notes).
    pub enum Pattern: "pattern" {
        /// Nucleus–plasma: the larger firm supplies inputs and coaching and buys the output.
        IntiPlasma => "inti_plasma",
        /// Sub-contract: the UMKM makes parts or does work to the contractor's specification.
        Subkontrak => "subkontrak",
        /// Franchise.
        Waralaba => "waralaba",
        /// General trade: the larger firm buys what the UMKM supplies, or sells through it.
        PerdaganganUmum => "perdagangan_umum",
        /// Distribution and agency.
        DistribusiKeagenan => "distribusi_keagenan",
        /// Supply chain: the UMKM is part of the larger firm's supply chain (the paper's vendor).
        RantaiPasok => "rantai_pasok",
        /// Profit or revenue sharing by contribution.
        BagiHasil => "bagi_hasil",
        /// Joint operation without a new legal entity.
        KerjaSamaOperasional => "kerja_sama_operasional",
        /// Joint venture with shared equity.
        UsahaPatungan => "usaha_patungan",
        /// Outsourcing of non-core work to the UMKM.
        Penyumberluaran => "penyumberluaran",
    }
}

keyed_enum! {
    /// How the partnership came about.
    pub enum PartnershipPath: "path" {
        /// Pure mutual business benefit.
        Natural => "natural",
        /// Through a programme that helps the weaker side (a state-owned enterprise, the
        /// provincial office); the facilitator is named.
        Facilitated => "facilitated",
    }
}

keyed_enum! {
    /// Where a partnership stands. Moves only along [`Status::can_become`].
    pub enum Status: "status" {
        /// Proposed by one party, awaiting the other.
        Proposed => "proposed",
        /// Running.
        Active => "active",
        /// Paused, with a reason.
        Suspended => "suspended",
        /// Over, with a reason (also a declined proposal). Final.
        Ended => "ended",
    }
}

impl Status {
    /// The allowed transitions: proposed → active | ended; active → suspended | ended;
    /// suspended → active | ended; ended is final.
    pub fn can_become(self, to: Status) -> bool {
        use Status::*;
        matches!(
            (self, to),
            (Proposed, Active)
                | (Proposed, Ended)
                | (Active, Suspended)
                | (Active, Ended)
                | (Suspended, Active)
                | (Suspended, Ended)
        )
    }

    /// The statuses reachable from this one (what the status form offers).
    pub fn next(self) -> Vec<Status> {
        Status::ALL.iter().copied().filter(|&s| self.can_become(s)).collect()
    }

    /// Moving here needs a written reason (suspending or ending).
    pub fn needs_reason(self) -> bool {
        matches!(self, Status::Suspended | Status::Ended)
    }
}

keyed_enum! {
    /// The contract's horizon.
    pub enum ContractStyle: "contract_style" {
        /// One purchase.
        Spot => "spot",
        /// Up to about a year.
        ShortTerm => "short_term",
        /// Several years.
        LongTerm => "long_term",
        /// No end date.
        OpenEnded => "open_ended",
    }
}

keyed_enum! {
    /// Activities a partnership covers (the `scope` component).
    pub enum Scope: "scope" {
        /// Buying inputs.
        Procurement => "procurement",
        /// Making or processing.
        Processing => "processing",
        /// Distribution.
        Distribution => "distribution",
        /// Transport.
        Transport => "transport",
        /// Marketing.
        Marketing => "marketing",
        /// Research and development.
        RAndD => "r_and_d",
    }
}

/// The contract terms of a partnership.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contract {
    /// Whether a written contract exists.
    pub written: bool,
    /// Its style.
    pub style: ContractStyle,
    /// Start date.
    pub start_on: Option<Date>,
    /// End date, never before the start.
    pub end_on: Option<Date>,
    /// Payment terms in days, 0–365.
    pub payment_terms_days: Option<i64>,
    /// Where the signed file is kept (a reference, not the file).
    pub file_reference: Option<String>,
}

/// A shared spending, with each side's share in whole percent adding up to 100.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JointInvestment {
    /// What it is for (equipment, training, IT, R&D…).
    pub purpose: String,
    /// Amount.
    pub amount: Rupiah,
    /// Buyer's share, 0–100.
    pub buyer_share_pct: i64,
    /// Supplier's share, `100 - buyer_share_pct`.
    pub supplier_share_pct: i64,
}

/// A parsed partnership, ready to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewPartnership {
    /// The buying organisation.
    pub buyer_id: i64,
    /// The supplying UMKM.
    pub supplier_id: i64,
    /// Which party proposed it (one of the two).
    pub proposed_by: i64,
    /// Legal pattern.
    pub pattern: Pattern,
    /// Path.
    pub path: PartnershipPath,
    /// Facilitator, required when the path is facilitated.
    pub facilitator: Option<String>,
    /// Contract.
    pub contract: Contract,
    /// Scope, sorted and without duplicates.
    pub scope: Vec<Scope>,
    /// Joint investments.
    pub joint_investments: Vec<JointInvestment>,
    /// The supplier lets its region's institution see the details.
    pub institution_consent: bool,
}

/// One joint investment as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct JointInvestmentDraft {
    /// Purpose.
    pub purpose: String,
    /// Amount in rupiah.
    pub amount: String,
    /// Buyer's share in percent.
    pub buyer_share_pct: String,
    /// Supplier's share in percent.
    pub supplier_share_pct: String,
}

/// A partnership as typed. The form has one joint-investment row; the API may send several.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PartnershipDraft {
    /// Buyer organisation id.
    pub buyer_id: String,
    /// Supplier organisation id.
    pub supplier_id: String,
    /// Pattern key.
    pub pattern: String,
    /// Path key.
    pub path: String,
    /// Facilitator.
    pub facilitator: String,
    /// Written contract checkbox.
    pub contract_written: String,
    /// Contract style key.
    pub contract_style: String,
    /// Start date.
    pub start_on: String,
    /// End date.
    pub end_on: String,
    /// Payment terms in days.
    pub payment_terms_days: String,
    /// Contract file reference.
    pub contract_file_ref: String,
    /// Scope keys (the form sends the field once per ticked box).
    pub scope: Vec<String>,
    /// Joint investments.
    pub joint_investments: Vec<JointInvestmentDraft>,
    /// Consent checkbox.
    pub institution_consent: String,
}

/// Kinds of the two organisations named in a draft, looked up by the caller.
#[derive(Debug, Clone, Copy)]
pub struct Parties {
    /// The kind of the organisation named as buyer, `None` if it does not exist.
    pub buyer_kind: Option<OrganisationKind>,
    /// The kind of the organisation named as supplier, `None` if it does not exist.
    pub supplier_kind: Option<OrganisationKind>,
}

fn parse_id(raw: &str) -> Result<i64, &'static str> {
    match bounded_integer(raw, i64::MAX)? {
        Some(v) => Ok(v),
        None => Err("field.required"),
    }
}

impl PartnershipDraft {
    /// The ids the draft names, for the caller to look up their kinds before [`parse`](Self::parse).
    pub fn party_ids(&self) -> (Option<i64>, Option<i64>) {
        (parse_id(&self.buyer_id).ok(), parse_id(&self.supplier_id).ok())
    }

    /// Parses the draft for a proposal made by organisation `proposer`, given the kinds of the
    /// two named parties. The proposer must be one of them.
    pub fn parse(&self, proposer: i64, parties: Parties) -> Result<NewPartnership, FieldErrors> {
        let mut e = FieldErrors::new();
        let buyer_id = e.take("buyer_id", parse_id(&self.buyer_id));
        let supplier_id = e.take("supplier_id", parse_id(&self.supplier_id));
        if buyer_id.is_some() {
            match parties.buyer_kind {
                None => e.add("buyer_id", "organisation.unknown"),
                Some(OrganisationKind::Buyer | OrganisationKind::Umkm) => {}
                Some(_) => e.add("buyer_id", "partnership.buyer_kind"),
            }
        }
        if supplier_id.is_some() {
            match parties.supplier_kind {
                None => e.add("supplier_id", "organisation.unknown"),
                Some(OrganisationKind::Umkm) => {}
                Some(_) => e.add("supplier_id", "partnership.supplier_kind"),
            }
        }
        if let (Some(b), Some(s)) = (buyer_id, supplier_id) {
            if b == s {
                e.add("supplier_id", "partnership.same_organisation");
            } else if proposer != b && proposer != s {
                e.add("buyer_id", "partnership.not_party");
            }
        }
        let pattern = e.take("pattern", Pattern::parse(&self.pattern));
        let path = e.take("path", PartnershipPath::parse(&self.path));
        let facilitator = e.take("facilitator", optional_text(&self.facilitator, 200)).flatten();
        if path == Some(PartnershipPath::Facilitated) && facilitator.is_none() {
            e.add("facilitator", "facilitator.required");
        }
        let style = e.take("contract_style", ContractStyle::parse(&self.contract_style));
        let start_on = e.take("start_on", optional_date(&self.start_on)).flatten();
        let end_on = e.take("end_on", optional_date(&self.end_on)).flatten();
        if let (Some(s), Some(x)) = (start_on, end_on) {
            if x < s {
                e.add("end_on", "dates.order");
            }
        }
        let payment_terms_days =
            e.take("payment_terms_days", bounded_integer(&self.payment_terms_days, 365)).flatten();
        if e.code_for("payment_terms_days") == Some("field.too_large") {
            // Replace the generic message with the specific range.
            let mut fixed = FieldErrors::new();
            for err in e.iter() {
                let code = if err.field == "payment_terms_days" {
                    "payment_terms.range"
                } else {
                    err.code
                };
                fixed.add(&err.field, code);
            }
            e = fixed;
        }
        let file_reference =
            e.take("contract_file_ref", optional_text(&self.contract_file_ref, 200));
        let mut scope = Vec::new();
        for raw in &self.scope {
            if raw.trim().is_empty() {
                continue;
            }
            if let Some(s) = e.take("scope", Scope::parse(raw)) {
                scope.push(s);
            }
        }
        scope.sort();
        scope.dedup();
        let mut joint_investments = Vec::new();
        for (i, draft) in self.joint_investments.iter().enumerate() {
            if let Some(ji) = draft.parse(i, &mut e) {
                joint_investments.push(ji);
            }
        }
        match (buyer_id, supplier_id, pattern, path, style) {
            (Some(buyer_id), Some(supplier_id), Some(pattern), Some(path), Some(style))
                if e.is_empty() =>
            {
                Ok(NewPartnership {
                    buyer_id,
                    supplier_id,
                    proposed_by: proposer,
                    pattern,
                    path,
                    facilitator,
                    contract: Contract {
                        written: checkbox(&self.contract_written),
                        style,
                        start_on,
                        end_on,
                        payment_terms_days,
                        file_reference: file_reference.flatten(),
                    },
                    scope,
                    joint_investments,
                    // Consent is the supplier's to give: a buyer's proposal starts without it.
                    institution_consent: proposer == supplier_id
                        && checkbox(&self.institution_consent),
                })
            }
            _ => Err(e),
        }
    }
}

impl JointInvestmentDraft {
    fn is_blank(&self) -> bool {
        [&self.purpose, &self.amount, &self.buyer_share_pct, &self.supplier_share_pct]
            .iter()
            .all(|s| s.trim().is_empty())
    }

    /// Parses row `i`; errors are filed under `joint_investments.{i}.{field}`. A fully blank row
    /// (an unused form row) is skipped.
    fn parse(&self, i: usize, e: &mut FieldErrors) -> Option<JointInvestment> {
        if self.is_blank() {
            return None;
        }
        let f = |name: &str| format!("joint_investments.{i}.{name}");
        let purpose = e.take(&f("purpose"), crate::field::required_text(&self.purpose, 200));
        let amount = match Rupiah::parse(&self.amount) {
            Ok(Some(a)) => Some(a),
            Ok(None) => {
                e.add(&f("amount"), "field.required");
                None
            }
            Err(code) => {
                e.add(&f("amount"), code);
                None
            }
        };
        let share = |raw: &str| -> Result<Option<i64>, &'static str> {
            bounded_integer(raw, 100).map_err(|c| {
                if c == "field.too_large" {
                    "share.range"
                } else {
                    c
                }
            })
        };
        let buyer = e.take(&f("buyer_share_pct"), share(&self.buyer_share_pct)).flatten();
        let supplier = e.take(&f("supplier_share_pct"), share(&self.supplier_share_pct)).flatten();
        let (buyer, supplier) = match (buyer, supplier) {
            (Some(b), Some(s)) => (b, s),
            (Some(b), None) => (b, 100 - b),
            (None, Some(s)) => (100 - s, s),
            (None, None) => {
                e.add(&f("buyer_share_pct"), "field.required");
                return None;
            }
        };
        if buyer + supplier != 100 {
            e.add(&f("supplier_share_pct"), "share.sum");
            return None;
        }
        Some(JointInvestment {
            purpose: purpose?,
            amount: amount?,
            buyer_share_pct: buyer,
            supplier_share_pct: supplier,
        })
    }
}

/// A stored partnership with the names of both parties (for lists and the detail page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Partnership {
    /// Key.
    pub id: i64,
    /// Buyer id.
    pub buyer_id: i64,
    /// Buyer's name.
    pub buyer_name: String,
    /// Supplier id.
    pub supplier_id: i64,
    /// Supplier's name.
    pub supplier_name: String,
    /// The supplier's regency (institutions see their own region only).
    pub supplier_regency: String,
    /// Which party proposed it.
    pub proposed_by: i64,
    /// Pattern.
    pub pattern: Pattern,
    /// Path.
    pub path: PartnershipPath,
    /// Facilitator.
    pub facilitator: Option<String>,
    /// Status.
    pub status: Status,
    /// Date of the last status change.
    pub status_since: Date,
    /// Reason given for the last status change, if any.
    pub status_reason: Option<String>,
    /// Contract.
    pub contract: Contract,
    /// Scope.
    pub scope: Vec<Scope>,
    /// Joint investments.
    pub joint_investments: Vec<JointInvestment>,
    /// Supplier's consent to institution detail view.
    pub institution_consent: bool,
    /// Optimistic-concurrency version, bumped on every change.
    pub version: i64,
}

impl Partnership {
    /// Whether `organisation_id` is one of the two parties.
    pub fn is_party(&self, organisation_id: i64) -> bool {
        organisation_id == self.buyer_id || organisation_id == self.supplier_id
    }
}

keyed_enum! {
    /// What a history entry records.
    pub enum EventKind: "event" {
        /// The proposal.
        Created => "created",
        /// A status change.
        Status => "status",
        /// The supplier's consent changed.
        Consent => "consent",
    }
}

/// One entry of a partnership's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartnershipEvent {
    /// What happened.
    pub kind: EventKind,
    /// When, as Unix seconds (UTC).
    pub at: i64,
    /// Who (display name), if the account still exists.
    pub actor: Option<String>,
    /// Status before.
    pub from_status: Option<Status>,
    /// Status after.
    pub to_status: Option<Status>,
    /// Reason.
    pub reason: Option<String>,
}

/// A status change as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatusChangeDraft {
    /// Target status key.
    pub status: String,
    /// Reason (required for suspended and ended).
    pub reason: String,
    /// The version the user saw; a stale version is refused.
    pub version: String,
}

/// A checked status change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    /// From.
    pub from: Status,
    /// To.
    pub to: Status,
    /// Reason.
    pub reason: Option<String>,
    /// Version the change applies to.
    pub version: i64,
}

/// Checks that organisation `actor_org` (a party) may move `p` to the drafted status: the
/// transition is allowed, a reason is given where needed, and a proposal is accepted only by the
/// party that did not propose it (either party may withdraw or decline it).
pub fn check_status_change(
    p: &Partnership,
    actor_org: i64,
    draft: &StatusChangeDraft,
) -> Result<StatusChange, FieldErrors> {
    let mut e = FieldErrors::new();
    let to = e.take("status", Status::parse(&draft.status));
    let reason = e.take("reason", optional_text(&draft.reason, 500)).flatten();
    let version = match draft.version.trim() {
        "" => p.version,
        v => v.parse().unwrap_or(-1),
    };
    if let Some(to) = to {
        if !p.status.can_become(to) {
            e.add("status", "status.transition");
        } else if p.status == Status::Proposed && to == Status::Active && actor_org == p.proposed_by
        {
            e.add("status", "status.counterparty");
        }
        if to.needs_reason() && reason.is_none() {
            e.add("reason", "status.reason_required");
        }
    }
    if version != p.version {
        e.add("status", "status.stale");
    }
    match to {
        Some(to) if e.is_empty() => Ok(StatusChange { from: p.status, to, reason, version }),
        _ => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> PartnershipDraft {
        PartnershipDraft {
            buyer_id: "1".into(),
            supplier_id: "2".into(),
            pattern: "subkontrak".into(),
            path: "natural".into(),
            contract_written: "on".into(),
            contract_style: "long_term".into(),
            start_on: "2025-01-01".into(),
            end_on: "2027-12-31".into(),
            payment_terms_days: "30".into(),
            scope: vec!["processing".into(), "procurement".into(), "processing".into()],
            joint_investments: vec![
                JointInvestmentDraft {
                    purpose: "mesin jahit".into(),
                    amount: "Rp 25.000.000".into(),
                    buyer_share_pct: "60".into(),
                    supplier_share_pct: "".into(),
                },
                JointInvestmentDraft::default(),
            ],
            ..Default::default()
        }
    }

    const PARTIES: Parties = Parties {
        buyer_kind: Some(OrganisationKind::Buyer),
        supplier_kind: Some(OrganisationKind::Umkm),
    };

    #[test]
    fn a_valid_draft_parses() {
        let p = draft().parse(1, PARTIES).expect("valid");
        assert_eq!(p.scope, [Scope::Procurement, Scope::Processing]);
        assert_eq!(p.joint_investments.len(), 1);
        assert_eq!(p.joint_investments[0].supplier_share_pct, 40);
        assert_eq!(p.joint_investments[0].amount.get(), 25_000_000);
        assert!(p.contract.written && !p.institution_consent);
        // Only the supplier can give the institution its consent.
        let consenting = PartnershipDraft { institution_consent: "on".into(), ..draft() };
        assert!(!consenting.parse(1, PARTIES).unwrap().institution_consent, "the buyer proposed");
        assert!(consenting.parse(2, PARTIES).unwrap().institution_consent, "the supplier proposed");
    }

    #[test]
    fn bad_drafts_name_their_fields() {
        let d = PartnershipDraft {
            supplier_id: "1".into(),
            pattern: "barter".into(),
            path: "facilitated".into(),
            end_on: "2024-01-01".into(),
            payment_terms_days: "400".into(),
            joint_investments: vec![JointInvestmentDraft {
                purpose: "x".into(),
                amount: "5".into(),
                buyer_share_pct: "70".into(),
                supplier_share_pct: "20".into(),
            }],
            ..draft()
        };
        let e = d.parse(1, PARTIES).unwrap_err();
        for (field, code) in [
            ("supplier_id", "partnership.same_organisation"),
            ("pattern", "field.choice"),
            ("facilitator", "facilitator.required"),
            ("end_on", "dates.order"),
            ("payment_terms_days", "payment_terms.range"),
            ("joint_investments.0.supplier_share_pct", "share.sum"),
        ] {
            assert_eq!(e.code_for(field), Some(code), "{field}: {e}");
        }
    }

    #[test]
    fn kinds_and_proposer_are_checked() {
        let wrong = Parties {
            buyer_kind: Some(OrganisationKind::Institution),
            supplier_kind: Some(OrganisationKind::Buyer),
        };
        let e = draft().parse(1, wrong).unwrap_err();
        assert_eq!(e.code_for("buyer_id"), Some("partnership.buyer_kind"));
        assert_eq!(e.code_for("supplier_id"), Some("partnership.supplier_kind"));
        let e = draft().parse(9, PARTIES).unwrap_err();
        assert_eq!(e.code_for("buyer_id"), Some("partnership.not_party"));
        let missing = Parties { buyer_kind: None, ..PARTIES };
        assert_eq!(
            draft().parse(1, missing).unwrap_err().code_for("buyer_id"),
            Some("organisation.unknown")
        );
    }

    #[test]
    fn transitions() {
        use Status::*;
        let allowed: Vec<(Status, Status)> = Status::ALL
            .iter()
            .flat_map(|&a| Status::ALL.iter().map(move |&b| (a, b)))
            .filter(|(a, b)| a.can_become(*b))
            .collect();
        assert_eq!(
            allowed,
            [
                (Proposed, Active),
                (Proposed, Ended),
                (Active, Suspended),
                (Active, Ended),
                (Suspended, Active),
                (Suspended, Ended)
            ]
        );
        assert!(Ended.next().is_empty());
    }

    fn stored(status: Status) -> Partnership {
        let n = draft().parse(1, PARTIES).unwrap();
        Partnership {
            id: 7,
            buyer_id: 1,
            buyer_name: "b".into(),
            supplier_id: 2,
            supplier_name: "s".into(),
            supplier_regency: "1275".into(),
            proposed_by: 1,
            pattern: n.pattern,
            path: n.path,
            facilitator: None,
            status,
            status_since: Date::from_calendar_date(2025, time::Month::January, 1).unwrap(),
            status_reason: None,
            contract: n.contract,
            scope: n.scope,
            joint_investments: n.joint_investments,
            institution_consent: false,
            version: 3,
        }
    }

    #[test]
    fn status_changes_follow_the_rules() {
        let change = |p: &Partnership, org: i64, to: &str, reason: &str, version: &str| {
            check_status_change(
                p,
                org,
                &StatusChangeDraft {
                    status: to.into(),
                    reason: reason.into(),
                    version: version.into(),
                },
            )
        };
        let proposed = stored(Status::Proposed);
        assert_eq!(
            change(&proposed, 1, "active", "", "3").unwrap_err().code_for("status"),
            Some("status.counterparty")
        );
        assert_eq!(change(&proposed, 2, "active", "", "3").unwrap().to, Status::Active);
        assert!(change(&proposed, 1, "ended", "ditarik", "3").is_ok(), "the proposer may withdraw");
        assert_eq!(
            change(&proposed, 2, "suspended", "x", "3").unwrap_err().code_for("status"),
            Some("status.transition")
        );
        let active = stored(Status::Active);
        assert_eq!(
            change(&active, 2, "ended", "", "3").unwrap_err().code_for("reason"),
            Some("status.reason_required")
        );
        assert_eq!(
            change(&active, 2, "suspended", "banjir", "2").unwrap_err().code_for("status"),
            Some("status.stale")
        );
    }
}
