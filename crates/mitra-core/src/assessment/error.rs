//! Why an assessment value could not be built. English messages for logs; user interfaces match
//! on the variant and say it in the user's language.

use super::Component;
use thiserror::Error;

/// Every way a constructor in [`crate::assessment`] can refuse its input.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum AssessmentError {
    /// A Likert scale has 5 or 7 points; nothing else is supported.
    #[error("a Likert scale has 5 or 7 points, not {points}")]
    InvalidScale {
        /// The points asked for.
        points: i64,
    },
    /// An answer lies outside the scale (`7` on a 1–5 scale).
    #[error("{value} is outside the 1–{points} scale")]
    OutOfScale {
        /// The answer given.
        value: i64,
        /// The scale's number of points.
        points: u8,
    },
    /// An instrument has no items.
    #[error("the instrument has no items")]
    NoItems,
    /// An item key or text, or the instrument's key or title, is empty.
    #[error("{what} is empty")]
    Empty {
        /// What is empty, e.g. `item key` or `text_en of jp1`.
        what: String,
    },
    /// An item key is not 1–32 lowercase letters, digits or `_` starting with a letter, or is a
    /// name Mitra's forms and survey files use for something else
    /// ([`super::instrument::RESERVED_ITEM_KEYS`]).
    #[error("'{key}' cannot be an item key: use 1–32 lowercase letters, digits or '_', starting with a letter")]
    InvalidItemKey {
        /// The key given.
        key: String,
    },
    /// Two items share a key.
    #[error("item key '{key}' appears twice")]
    DuplicateItem {
        /// The repeated key.
        key: String,
    },
    /// A component has a weight but no item.
    #[error("component '{component}' has a weight but no item")]
    ComponentWithoutItems {
        /// The component.
        component: Component,
    },
    /// An item belongs to a component that has no weight in the instrument.
    #[error("item '{item}' belongs to '{component}', which has no weight")]
    ItemWithoutWeight {
        /// The item key.
        item: String,
        /// Its component.
        component: Component,
    },
    /// A component weight is negative or not finite.
    #[error("the weight of '{component}' is {value}; weights must be finite and not negative")]
    InvalidWeight {
        /// The component.
        component: Component,
        /// The weight.
        value: f64,
    },
    /// All component weights are zero.
    #[error("all component weights are zero")]
    ZeroWeights,
    /// A published instrument cannot change; copy it as a draft.
    #[error("instrument '{key}' version {version} is published and cannot change")]
    Published {
        /// Instrument key.
        key: String,
        /// Its version.
        version: u32,
    },
    /// A copy must have a higher version than its source.
    #[error("a copy needs a version above {current}, not {requested}")]
    VersionNotNewer {
        /// The source's version.
        current: u32,
        /// The version asked for.
        requested: u32,
    },
    /// An answer names an item the instrument does not have.
    #[error("the instrument has no item '{key}'")]
    UnknownItem {
        /// The unknown key.
        key: String,
    },
    /// A response is scored against another instrument than the one it answered.
    #[error("the response answers '{found}', not '{expected}'")]
    InstrumentMismatch {
        /// `key@version` of the instrument used for scoring.
        expected: String,
        /// `key@version` the response answered.
        found: String,
    },
    /// A driver or facilitator score lies outside 1–5.
    #[error("{name} is scored {value}; use 1–5")]
    OutOfRange {
        /// The driver or facilitator.
        name: &'static str,
        /// The value given.
        value: u8,
    },
    /// The propensity grid's band edges are not increasing.
    #[error("band edges must increase: medium from {medium_from}, high from {high_from}")]
    InvalidBands {
        /// First total of the medium band.
        medium_from: u32,
        /// First total of the high band.
        high_from: u32,
    },
    /// A target lies outside the 1–5 readiness scale.
    #[error("the target of '{component}' is {value}; use 1–5")]
    InvalidTarget {
        /// The component.
        component: Component,
        /// The target given.
        value: f64,
    },
    /// An action cannot move between these two statuses.
    #[error("an action cannot go from {from} to {to}")]
    StatusTransition {
        /// Current status key.
        from: &'static str,
        /// Requested status key.
        to: &'static str,
    },
    /// An action plan has no action at this position.
    #[error("there is no action number {index}")]
    NoSuchAction {
        /// 0-based position.
        index: usize,
    },
    /// The embedded starting instrument is malformed (a build defect, caught by the tests).
    #[error("starting instrument, line {line}: {detail}")]
    StartingData {
        /// 1-based line of the embedded CSV.
        line: usize,
        /// What is wrong.
        detail: String,
    },
}
