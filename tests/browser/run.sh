#!/usr/bin/env bash
# The browser test: Mosaic's web app in headless Chromium, driven by Selenium.
# Installs Chromium, its driver and a font from Debian and the Python packages from PyPI if missing, starts
# `mosaic serve` on a free loopback port over a fresh data folder (relaxed abuse limits), runs scenario.py,
# and saves screenshots to artifacts/screenshots/. Exits non-zero when any step fails.
#   MOSAIC_BIN=path/to/mosaic   use this binary instead of building one
#   BROWSER_STEPS=a,b,c         run only these steps (see scenario.py); BROWSER_KEEP=1 keeps the data folder
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

need=()
for p in chromium chromium-driver fonts-dejavu-core; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
apt_updated=0
if [ ${#need[@]} -gt 0 ]; then
  echo "browser test: installing ${need[*]}" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && apt_updated=1
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# Python with Selenium, Pillow and requests: the first python3 on PATH, with the packages from PyPI if
# missing; where pip can't install (no pip, or an externally managed Python), Debian's packages and /usr/bin/python3.
py=python3
has_packages() { "$1" -c "import selenium, PIL, requests" 2>/dev/null; }
if ! has_packages "$py"; then
  "$py" -m pip install -q -r tests/browser/requirements.txt 2>/dev/null || true
  if ! has_packages "$py"; then
    echo "browser test: installing python3-selenium python3-pil python3-requests" >&2
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    [ "$apt_updated" = 1 ] || $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3-selenium python3-pil python3-requests >/dev/null
    py=/usr/bin/python3
    has_packages "$py" || { echo "browser test: no Python with selenium, PIL and requests" >&2; exit 1; }
  fi
fi

bin="${MOSAIC_BIN:-}"
if [ -z "$bin" ]; then
  swift build --product mosaic >/dev/null
  bin="$(swift build --show-bin-path)/mosaic"
fi

data=$(mktemp -d /tmp/mosaic-browser-XXXXXX)
log="$data/server.log"
MOSAIC_LIMITS=relaxed MOSAIC_PASSWORD_COST=10 "$bin" serve --data "$data" --host 127.0.0.1 --port 0 >"$log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  [ "${BROWSER_KEEP:-0}" = 1 ] || rm -rf "$data"
}
trap cleanup EXIT

url=""
for _ in $(seq 1 100); do
  url=$(grep -oE "http://127\.0\.0\.1:[0-9]+/" "$log" | head -1 || true)
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$log" >&2; echo "browser test: the server did not start" >&2; exit 1; }
  sleep 0.2
done
[ -n "$url" ] || { cat "$log" >&2; echo "browser test: no server URL after 20 s" >&2; exit 1; }

mkdir -p artifacts/screenshots
echo "browser test: Mosaic at $url"
# Every wait in the scenario is bounded; the outer limit only guards against a browser that never answers.
if timeout 600 "$py" tests/browser/scenario.py --base-url "$url" --screenshots "$root/artifacts/screenshots"; then
  echo "browser test: passed (screenshots in artifacts/screenshots/)"
else
  status=$?
  echo "browser test: FAILED; last server log lines:" >&2
  tail -20 "$log" >&2
  exit "$status"
fi
