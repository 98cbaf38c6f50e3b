#!/usr/bin/env bash
# Python peers for side-by-side benchmarks (bench/<area>/), one pip line per area. Never needed by the product.
set -euo pipefail
# ann: hnswlib (chroma-hnswlib wheel), FAISS, USearch; matplotlib for the recall-QPS plot
python3 -m pip install -q numpy chroma-hnswlib==0.7.6 faiss-cpu==1.15.1 usearch==2.26.6 matplotlib==3.11.2
# media: Pillow (scikit-image's sample photos are fetched by bench/media/fetch_inputs.sh)
python3 -m pip install -q pillow==13.0.0
# eval: implicit (ALS, BPR, item-kNN), cornac (BPR as in the Recommenders benchmark), pandas, matplotlib
python3 -m pip install -q implicit==0.7.3 cornac==3.0.1 pandas==3.1.1 matplotlib==3.11.2 scipy==1.17.1
