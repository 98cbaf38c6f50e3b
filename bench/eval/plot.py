#!/usr/bin/env python3
"""Bar chart of `mosaic eval`'s results CSV: one group per metric, one bar per method."""
import sys
import pandas as pd
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

src, dst = sys.argv[1], sys.argv[2]
df = pd.read_csv(src)
metrics = ["recall@10", "recall@100", "hit@100", "ndcg@10", "mrr", "coverage@10"]
groups = [g for g in df["rows"].unique()] if "rows" in df.columns else ["all"]
fig, axes = plt.subplots(len(groups), 1, figsize=(12, 4 * len(groups)), squeeze=False)
for ax, g in zip(axes[:, 0], groups):
    part = df[df["rows"] == g] if "rows" in df.columns else df
    n = len(part)
    width = 0.8 / max(n, 1)
    for i, (_, r) in enumerate(part.iterrows()):
        ax.bar([m + i * width for m in range(len(metrics))], [r[c] for c in metrics], width, label=r["method"])
    ax.set_xticks([m + 0.4 - width / 2 for m in range(len(metrics))])
    ax.set_xticklabels(metrics)
    ax.set_title(f"{part['dataset'].iloc[0] if len(part) else ''} — {g}")
    ax.legend(fontsize=8, ncol=3)
    ax.set_ylim(0, 1)
fig.tight_layout()
fig.savefig(dst, dpi=110)
print(f"wrote {dst}")
