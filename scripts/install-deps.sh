#!/usr/bin/env bash
# Installs the system packages Mosaic builds and runs with (Debian/Ubuntu, as root or with sudo).
# Idempotent and quick when everything is already there.
set -euo pipefail
packages=(libvips-dev libvips-tools libsqlite3-dev pkg-config curl ca-certificates)
if [ "${MOSAIC_BROWSER_TESTS:-0}" = 1 ]; then packages+=(chromium chromium-driver); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "mosaic: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "mosaic: the Swift 6 toolchain is required (swift.org/install)" >&2; exit 1; }
