#!/usr/bin/env python3
"""Builds the JPEG inputs of `mosaic bench media` in --out:

- Debian gnome-backgrounds wallpapers (4096x4096 WebP renders of photographs and artwork), re-encoded as
  JPEG q=90: 16.8 MP each;
- scikit-image's sample photographs (chelsea, coffee, astronaut, rocket) when the scikit-image wheel has been
  unpacked into --skimage-data (see install-bench-deps.sh), small real photos;
- one 12-megapixel (4000x3000) JPEG q=92 cut from the first wallpaper.
Deterministic: the same packages give the same files.
"""
import argparse, glob, os
from PIL import Image

WALLPAPERS = ["wood-d.webp", "adwaita-l.webp", "pixels-l.webp", "symbolic-d.webp"]
SKIMAGE = ["chelsea.png", "coffee.png", "astronaut.png", "rocket.jpg"]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--backgrounds", default="/usr/share/backgrounds/gnome")
    ap.add_argument("--skimage-data", default="")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    written = []
    first = None
    for name in WALLPAPERS:
        path = os.path.join(args.backgrounds, name)
        if not os.path.exists(path):
            continue
        img = Image.open(path).convert("RGB")
        first = first or img
        target = os.path.join(args.out, "gnome-" + name.replace(".webp", ".jpg"))
        img.save(target, quality=90)
        written.append(target)
    if args.skimage_data:
        for name in SKIMAGE:
            path = os.path.join(args.skimage_data, name)
            if os.path.exists(path):
                target = os.path.join(args.out, "skimage-" + os.path.splitext(name)[0] + ".jpg")
                Image.open(path).convert("RGB").save(target, quality=92)
                written.append(target)
    if first is not None:
        twelve = first.resize((4000, 4000), Image.LANCZOS).crop((0, 500, 4000, 3500))
        target = os.path.join(args.out, "12mp-4000x3000.jpg")
        twelve.save(target, quality=92)
        written.append(target)
    for path in written:
        print(path)

if __name__ == "__main__":
    main()
