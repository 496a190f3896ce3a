//! Supplier selection: a buyer's **sourcing event** (a need: product, quantity, period, region,
//! intended partnership pattern), its **candidates** (UMKM from the registry or invited), their
//! **quotes**, the **criteria** (the eight partnership components, the three competitive
//! indicators, custom ones), the **weights** (direct or AHP, several evaluators), the ranking and
//! the frozen **decision**.
//!
//! Everything here is pure: drafts of text become parsed values or per-field errors
//! ([`FieldErrors`]); [`problem`] turns a parsed event into a decision matrix for the engine and
//! runs the analyses the results page shows. Storage is the [`SelectionStore`](store::SelectionStore) port.

pub mod problem;
pub mod store;

pub use mitra_decide::MethodKey;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::assessment::Component;
use crate::field::{bounded_integer, optional_date, optional_text, required_text};
use crate::keyed::keyed_enum;
use crate::organisation::Rupiah;
use crate::partnership::Pattern;
use crate::region::RegencyCode;
use crate::size::SizeClass;
use crate::FieldErrors;

keyed_enum! {
    /// Where a sourcing event stands. An open event is edited; a decided one is frozen for good
    /// (a change is a new revision, which supersedes it).
    pub enum EventStatus: "selection.status" {
        /// Being prepared: candidates, values, weights can change.
        Open => "open",
        /// The buyer decided; inputs, weights, method and results are frozen.
        Decided => "decided",
        /// A newer revision replaced it (it stays readable, frozen).
        Superseded => "superseded",
    }
}

keyed_enum! {
    /// How a candidate came into the event.
    pub enum CandidateOrigin: "selection.origin" {
        /// Picked from the registry with filters.
        Registry => "registry",
        /// Invited by the buyer (by name).
        Invited => "invited",
    }
}

keyed_enum! {
    /// The candidate's answer to the event.
    pub enum CandidateResponse: "selection.response" {
        /// No answer yet.
        Pending => "pending",
        /// Takes part (may quote and share its readiness).
        Accepted => "accepted",
        /// Does not take part.
        Declined => "declined",
    }
}

keyed_enum! {
    /// Where a criterion value came from — shown beside every value.
    pub enum ValueSource: "selection.source" {
        /// The candidate's own readiness self-assessment, shared with this event.
        SelfAssessment => "self_assessment",
        /// An institution assessor's rating, shared by the candidate.
        Assessor => "assessor",
        /// The buyer's own rating.
        Buyer => "buyer",
        /// The candidate's quote.
        Quote => "quote",
        /// Entered by the buyer (e.g. on-time rate from its own records).
        Entered => "entered",
    }
}

keyed_enum! {
    /// How the event's weights are set.
    pub enum WeightMode: "selection.weight_mode" {
        /// Percentages per criterion (sliders), normalised to sum 100 %.
        Direct => "direct",
        /// Pairwise comparisons by one or more evaluators of the buyer, aggregated (AIJ).
        Ahp => "ahp",
    }
}

keyed_enum! {
    /// The three competitive indicators beside the eight components.
    pub enum Indicator: "selection.indicator" {
        /// On-time delivery rate, percent (benefit).
        OnTime => "on_time",
        /// Quality acceptance rate, percent (benefit).
        Quality => "quality",
        /// Unit price in rupiah (cost), from the quote unless entered.
        Price => "price",
    }
}

/// The stable key of a criterion of an event: a component key (`trust`), an indicator key
/// (`price`), or `custom_N` for the N-th custom criterion.
pub type CriterionKey = String;

/// The longest custom criterion name.
pub const MAX_CRITERION_NAME: usize = 80;
/// Most criteria an event may have (the AHP form stays usable, 11 standard + custom).
pub const MAX_CRITERIA: usize = 20;

/// One criterion of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventCriterion {
    /// Stable key (see [`CriterionKey`]).
    pub key: CriterionKey,
    /// Custom criteria carry their own name; standard ones are named by the catalogue.
    pub custom_name: Option<String>,
    /// `true` for a cost (lower is better).
    pub cost: bool,
    /// Unit shown beside values (`%`, `Rp`, `0–100`, `hari`…).
    pub unit: String,
    /// Whether the criterion takes part in the ranking (a criterion can be excluded to resolve
    /// missing values).
    pub included: bool,
    /// Direct weight, any non-negative scale (shown normalised to 100 %).
    pub weight: f64,
}

