//! The storage port of supplier selection. Every method is one transaction. Writes to an event
//! that is no longer open fail with `StoreError::Stale`: a decided event never changes.

use std::future::Future;

use serde::Serialize;

use super::problem::Judgments;
use super::{
    Candidate, CandidateFilter, CandidateOrigin, CandidateResponse, CriterionValue, EventCriterion,
    NewEvent, Quote, RankingRow, SourcingEvent, WeightMode,
};
use crate::store::Page;
use crate::StoreError;

/// An event as a candidate UMKM sees it in its list: the need and its own answer, never the
/// other candidates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Invitation {
    /// The event.
    pub event: SourcingEvent,
    /// The candidate's own row.
    pub candidate: Candidate,
}

/// What a decision writes, all at once.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionRecord {
    /// (organisation id, quantity) per winner.
    pub awards: Vec<(i64, i64)>,
    /// Why.
    pub reason: String,
    /// Who (account id).
    pub decided_by: i64,
    /// When (Unix seconds).
    pub decided_at: i64,
    /// The frozen inputs, weights, method, parameters and results (JSON text).
    pub snapshot: String,
    /// The proposed partnership of each winner, same order as `awards`.
    pub partnerships: Vec<crate::partnership::NewPartnership>,
}

/// Storage of sourcing events.
pub trait SelectionStore: Send + Sync {
    /// Stores a new open event of `buyer_id` with the given criteria; returns its id.
    fn create_event(
        &self,
        buyer_id: i64,
        event: &NewEvent,
        criteria: &[EventCriterion],
        created_by: i64,
        now: i64,
    ) -> impl Future<Output = Result<i64, StoreError>> + Send;

    /// One event (with its decision, if any).
    fn event(&self, id: i64) -> impl Future<Output = Result<SourcingEvent, StoreError>> + Send;

    /// Events of a buyer, newest first.
    fn events_of(
        &self,
        buyer_id: i64,
        page: u32,
        per_page: u32,
    ) -> impl Future<Output = Result<Page<SourcingEvent>, StoreError>> + Send;

    /// Replaces the need (title, product, quantity, …) of an open event.
    fn update_event(
        &self,
        id: i64,
        event: &NewEvent,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The criteria of an event, in order.
    fn criteria(
        &self,
        event_id: i64,
    ) -> impl Future<Output = Result<Vec<EventCriterion>, StoreError>> + Send;

    /// Replaces the criteria of an open event (inclusion, weights, custom criteria) and the
    /// weight mode.
    fn set_criteria(
        &self,
        event_id: i64,
        criteria: &[EventCriterion],
        mode: WeightMode,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Adds the UMKM matching `filter` (not yet candidates) as registry candidates, at most
    /// `limit`; returns how many were added.
    fn add_candidates_from_registry(
        &self,
        event_id: i64,
        filter: &CandidateFilter,
        today: time::Date,
        limit: u64,
    ) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// Adds one UMKM as a candidate (`Conflict{field: "organisation_id"}` if it already is).
    fn add_candidate(
        &self,
        event_id: i64,
        organisation_id: i64,
        origin: CandidateOrigin,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Every candidate of an event, ordered by name.
    fn candidates(
        &self,
        event_id: i64,
    ) -> impl Future<Output = Result<Vec<Candidate>, StoreError>> + Send;

    /// What ranking needs of the ranked candidates of an event (not excluded, not declined):
    /// one row per candidate with its values on `criteria` (the event's, in their order; the
    /// quote's price standing in for a missing price), ordered by organisation id — without
    /// names or profiles, so that large pools load fast.
    fn ranking_rows(
        &self,
        event_id: i64,
        criteria: &[EventCriterion],
    ) -> impl Future<Output = Result<Vec<RankingRow>, StoreError>> + Send;

    /// The names of the given candidates of an event (ids that are not its candidates are left
    /// out).
    fn candidate_names(
        &self,
        event_id: i64,
        organisation_ids: &[i64],
    ) -> impl Future<Output = Result<Vec<(i64, String)>, StoreError>> + Send;

    /// One candidate row (`NotFound` when the UMKM is not a candidate).
    fn candidate(
        &self,
        event_id: i64,
        organisation_id: i64,
    ) -> impl Future<Output = Result<Candidate, StoreError>> + Send;

    /// The candidate's answer and, when accepting, its quote and the scores of the assessment
    /// it shares (copied as values with their source).
    fn respond(
        &self,
        event_id: i64,
        organisation_id: i64,
        response: CandidateResponse,
        quote: Option<&Quote>,
        shared: Option<(i64, &[(String, CriterionValue)])>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Sets (or clears, with `None`) values of candidates: `(organisation id, criterion key,
    /// value)`.
    fn set_values(
        &self,
        event_id: i64,
        values: &[(i64, String, Option<CriterionValue>)],
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Excludes or re-includes candidates.
    fn set_excluded(
        &self,
        event_id: i64,
        organisation_ids: &[i64],
        excluded: bool,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The AHP judgments of every evaluator of an event.
    fn judgments(
        &self,
        event_id: i64,
    ) -> impl Future<Output = Result<Vec<Judgments>, StoreError>> + Send;

    /// Replaces one evaluator's judgments.
    fn set_judgments(
        &self,
        event_id: i64,
        judgments: &Judgments,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Freezes the event with its decision, writes the awards and creates one proposed
    /// partnership per winner; fails with `Stale` unless the event is open at `version`.
    fn decide(
        &self,
        event_id: i64,
        version: i64,
        record: &DecisionRecord,
        today: time::Date,
    ) -> impl Future<Output = Result<Vec<i64>, StoreError>> + Send;

    /// The frozen snapshot of a decided event.
    fn snapshot(
        &self,
        event_id: i64,
    ) -> impl Future<Output = Result<Option<String>, StoreError>> + Send;

    /// Re-opens a decided event as a new open revision (a copy of its need, criteria,
    /// candidates, values and judgments, without the decision); the old one becomes
    /// superseded. Returns the new event's id.
    fn reopen(
        &self,
        event_id: i64,
        created_by: i64,
        now: i64,
    ) -> impl Future<Output = Result<i64, StoreError>> + Send;

    /// Events in which `organisation_id` is a candidate, newest first.
    fn invitations_of(
        &self,
        organisation_id: i64,
    ) -> impl Future<Output = Result<Vec<Invitation>, StoreError>> + Send;
}
