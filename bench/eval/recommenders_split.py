#!/usr/bin/env python3
"""The Microsoft Recommenders benchmark split of MovieLens-100K, done the way its
`python_stratified_split(data, ratio=0.75, filter_by="item", seed=42)` does it: group the ratings by item,
shuffle each group with `DataFrame.sample(frac=1, random_state=42)`, cut at round(0.75 * n).
Writes the test rows (user,item,rating,timestamp) for `mosaic eval --split-file`. Re-implemented here
(a few lines of pandas) rather than installing the whole `recommenders` package."""
import argparse
import numpy as np
import pandas as pd

ap = argparse.ArgumentParser()
ap.add_argument("--inter", required=True, help="ml-100k.inter (RecBole atomic) or a user,item,rating,timestamp CSV")
ap.add_argument("--out", required=True)
ap.add_argument("--ratio", type=float, default=0.75)
ap.add_argument("--seed", type=int, default=42)
ap.add_argument("--filter-by", default="item", choices=["item", "user"])
a = ap.parse_args()

if a.inter.endswith(".inter"):
    df = pd.read_csv(a.inter, sep="\t")
    df.columns = [c.split(":")[0] for c in df.columns]
    df = df.rename(columns={"user_id": "user", "item_id": "item"})
else:
    df = pd.read_csv(a.inter)
df = df[["user", "item", "rating", "timestamp"]]

tests = []
for _, group in df.groupby(a.filter_by):
    shuffled = group.sample(frac=1, random_state=a.seed)
    cut = round(a.ratio * len(shuffled))
    tests.append(shuffled.iloc[cut:])
test = pd.concat(tests)
test.to_csv(a.out, index=False)
print(f"{len(df) - len(test)} train / {len(test)} test rows -> {a.out}")
