#!/usr/bin/env bash
# End-to-end comparison: `mitra rank` on a 1,000,000-row CSV against pandas.read_csv + pymcdm
# TOPSIS (and a hand-written numpy TOPSIS) on the same file, in the same run. Prints the ratios.
# Usage: bench/run-pymcdm-comparison.sh [ROWS]   (default 1000000)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
rows="${1:-1000000}"
cd "$root"
cargo build --release -q -p mitra-cli
if [ ! -x "$here/.venv/bin/python" ]; then
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/pip" install -q numpy pandas pymcdm==1.4.0
fi
exec "$here/.venv/bin/python" "$here/compare_pymcdm.py" --rows "$rows" --mitra "$root/target/release/mitra" --data "$here/data"
