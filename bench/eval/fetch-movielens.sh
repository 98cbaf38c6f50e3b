#!/usr/bin/env bash
# Fetches MovieLens-100K in RecBole's atomic format (ml-100k.inter/.item/.user) from the recbole==1.2.1 wheel
# on PyPI (no torch needed: only the three data files are unzipped). Output: bench-out/data/ml-100k/ (gitignored).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$root/bench-out/data/ml-100k}"
if [[ -s "$out/ml-100k.inter" && -s "$out/ml-100k.item" && -s "$out/ml-100k.user" ]]; then
  echo "ml-100k already in $out"; exit 0
fi
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
python3 -m pip download -q --no-deps recbole==1.2.1 -d "$tmp"
wheel="$(ls "$tmp"/recbole-1.2.1-*.whl)"
mkdir -p "$out"
python3 - "$wheel" "$out" <<'PY'
import sys, zipfile, os
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    for ext in ("inter", "item", "user"):
        name = f"recbole/dataset_example/ml-100k/ml-100k.{ext}"
        with z.open(name) as src, open(os.path.join(out, f"ml-100k.{ext}"), "wb") as dst:
            dst.write(src.read())
PY
wc -l "$out"/ml-100k.*
