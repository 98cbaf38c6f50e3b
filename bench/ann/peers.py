#!/usr/bin/env python3
"""The peer side of `mosaic bench ann`: hnswlib (chroma-hnswlib wheel), FAISS IndexHNSWFlat and USearch,
run on the same .fvecs/.ivecs files with the same M and efConstruction and the same protocol as Mosaic:
build timed with each thread count, efSearch swept with queries answered on one thread, recall@k against
the exact ground truth, memory as resident-set growth during the (last) build. Query throughput is reported
per wall second and per CPU second of this process (only one thread works while querying), because other
processes on a shared machine inflate wall time. One library per process so
memory readings do not mix. Prints CSV rows (no header) to stdout; progress goes to stderr."""
import argparse, os, sys, time
import numpy as np


def read_vecs(path, dtype):
    raw = np.fromfile(path, dtype=np.int32)
    d = int(raw[0])
    rows = raw.reshape(-1, d + 1)
    assert (rows[:, 0] == d).all(), f"{path}: ragged rows"
    return rows[:, 1:].copy().view(dtype)


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def build(lib, base, M, efc, threads, metric):
    n, d = base.shape
    if lib == "hnswlib":
        import hnswlib
        index = hnswlib.Index(space="l2" if metric == "l2" else "ip", dim=d)
        index.init_index(max_elements=n, M=M, ef_construction=efc, random_seed=100)
        index.set_num_threads(threads)
        index.add_items(base, np.arange(n), num_threads=threads)
        return index
    if lib == "faiss":
        import faiss
        faiss.omp_set_num_threads(threads)
        index = faiss.IndexHNSWFlat(d, M, faiss.METRIC_L2 if metric == "l2" else faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = efc
        index.add(base)
        return index
    if lib == "usearch":
        from usearch.index import Index
        index = Index(ndim=d, metric="l2sq" if metric == "l2" else "ip", dtype="f32",
                      connectivity=M, expansion_add=efc, expansion_search=64)
        index.add(np.arange(n, dtype=np.uint64), base, threads=threads)
        return index
    raise SystemExit(f"unknown library {lib}")


def search(lib, index, queries, k, ef):
    if lib == "hnswlib":
        index.set_ef(ef)
        labels, _ = index.knn_query(queries, k=k, num_threads=1)
        return labels
    if lib == "faiss":
        import faiss
        faiss.omp_set_num_threads(1)
        index.hnsw.efSearch = ef
        _, labels = index.search(queries, k)
        return labels
    if lib == "usearch":
        index.expansion_search = ef
        matches = index.search(queries, k, threads=1)
        return matches.keys
    raise SystemExit(f"unknown library {lib}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--lib", required=True, choices=["hnswlib", "faiss", "usearch"])
    p.add_argument("--base", required=True)
    p.add_argument("--queries", required=True)
    p.add_argument("--gt", required=True)
    p.add_argument("--dataset", default="custom")
    p.add_argument("--M", type=int, default=16)
    p.add_argument("--efc", type=int, default=200)
    p.add_argument("--ef", default="10,16,20,24,32,40,48,64,80,96,128,160,256")
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--build-threads", default="1,2")
    p.add_argument("--metric", default="l2", choices=["l2", "ip"])
    p.add_argument("--repeats", type=int, default=3, help="passes over the queries per efSearch; the median is reported")
    a = p.parse_args()

    base = read_vecs(a.base, np.float32)
    queries = read_vecs(a.queries, np.float32)
    gt = read_vecs(a.gt, np.int32)[:, : a.k]
    n, d = base.shape
    times, index, memory_mb = {}, None, 0.0
    for threads in [int(t) for t in a.build_threads.split(",")]:
        index = None
        before = rss_bytes()
        start = time.perf_counter()
        index = build(a.lib, base, a.M, a.efc, threads, a.metric)
        times[threads] = time.perf_counter() - start
        memory_mb = (rss_bytes() - before) / 1048576
        print(f"{a.lib}: built {n} x {d} with {threads} thread(s) in {times[threads]:.2f} s, +{memory_mb:.0f} MB RSS",
              file=sys.stderr, flush=True)
    for ef in [int(e) for e in a.ef.split(",")]:
        search(a.lib, index, queries[:10], a.k, ef)  # warm-up
        walls, cpus = [], []
        for _ in range(max(1, a.repeats)):
            start, cpu_start = time.perf_counter(), time.process_time()
            labels = search(a.lib, index, queries, a.k, max(ef, a.k))
            walls.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu_start)
        elapsed, cpu = sorted(walls)[len(walls) // 2], sorted(cpus)[len(cpus) // 2]
        hits = sum(len(set(map(int, row)) & set(map(int, truth))) for row, truth in zip(labels, gt))
        recall = hits / (len(queries) * a.k)
        qps, qps_cpu = len(queries) / elapsed, len(queries) / max(cpu, 1e-9)
        print(f"{a.lib}: ef={ef} recall@{a.k}={recall:.4f} qps={qps:.0f} per-cpu-s={qps_cpu:.0f}", file=sys.stderr, flush=True)
        b1 = f"{times[1]:.6f}" if 1 in times else ""
        b2 = f"{times[2]:.6f}" if 2 in times else ""
        print(f"{a.lib},{a.dataset},{n},{d},{a.M},{a.efc},{ef},{recall:.6f},{qps:.6f},{qps_cpu:.6f},{b1},{b2},{memory_mb:.6f}", flush=True)


if __name__ == "__main__":
    main()
