//! The engine's integration tests: published reference cases and properties.

mod analysis;
mod common;
mod reference;
