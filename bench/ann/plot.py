#!/usr/bin/env python3
"""Recall@10 against single-thread QPS (per CPU second) for every library in a `mosaic bench ann` CSV.
Usage: plot.py <csv> <png>"""
import csv, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

rows = list(csv.DictReader(open(sys.argv[1])))
fig, ax = plt.subplots(figsize=(7, 4.5))
for lib in dict.fromkeys(r["library"] for r in rows):
    pts = sorted((float(r["recall_at_10"]), float(r["qps_per_cpu_s"])) for r in rows if r["library"] == lib)
    ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=lib, linewidth=2 if lib == "mosaic" else 1)
r0 = rows[0]
ax.set_title(f"{r0['dataset']}: {r0['n']} x {r0['dim']}, M={r0['M']}, efConstruction={r0['efConstruction']}")
ax.set_xlabel("recall@10")
ax.set_ylabel("queries per CPU second (1 thread)")
ax.set_yscale("log")
ax.axvline(0.95, color="grey", linestyle=":", linewidth=1)
ax.grid(True, which="both", alpha=0.3)
ax.legend()
fig.tight_layout()
fig.savefig(sys.argv[2], dpi=120)
