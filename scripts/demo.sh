#!/usr/bin/env bash
# One command: install what is missing, build Mosaic (release), and serve a generated demo community on
# http://127.0.0.1:8080 (embedded SQLite + in-process indexes, data in ./mosaic-data-demo).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product mosaic
exec .build/release/mosaic demo "$@"