impl EventCriterion {
    /// The component this criterion is, if it is one of the eight.
    pub fn component(&self) -> Option<Component> {
        Component::from_key(&self.key).filter(|c| !c.is_optional())
    }

    /// The indicator this criterion is, if it is one of the three.
    pub fn indicator(&self) -> Option<Indicator> {
        Indicator::from_key(&self.key)
    }

    /// The criterion's name in `lang`.
    pub fn name(&self, lang: impl Into<crate::Lang>) -> String {
        let lang = lang.into();
        if let Some(n) = &self.custom_name {
            return n.clone();
        }
        if let Some(c) = self.component() {
            return lang.pick(c.name().id, c.name().en).to_owned();
        }
        match self.indicator() {
            Some(i) => i.label(lang).to_owned(),
            None => self.key.clone(),
        }
    }
}

/// The criteria a new event starts with: the eight components (0–100 from assessments or the
/// buyer's rating) and the three competitive indicators, equal direct weights.
pub fn standard_criteria() -> Vec<EventCriterion> {
    let mut out: Vec<EventCriterion> = Component::CORE
        .iter()
        .map(|c| EventCriterion {
            key: c.key().to_owned(),
            custom_name: None,
            cost: false,
            unit: "0–100".into(),
            included: true,
            weight: 1.0,
        })
        .collect();
    for (i, unit) in [(Indicator::OnTime, "%"), (Indicator::Quality, "%"), (Indicator::Price, "Rp")]
    {
        out.push(EventCriterion {
            key: i.key().to_owned(),
            custom_name: None,
            cost: i == Indicator::Price,
            unit: unit.into(),
            included: true,
            weight: 1.0,
        });
    }
    out
}

/// A sourcing event as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventDraft {
    /// Short title ("Kopi arabika Q1 2027").
    pub title: String,
    /// Product or commodity.
    pub product: String,
    /// Quantity needed (whole units).
    pub quantity: String,
    /// Unit of the quantity (kg, pcs, liter…).
    pub unit: String,
    /// First day of the supply period.
    pub period_start: String,
    /// Last day of the supply period.
    pub period_end: String,
    /// BPS regency code where supply is wanted (optional).
    pub regency: String,
    /// The partnership pattern intended (PP 7/2021 key).
    pub pattern: String,
    /// Ranking method key (TOPSIS when empty).
    pub method: String,
}

/// A parsed sourcing event, ready to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewEvent {
    /// Title.
    pub title: String,
    /// Product or commodity.
    pub product: String,
    /// Quantity needed, ≥ 1.
    pub quantity: i64,
    /// Its unit.
    pub unit: String,
    /// Supply period start.
    pub period_start: Option<Date>,
    /// Supply period end, never before the start.
    pub period_end: Option<Date>,
    /// Regency wanted.
    pub regency: Option<String>,
    /// Intended pattern.
    pub pattern: Pattern,
    /// The ranking method.
    pub method: MethodKey,
}

impl EventDraft {
    /// Parses the draft; every bad field is reported.
    pub fn parse(&self) -> Result<NewEvent, FieldErrors> {
        let mut e = FieldErrors::new();
        let title = e.take("title", required_text(&self.title, 120));
        let product = e.take("product", required_text(&self.product, 120));
        let quantity = match e.take("quantity", bounded_integer(&self.quantity, 1_000_000_000_000))
        {
            Some(Some(q)) if q >= 1 => Some(q),
            Some(_) => {
                e.add("quantity", "selection.quantity_positive");
                None
            }
            None => None,
        };
        let unit = e.take("unit", required_text(&self.unit, 20));
        let period_start = e.take("period_start", optional_date(&self.period_start)).flatten();
        let period_end = e.take("period_end", optional_date(&self.period_end)).flatten();
        if let (Some(s), Some(x)) = (period_start, period_end) {
            if x < s {
                e.add("period_end", "dates.order");
            }
        }
        let regency = match self.regency.trim() {
            "" => None,
            r => e.take("regency", RegencyCode::parse(r)).map(|c| c.as_str().to_owned()),
        };
        let pattern = e.take("pattern", Pattern::parse(&self.pattern));
        let method = match self.method.trim() {
            "" => Some(MethodKey::Topsis),
            m => MethodKey::parse(m).or_else(|| {
                e.add("method", "field.choice");
                None
            }),
        };
        match (title, product, quantity, unit, pattern, method) {
            (
                Some(title),
                Some(product),
                Some(quantity),
                Some(unit),
                Some(pattern),
                Some(method),
            ) if e.is_empty() => Ok(NewEvent {
                title,
                product,
                quantity,
                unit,
                period_start,
                period_end,
                regency,
                pattern,
                method,
            }),
            _ => Err(e),
        }
    }
}

