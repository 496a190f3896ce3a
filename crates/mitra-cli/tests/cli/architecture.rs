//! The crate graph: arrows point one way (cli → server → store → core → decide), and the pure
//! crates depend on nothing that does I/O, HTTP or argument parsing.

use std::path::Path;

const LAYERS: [&str; 5] =
    ["mitra-decide", "mitra-core", "mitra-store", "mitra-server", "mitra-cli"];
const NOT_IN_PURE: [&str; 8] =
    ["sqlx", "axum", "tokio", "clap", "askama", "hyper", "csv", "calamine"];

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
