#!/usr/bin/env bash
# One command: install what is missing and run every test — the unit and HTTP suites (swift test) and the
# browser test (headless Chromium). CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
export MOSAIC_BROWSER_TESTS=1
bash scripts/install-deps.sh
start=$(date +%s)

# Build once, with tests; a warning in Mosaic's own sources fails the build (Swift 6, no warnings).
swift build --build-tests 2>&1 | tee /tmp/mosaic-build.log | grep -E "error:|warning:" | grep -E "/(Sources|Tests)/" || true
if grep -E "^/.*/(Sources|Tests)/.*(warning|error):" /tmp/mosaic-build.log | grep -v "/.build" | grep -q .; then
  echo "mosaic: the build has warnings or errors in Mosaic's sources (see above)" >&2
  grep -q "error:" /tmp/mosaic-build.log && exit 1
  exit 1
fi
echo "mosaic: build took $(( $(date +%s) - start )) s"

swift test --skip-build 2>&1 | tee /tmp/mosaic-test.log | grep -vE "^(◇|↳|􀟈)|^✔ Test .* passed" || true
grep -qE "^✔ Test run with [0-9]+ tests? .*passed" /tmp/mosaic-test.log || { echo "mosaic: swift test failed" >&2; exit 1; }

passed=$(grep -oE "^✔ Test run with [0-9]+ tests?" /tmp/mosaic-test.log | grep -oE "[0-9]+" | head -1)
if [ -f tests/browser/run.sh ]; then
  bash tests/browser/run.sh
  passed=$((passed + 1))
fi
echo "mosaic: all tests passed in $(( $(date +%s) - start )) s"
echo "$passed passed, 0 failed"
