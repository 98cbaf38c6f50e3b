#!/usr/bin/env python3
"""The baselines people would otherwise use, run on exactly the split files `mosaic eval` wrote
(train.csv, test.csv). Each method writes its top-k list per test user (training items excluded) as
<out>/<method>.csv (user,item,rank) and its training time to <out>/<method>.json. Scoring is NOT done here:
`mosaic eval` scores every list with one implementation."""
import argparse
import json
import os
import time

import numpy as np
import pandas as pd
import scipy.sparse as sp

ap = argparse.ArgumentParser()
ap.add_argument("--split", required=True, help="folder with train.csv and test.csv")
ap.add_argument("--out", required=True)
ap.add_argument("--k", type=int, default=100)
ap.add_argument("--methods", default="item-knn,implicit-als,implicit-bpr,cornac-bpr")
ap.add_argument("--threads", type=int, default=2)
a = ap.parse_args()
os.makedirs(a.out, exist_ok=True)

train = pd.read_csv(os.path.join(a.split, "train.csv"), dtype={"user": str, "item": str})
test = pd.read_csv(os.path.join(a.split, "test.csv"), dtype={"user": str, "item": str})
users = sorted(set(train.user) | set(test.user))
items = sorted(set(train.item))
uix = {u: i for i, u in enumerate(users)}
iix = {t: i for i, t in enumerate(items)}
rows = train.user.map(uix).to_numpy()
cols = train.item.map(iix).to_numpy()
ui = sp.csr_matrix((np.ones(len(train), dtype=np.float32), (rows, cols)), shape=(len(users), len(items)))
ui.data[:] = 1.0  # duplicates collapse to binary
ui.sum_duplicates()
ui.data[:] = 1.0
test_users = sorted(set(test.user))


def write(name, recs, seconds):
    with open(os.path.join(a.out, f"{name}.csv"), "w") as f:
        f.write("user,item,rank\n")
        for u in test_users:
            for r, it in enumerate(recs.get(u, [])):
                f.write(f"{u},{items[it]},{r + 1}\n")
    with open(os.path.join(a.out, f"{name}.json"), "w") as f:
        json.dump({"method": name, "train_seconds": seconds, "examples": int(ui.nnz)}, f)
    print(f"{name}: {seconds:.1f}s", flush=True)


def implicit_recs(model, matrix):
    idx = np.array([uix[u] for u in test_users])
    ids, _ = model.recommend(idx, matrix[idx], N=a.k, filter_already_liked_items=True)
    return {u: list(ids[n]) for n, u in enumerate(test_users)}


for method in a.methods.split(","):
    t0 = time.time()
    if method == "item-knn":
        from implicit.nearest_neighbours import CosineRecommender
        m = CosineRecommender(K=100)
        m.fit(ui, show_progress=False)
        write(method, implicit_recs(m, ui), time.time() - t0)
    elif method == "implicit-als":
        from implicit.als import AlternatingLeastSquares
        m = AlternatingLeastSquares(factors=64, regularization=0.05, alpha=10.0, iterations=20, random_state=42,
                                    num_threads=a.threads)
        m.fit(ui, show_progress=False)
        write(method, implicit_recs(m, ui), time.time() - t0)
    elif method == "implicit-bpr":
        from implicit.bpr import BayesianPersonalizedRanking
        m = BayesianPersonalizedRanking(factors=64, learning_rate=0.01, regularization=0.01, iterations=200,
                                        random_state=42, num_threads=a.threads)
        m.fit(ui, show_progress=False)
        write(method, implicit_recs(m, ui), time.time() - t0)
    elif method == "cornac-bpr":
        # The Recommenders benchmark's settings: k 200, 200 iterations, lr 0.01, lambda 0.001, seed 42.
        import cornac
        from cornac.data import Dataset
        triples = list(zip(train.user, train.item, train.rating.astype(float)))
        ds = Dataset.from_uir(triples, seed=42)
        m = cornac.models.BPR(k=200, max_iter=200, learning_rate=0.01, lambda_reg=0.001, seed=42, verbose=False)
        m.fit(ds)
        seen = {}
        for u, it in zip(train.user, train.item):
            seen.setdefault(u, set()).add(it)
        recs = {}
        for u in test_users:
            if u not in ds.uid_map:
                continue
            scores = m.score(ds.uid_map[u])
            order = np.argsort(-scores, kind="stable")
            out = []
            for j in order:
                it = ds.item_ids[j]
                if it in seen.get(u, ()):
                    continue
                out.append(iix[it])
                if len(out) == a.k:
                    break
            recs[u] = out
        write(method, recs, time.time() - t0)
    else:
        raise SystemExit(f"unknown method {method}")