/// A stored sourcing event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourcingEvent {
    /// Key.
    pub id: i64,
    /// The buying organisation.
    pub buyer_id: i64,
    /// Its name.
    pub buyer_name: String,
    /// 1 for the first version; a re-opened decision is revision + 1.
    pub revision: i64,
    /// The event this revision re-opens.
    pub previous_id: Option<i64>,
    /// The need.
    #[serde(flatten)]
    pub need: NewEvent,
    /// How weights are set.
    pub weight_mode: WeightMode,
    /// Status.
    pub status: EventStatus,
    /// Optimistic version, bumped by every change.
    pub version: i64,
    /// Created at (Unix seconds).
    pub created_at: i64,
    /// The decision, once decided.
    pub decision: Option<Decision>,
}

impl SourcingEvent {
    /// Whether inputs may still change.
    pub fn is_open(&self) -> bool {
        self.status == EventStatus::Open
    }
}

/// A quote as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct QuoteDraft {
    /// Unit price in rupiah.
    pub unit_price: String,
    /// Lead time in days.
    pub lead_time_days: String,
    /// Minimum order, in the event's unit.
    pub min_order: String,
    /// Capacity over the period, in the event's unit.
    pub capacity: String,
}

/// A candidate's quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// Unit price, rupiah, ≥ 1.
    pub unit_price: i64,
    /// Lead time in days, 0–365.
    pub lead_time_days: i64,
    /// Minimum order.
    pub min_order: Option<i64>,
    /// Capacity over the period.
    pub capacity: Option<i64>,
}

impl QuoteDraft {
    /// Parses a quote: price and lead time are required, the price is positive.
    pub fn parse(&self) -> Result<Quote, FieldErrors> {
        let mut e = FieldErrors::new();
        let unit_price = match Rupiah::parse(&self.unit_price) {
            Ok(Some(p)) if p.get() > 0 => Some(p.get()),
            Ok(Some(_)) => {
                e.add("unit_price", "selection.price_positive");
                None
            }
            Ok(None) => {
                e.add("unit_price", "field.required");
                None
            }
            Err(c) => {
                e.add("unit_price", c);
                None
            }
        };
        let lead = match e.take("lead_time_days", bounded_integer(&self.lead_time_days, 365)) {
            Some(Some(d)) => Some(d),
            Some(None) => {
                e.add("lead_time_days", "field.required");
                None
            }
            None => None,
        };
        let min_order =
            e.take("min_order", bounded_integer(&self.min_order, 1_000_000_000_000)).flatten();
        let capacity =
            e.take("capacity", bounded_integer(&self.capacity, 1_000_000_000_000)).flatten();
        match (unit_price, lead) {
            (Some(unit_price), Some(lead_time_days)) if e.is_empty() => {
                Ok(Quote { unit_price, lead_time_days, min_order, capacity })
            }
            _ => Err(e),
        }
    }
}

/// One value of a candidate on one criterion, with where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CriterionValue {
    /// The value, in the criterion's unit.
    pub value: f64,
    /// Its source.
    pub source: ValueSource,
}

/// A candidate of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The UMKM.
    pub organisation_id: i64,
    /// Its legal name.
    pub name: String,
    /// Its regency (BPS code).
    pub regency: String,
    /// Its size class.
    pub size_class: Option<SizeClass>,
    /// How it came in.
    pub origin: CandidateOrigin,
    /// Its answer.
    pub response: CandidateResponse,
    /// Left out of the ranking by the buyer (e.g. to resolve missing values).
    pub excluded: bool,
    /// Its quote.
    pub quote: Option<Quote>,
    /// Values by criterion key (entered, rated, or copied from a shared assessment or the quote).
    pub values: BTreeMap<CriterionKey, CriterionValue>,
    /// The assessment whose scores it shared, if any.
    pub shared_assessment_id: Option<i64>,
    /// The quantity awarded in the decision.
    pub award_quantity: Option<i64>,
    /// The partnership the award became.
    pub partnership_id: Option<i64>,
}

