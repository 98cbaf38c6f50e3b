#!/bin/sh
# Prepares the inputs of `mosaic bench media` in ${1:-.bench-cache/media}: unpacks scikit-image's sample
# photographs from its wheel (downloaded without dependencies: only the data folder is used) and writes the
# JPEG set with prepare_inputs.py. Run scripts/install-bench-deps.sh first.
set -eu
out="${1:-.bench-cache/media}"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$out/wheels" "$out/skimage-data" "$out/inputs"
if [ ! -f "$out/skimage-data/chelsea.png" ]; then
    python3 -m pip download -q scikit-image==0.26.0 --no-deps --only-binary=:all: -d "$out/wheels"
    python3 - "$out" <<'PY'
import glob, os, sys, zipfile
out = sys.argv[1]
wheel = glob.glob(os.path.join(out, "wheels", "scikit_image-0.26.0-*.whl"))[0]
with zipfile.ZipFile(wheel) as z:
    for name in ("chelsea.png", "coffee.png", "astronaut.png", "rocket.jpg"):
        with open(os.path.join(out, "skimage-data", name), "wb") as f:
            f.write(z.read("skimage/data/" + name))
PY
fi
python3 "$here/prepare_inputs.py" --out "$out/inputs" --skimage-data "$out/skimage-data"
