//! The engine's integration tests: published reference cases and properties.

mod common;
mod methods;
mod properties;
mod reference;