impl Candidate {
    /// The value on `criterion`: the price of the quote stands in for a missing price value.
    pub fn value(&self, criterion: &EventCriterion) -> Option<CriterionValue> {
        resolve_value(
            criterion,
            self.values.get(&criterion.key).copied(),
            self.quote.map(|q| q.unit_price),
        )
    }

    /// What the ranking needs of this candidate: its values on `criteria`, in their order.
    pub fn ranking_row(&self, criteria: &[EventCriterion]) -> RankingRow {
        RankingRow {
            organisation_id: self.organisation_id,
            values: criteria.iter().map(|k| self.value(k)).collect(),
        }
    }

    /// Whether the candidate takes part in the ranking.
    pub fn ranked(&self) -> bool {
        !self.excluded && self.response != CandidateResponse::Declined
    }
}

/// A candidate's value on a criterion from its stored value and its quoted unit price: the
/// stored value wins; the quote's price stands in for a missing value on the price indicator.
pub fn resolve_value(
    criterion: &EventCriterion,
    stored: Option<CriterionValue>,
    quoted_price: Option<i64>,
) -> Option<CriterionValue> {
    match (stored, criterion.indicator(), quoted_price) {
        (Some(v), _, _) => Some(v),
        (None, Some(Indicator::Price), Some(price)) => {
            Some(CriterionValue { value: price as f64, source: ValueSource::Quote })
        }
        _ => None,
    }
}

/// What the ranking needs of one ranked candidate (taking part: not excluded, not declined):
/// its values on the event's criteria, in the criteria's order (`None` where missing). Large
/// pools are ranked from these alone, without the candidates' names and profiles.
#[derive(Debug, Clone, PartialEq)]
pub struct RankingRow {
    /// The UMKM.
    pub organisation_id: i64,
    /// One value per criterion of the event, same order.
    pub values: Vec<Option<CriterionValue>>,
}

/// A custom criterion as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomCriterionDraft {
    /// Name.
    pub name: String,
    /// `benefit` or `cost`.
    pub kind: String,
    /// Unit.
    pub unit: String,
}

impl CustomCriterionDraft {
    /// Parses a custom criterion to add to `existing` (its key is the next free `custom_N`).
    pub fn parse(&self, existing: &[EventCriterion]) -> Result<EventCriterion, FieldErrors> {
        let mut e = FieldErrors::new();
        let name = e.take("name", required_text(&self.name, MAX_CRITERION_NAME));
        let cost = match self.kind.trim() {
            "benefit" => Some(false),
            "cost" => Some(true),
            "" => {
                e.add("kind", "field.required");
                None
            }
            _ => {
                e.add("kind", "field.choice");
                None
            }
        };
        let unit = e.take("unit", optional_text(&self.unit, 20)).flatten().unwrap_or_default();
        if existing.len() >= MAX_CRITERIA {
            e.add("name", "selection.too_many_criteria");
        }
        if let Some(n) = &name {
            if existing
                .iter()
                .any(|c| c.custom_name.as_ref().is_some_and(|x| x.eq_ignore_ascii_case(n)))
            {
                e.add("name", "selection.criterion_exists");
            }
        }
        let next = (1..).find(|i| !existing.iter().any(|c| c.key == format!("custom_{i}")));
        match (name, cost, next) {
            (Some(name), Some(cost), Some(n)) if e.is_empty() => Ok(EventCriterion {
                key: format!("custom_{n}"),
                custom_name: Some(name),
                cost,
                unit,
                included: true,
                weight: 1.0,
            }),
            _ => Err(e),
        }
    }
}

/// Parses one typed value of `criterion` (decimal comma accepted). Percent indicators lie in
/// 0–100, component ratings in 0–100, prices are positive.
pub fn parse_value(criterion: &EventCriterion, raw: &str) -> Result<Option<f64>, &'static str> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let cleaned: String = s.chars().filter(|c| !c.is_whitespace() && *c != '%').collect();
    let cleaned = decimal_text(&cleaned, criterion.indicator() == Some(Indicator::Price));
    let v: f64 = cleaned.parse().map_err(|_| "selection.value_number")?;
    if !v.is_finite() {
        return Err("selection.value_number");
    }
    let bounded = criterion.component().is_some()
        || matches!(criterion.indicator(), Some(Indicator::OnTime | Indicator::Quality));
    if bounded && !(0.0..=100.0).contains(&v) {
        return Err("selection.value_percent");
    }
    if criterion.indicator() == Some(Indicator::Price) && v <= 0.0 {
        return Err("selection.price_positive");
    }
    Ok(Some(v))
}

