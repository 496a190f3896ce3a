//! The `mitra` command line.

fn main() {
    println!("mitra {}", env!("CARGO_PKG_VERSION"));
}
