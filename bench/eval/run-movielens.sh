#!/usr/bin/env bash
# Reproduces the README's evaluation table on MovieLens-100K, both protocols, peers included:
#   bench/eval/run-movielens.sh [path/to/mosaic]
# Needs scripts/install-bench-deps.sh (implicit, cornac, pandas, matplotlib) for the peer rows and the chart.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mosaic="${1:-$root/.build/release/mosaic}"
bench/eval/fetch-movielens.sh
data=bench-out/data/ml-100k
# Tower shape chosen on a validation split of the training rows (Recommenders protocol: validation NDCG@10
# 0.230 at 128/256 against 0.226 at 64/128); epochs and the session context are chosen by `eval` itself.
tower=(--dimension 128 --hidden 256)
# Protocol 1: the live-service one (ratings >= 4, each user's last 20 % by time as test).
"$mosaic" eval --data "$data" --split chronological --name ml-100k "${tower[@]}" --quiet
# Protocol 2: Microsoft Recommenders' benchmark split (all ratings, stratified 75/25 by item, seed 42).
python3 bench/eval/recommenders_split.py --inter "$data/ml-100k.inter" --out bench-out/data/ml-100k-recommenders-test.csv
"$mosaic" eval --data "$data" --split stratified --split-file bench-out/data/ml-100k-recommenders-test.csv --name ml-100k \
  "${tower[@]}" --quiet
