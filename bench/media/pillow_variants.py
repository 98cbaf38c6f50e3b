#!/usr/bin/env python3
"""Pillow peer of `mosaic bench media`: per input JPEG, the same work as Mosaic's pipeline, done the way a
competent Pillow service would: draft-mode (DCT-domain) decode near the needed size, EXIF transpose, a
1080-px short side base, a contrast + saturation filter, then `full` (1080 wide) and square 1080/640/320/150
centre crops (Pillow has no saliency crop), each a progressive optimised JPEG q=82 without metadata.
Prints one JSON object: {"<file>": {"wall": median_ms, "cpu": median_process_cpu_ms}, ...}.
"""
import argparse, json, os, statistics, tempfile, time
from PIL import Image, ImageEnhance, ImageOps

SQUARES = [1080, 640, 320, 150]

def process(path, out_dir):
    img = Image.open(path)
    w, h = img.size
    scale = 1080 / min(w, h)
    img.draft("RGB", (max(1, int(w * scale)), max(1, int(h * scale))))
    img = ImageOps.exif_transpose(img).convert("RGB")
    w, h = img.size
    scale = 1080 / min(w, h)
    base = img.resize((round(w * scale), round(h * scale)), Image.LANCZOS)
    base = ImageEnhance.Contrast(base).enhance(1.2)
    base = ImageEnhance.Color(base).enhance(1.35)
    bw, bh = base.size
    full = base.resize((1080, round(1080 * bh / bw)), Image.LANCZOS)
    full.save(os.path.join(out_dir, "full.jpg"), quality=82, progressive=True, optimize=True)
    for size in SQUARES:
        ImageOps.fit(base, (size, size), Image.LANCZOS).save(
            os.path.join(out_dir, f"{size}.jpg"), quality=82, progressive=True, optimize=True)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("inputs", nargs="+")
    args = ap.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as out_dir:
        for path in args.inputs:
            process(path, out_dir)  # warm-up
            wall, cpu = [], []
            for _ in range(args.reps):
                start, start_cpu = time.perf_counter(), time.process_time()
                process(path, out_dir)
                wall.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
            results[os.path.basename(path)] = {"wall": statistics.median(wall), "cpu": statistics.median(cpu)}
    print(json.dumps(results))

if __name__ == "__main__":
    main()
