#!/usr/bin/env bash
# The evaluation table on the second dataset, a generated world (Sources/MosaicWorld), peers included:
#   bench/eval/run-world.sh [path/to/mosaic]
# 1,300 users make about 3,900 posts: small enough for the exact softmax and the item-to-item regression
# (both need a catalogue under 4,096 items). 400 impressions per user over the world's 30 days give each
# user a few dozen engagements. Same world for the same seed, so the table is reproducible.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mosaic="${1:-$root/.build/release/mosaic}"
world=(--world-users 1300 --world-seed 42 --world-impressions 400)
tower=(--dimension 128 --hidden 256)
# The live-service protocol: each user's last 20 % of engagements by time as test (posts created late are cold).
"$mosaic" eval "${world[@]}" --split chronological "${tower[@]}" --quiet
# The Recommenders-style protocol on the same log: stratified 75/25 by item, seed 42.
"$mosaic" eval "${world[@]}" --split stratified "${tower[@]}" --quiet