/// Reads Indonesian and English number writing: with both separators the last one is the
/// decimal point (`1.234,5`, `1,234.5`); a lone comma is a decimal comma (`72,5`); several dots,
/// or for prices a dot followed by three digits, group thousands (`85.000`).
fn decimal_text(s: &str, money: bool) -> String {
    let (dot, comma) = (s.rfind('.'), s.rfind(','));
    match (dot, comma) {
        (Some(d), Some(c)) if c > d => s.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => s.replace(',', ""),
        (None, Some(_)) if s.matches(',').count() == 1 => s.replace(',', "."),
        (None, Some(_)) => s.replace(',', ""),
        (Some(d), None) if s.matches('.').count() > 1 || (money && s.len() - d == 4) => {
            s.replace('.', "")
        }
        _ => s.to_owned(),
    }
}

/// The buyer's decision as typed: one quantity per awarded candidate (empty = not awarded).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionDraft {
    /// Organisation id (as text) → awarded quantity (as text).
    pub awards: BTreeMap<String, String>,
    /// Why.
    pub reason: String,
}

/// A frozen decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// (organisation id, quantity) per winner, in award order.
    pub awards: Vec<(i64, i64)>,
    /// Why, in the buyer's words.
    pub reason: String,
    /// Who decided (account id).
    pub decided_by: i64,
    /// Their name, when the account still exists.
    pub decided_by_name: Option<String>,
    /// When (Unix seconds).
    pub decided_at: i64,
}

impl DecisionDraft {
    /// Parses the awards against the event's candidates: at least one winner, each a ranked
    /// candidate, quantities ≥ 1 adding up to the event's quantity; a reason is required.
    pub fn parse(
        &self,
        event: &SourcingEvent,
        candidates: &[Candidate],
    ) -> Result<(Vec<(i64, i64)>, String), FieldErrors> {
        let mut e = FieldErrors::new();
        let reason = e.take("reason", required_text(&self.reason, 2000));
        let mut awards = Vec::new();
        for (id, qty) in &self.awards {
            let field = format!("awards.{id}");
            let Some(q) = e.take(&field, bounded_integer(qty, 1_000_000_000_000)).flatten() else {
                continue;
            };
            if q == 0 {
                continue;
            }
            match id
                .parse::<i64>()
                .ok()
                .and_then(|i| candidates.iter().find(|c| c.organisation_id == i))
            {
                Some(c) if c.ranked() => awards.push((c.organisation_id, q)),
                _ => e.add(&field, "selection.not_candidate"),
            }
        }
        if awards.is_empty() && e.is_empty() {
            e.add("awards", "selection.no_winner");
        }
        let total: i64 = awards.iter().map(|a| a.1).sum();
        if !awards.is_empty() && total != event.need.quantity {
            e.add("awards", "selection.award_sum");
        }
        match reason {
            Some(reason) if e.is_empty() => Ok((awards, reason)),
            _ => Err(e),
        }
    }
}

/// Filters for adding candidates from the registry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CandidateFilterDraft {
    /// Sector key.
    pub sector: String,
    /// BPS regency code.
    pub regency: String,
    /// Size class key.
    pub size_class: String,
    /// Certificate kind key, held and not expired.
    pub certificate: String,
    /// Part of a product name.
    pub product: String,
    /// Lowest maturity level (`1`–`5`) of the overall index of the UMKM's latest submitted
    /// readiness assessment; empty for any. Never an index number: a threshold the buyer could
    /// move by 0.01 would tell it the private index by bisection.
    pub min_readiness: String,
}

/// Parsed registry filters for candidates.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CandidateFilter {
    /// Sector.
    pub sector: Option<crate::organisation::Sector>,
    /// Regency.
    pub regency: Option<String>,
    /// Size class.
    pub size_class: Option<SizeClass>,
    /// Certificate kind held and valid on `today`.
    pub certificate: Option<crate::organisation::CertificateKind>,
    /// Product substring.
    pub product: Option<String>,
    /// Lowest maturity level of the overall readiness index wanted.
    pub min_readiness: Option<crate::assessment::Maturity>,
    /// Only these UMKM (set by the application from `min_readiness`, never typed).
    pub only: Option<Vec<i64>>,
}

