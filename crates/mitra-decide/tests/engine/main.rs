//! The engine's integration tests: published reference cases and properties.

mod ahp;
mod analysis;
mod common;
mod methods;
mod objective;
mod properties;
mod reference;
