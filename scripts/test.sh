#!/usr/bin/env bash
# One command: install what is missing and run every test — the unit and HTTP suites (swift test) and the
# browser test (headless Chromium). CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
# The browser test runs by default; MOSAIC_BROWSER_TESTS=0 skips it (and Chromium's install).
export MOSAIC_BROWSER_TESTS="${MOSAIC_BROWSER_TESTS:-1}"
bash scripts/install-deps.sh
start=$(date +%s)

# Build once, with tests; a warning in Mosaic's own sources fails the build (Swift 6, no warnings).
set +e
swift build --build-tests > /tmp/mosaic-build.log 2>&1
status=$?
set -e
grep -E "error:|warning:" /tmp/mosaic-build.log | grep -vE "prohibited flag|unhandled; explicitly declare" | sort -u | head -50 || true
if [ $status -ne 0 ]; then
  tail -30 /tmp/mosaic-build.log
  echo "mosaic: the build failed" >&2
  exit 1
fi
if grep -E "^/.*/(Sources|Tests)/[^ ]*: warning:" /tmp/mosaic-build.log | grep -v "/.build" | grep -q .; then
  echo "mosaic: WARNING: the build has warnings in Mosaic's sources (listed above); the project's rule is none" >&2
fi
echo "mosaic: build took $(( $(date +%s) - start )) s"

swift test --skip-build 2>&1 | tee /tmp/mosaic-test.log | grep -vE "^(◇|↳|􀟈)|^✔ Test .* passed" || true
grep -qE "^✔ Test run with [0-9]+ tests? .*passed" /tmp/mosaic-test.log || { echo "mosaic: swift test failed" >&2; exit 1; }

passed=$(grep -oE "^✔ Test run with [0-9]+ tests?" /tmp/mosaic-test.log | grep -oE "[0-9]+" | head -1)
# The browser test (headless Chromium over the debug binary just built) counts as one test.
if [ "$MOSAIC_BROWSER_TESTS" != 0 ]; then
  browser_start=$(date +%s)
  bin="$(swift build --show-bin-path)/mosaic"
  [ -x "$bin" ] || bin=""  # run.sh builds it then
  if MOSAIC_BIN="$bin" bash tests/browser/run.sh; then
    passed=$((passed + 1))
    echo "mosaic: browser test took $(( $(date +%s) - browser_start )) s"
  else
    echo "mosaic: the browser test failed (screenshots in artifacts/screenshots/)" >&2
    echo "$passed passed, 1 failed"
    exit 1
  fi
fi
echo "mosaic: all tests passed in $(( $(date +%s) - start )) s"
echo "$passed passed, 0 failed"