impl CandidateFilterDraft {
    /// Parses the filters; empty fields match everything.
    pub fn parse(&self) -> Result<CandidateFilter, FieldErrors> {
        use crate::organisation::{CertificateKind, Sector};
        let mut e = FieldErrors::new();
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        let sector = opt(&self.sector).and_then(|s| e.take("sector", Sector::parse(&s)));
        let size_class =
            opt(&self.size_class).and_then(|s| e.take("size_class", SizeClass::parse(&s)));
        let certificate =
            opt(&self.certificate).and_then(|s| e.take("certificate", CertificateKind::parse(&s)));
        let regency = opt(&self.regency)
            .and_then(|r| e.take("regency", RegencyCode::parse(&r)))
            .map(|c| c.as_str().to_owned());
        let product = e.take("product", optional_text(&self.product, 80)).flatten();
        let min_readiness = match self.min_readiness.trim() {
            "" => None,
            raw => {
                let found =
                    raw.parse::<u8>().ok().and_then(crate::assessment::Maturity::from_level);
                if found.is_none() {
                    e.add("min_readiness", "selection.readiness_level");
                }
                found
            }
        };
        e.finish(|| CandidateFilter {
            sector,
            regency,
            size_class,
            certificate,
            product,
            min_readiness,
            only: None,
        })
    }
}

#[cfg(test)]
mod tests;

impl SourcingEvent {
    /// The partnership an award becomes: proposed by the buyer with the intended pattern, on
    /// the natural path, for procurement, over the event's supply period (a spot contract
    /// without a period, short-term up to a year, long-term beyond).
    pub fn proposed_partnership(&self, supplier_id: i64) -> crate::partnership::NewPartnership {
        use crate::partnership::{Contract, ContractStyle, NewPartnership, PartnershipPath, Scope};
        let need = &self.need;
        let style = match (need.period_start, need.period_end) {
            (Some(s), Some(e)) if (e - s).whole_days() > 366 => ContractStyle::LongTerm,
            (Some(_), Some(_)) => ContractStyle::ShortTerm,
            _ => ContractStyle::Spot,
        };
        NewPartnership {
            buyer_id: self.buyer_id,
            supplier_id,
            proposed_by: self.buyer_id,
            pattern: need.pattern,
            path: PartnershipPath::Natural,
            facilitator: None,
            contract: Contract {
                written: false,
                style,
                start_on: need.period_start,
                end_on: need.period_end,
                payment_terms_days: None,
                file_reference: None,
            },
            scope: vec![Scope::Procurement],
            joint_investments: Vec::new(),
            institution_consent: false,
        }
    }
}

/// One evaluator's part in AHP weights, as shown and frozen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvaluatorSummary {
    /// Account id.
    pub evaluator_id: i64,
    /// Name.
    pub name: String,
    /// Judgments given.
    pub answered: usize,
    /// Judgments asked.
    pub asked: usize,
    /// Consistency ratio of the judgments so far, when they connect every criterion.
    pub cr: Option<f64>,
    /// Whether the evaluator's complete judgments count in the group weights.
    pub counted: bool,
}

/// What a decision freezes: the inputs exactly as ranked, the weights and method, and the
/// results. The results page of a decided event is recomputed from these inputs (the engine is
/// deterministic) and checked against the frozen results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The method (default parameters).
    pub method: MethodKey,
    /// How the weights were set.
    pub weight_mode: WeightMode,
    /// Every criterion with its inclusion and direct weight.
    pub criteria: Vec<EventCriterion>,
    /// Every candidate with its values, quote and answer.
    pub candidates: Vec<Candidate>,
    /// The weights used, one per included criterion (sum 1).
    pub weights: Vec<f64>,
    /// The AHP evaluators, when weights came from AHP.
    pub evaluators: Vec<EvaluatorSummary>,
    /// Ranked candidates (organisation ids), matrix row order.
    pub ranked: Vec<i64>,
    /// Their scores.
    pub scores: Vec<f64>,
    /// Their ranks.
    pub ranks: Vec<usize>,
}
