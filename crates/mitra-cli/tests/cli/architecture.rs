//! The crate graph: arrows point one way (cli → server → store → files → core → decide), the
//! pure crates depend on nothing that does I/O, HTTP or argument parsing, and the file readers
//! (`mitra-files`: bytes in, grid out) on no database, web, async runtime or argument parser.

use std::path::Path;

const LAYERS: [&str; 6] =
    ["mitra-decide", "mitra-core", "mitra-files", "mitra-store", "mitra-server", "mitra-cli"];
const NOT_IN_PURE: [&str; 8] =
    ["sqlx", "axum", "tokio", "clap", "askama", "hyper", "csv", "calamine"];

const NOT_IN_FILES: [&str; 6] = ["sqlx", "axum", "tokio", "clap", "askama", "hyper"];

fn dependencies(manifest: &toml::Table) -> Vec<String> {
    ["dependencies", "build-dependencies"]
        .iter()
        .filter_map(|k| manifest.get(*k).and_then(|d| d.as_table()))
        .flat_map(|t| t.keys().cloned())
        .collect()
}

#[test]
fn crate_graph_points_one_way() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut seen = 0;
    for entry in std::fs::read_dir(&crates).unwrap() {
        let dir = entry.unwrap().path();
        let Ok(text) = std::fs::read_to_string(dir.join("Cargo.toml")) else { continue };
        let manifest: toml::Table = text.parse().unwrap();
        let name = manifest["package"]["name"].as_str().unwrap().to_string();
        assert_eq!(
            dir.file_name().unwrap().to_str().unwrap(),
            name,
            "directory name = package name"
        );
        let level =
            LAYERS.iter().position(|l| *l == name).unwrap_or_else(|| panic!("{name} has no layer"));
        seen += 1;
        for dep in dependencies(&manifest) {
            if let Some(d) = LAYERS.iter().position(|l| *l == dep) {
                assert!(d < level, "{name} must not depend on {dep}");
            }
            if name == "mitra-files" {
                assert!(!NOT_IN_FILES.contains(&dep.as_str()), "{name} reads bytes, not {dep}");
            }
            if level <= 1 {
                assert!(
                    !NOT_IN_PURE.contains(&dep.as_str()),
                    "{name} is pure but depends on {dep}"
                );
            }
        }
    }
    assert_eq!(seen, LAYERS.len(), "found every workspace crate");
}
