"""Benchmark balsel.data: dataset generation (loci per minute) and image building (images per second).

    python benchmarks/data.py [--replicates 4] [--workers 1 2] [--scales 1 10] [--images 300] [--out DIR]

For each scaling factor and worker count, generates `replicates` loci of each of the three course classes into a fresh
directory (wall time includes process start-up and writing), then times building the image cache with the default
ImageConfig (tree loading + images, one process) and reading items back from the memory-mapped cache.
Prints a table. The machine may be shared: compare rows of one run (ratios), not runs.
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--replicates", type=int, default=4, help="loci per class per case (default 4)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts (default 1 2)")
    ap.add_argument("--scales", type=float, nargs="+", default=[1.0, 10.0], help="scaling factors (default 1 10)")
    ap.add_argument("--images", type=int, default=300, help="loci for the image timings (Q=40 loci; default 300)")
    ap.add_argument("--out", default=None, help="scratch directory (default: a temporary one, removed)")
    args = ap.parse_args(argv)

    from balsel.data import HaplotypeDataset, build_cache, generate, read_manifest
    from balsel.scenario import parse_classes
    from balsel.images import ImageConfig

    root = Path(args.out or tempfile.mkdtemp(prefix="balsel_bench_data_"))
    root.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for q in args.scales:
            classes = parse_classes("neutral,s0.0025,s0.005", scaling_factor=q)
            for w in args.workers:
                d = root / f"q{q:g}_w{w}"
                shutil.rmtree(d, ignore_errors=True)
                t = time.perf_counter()
                generate(d, classes=classes, replicates=args.replicates, seed=1, workers=w, progress=False)
                dt = time.perf_counter() - t
                n = len(read_manifest(d))
                restarts = sum(int(r["restarts"]) for r in read_manifest(d))
                rows.append((f"generate Q={q:g}", f"workers={w}", n, dt, f"{60 * n / dt:8.1f} loci/min",
                             f"restarts={restarts}"))
                print(rows[-1], flush=True)

        # images: many small loci (Q=40 gives the same image shapes; tree loading cost is of the same order)
        d = root / "images"
        shutil.rmtree(d, ignore_errors=True)
        generate(d, classes=parse_classes("neutral,s0.0025,s0.005", scaling_factor=40.0),
                 replicates=max(1, args.images // 3), seed=2, workers=max(args.workers), progress=False)
        n = len(read_manifest(d))
        for cfg, name in [(ImageConfig(), "default (W=64, rows by frequency)"),
                          (ImageConfig(sort_rows="distance", distance_channel=True), "distance rows + distance channel"),
                          (ImageConfig(width=128), "W=128")]:
            for w in sorted({1, max(args.workers)}):
                shutil.rmtree(d / "cache", ignore_errors=True)
                t = time.perf_counter(); build_cache(d, cfg, workers=w); dt = time.perf_counter() - t
                rows.append(("build images", f"{name}, workers={w}", n, dt, f"{n / dt:8.1f} images/s", ""))
                print(rows[-1], flush=True)
        ds = HaplotypeDataset(d)
        t = time.perf_counter()
        for i in range(len(ds)): ds[i]
        dt = time.perf_counter() - t
        rows.append(("read cached items", "HaplotypeDataset[i]", len(ds), dt, f"{len(ds) / dt:8.0f} items/s", ""))
    finally:
        if args.out is None: shutil.rmtree(root, ignore_errors=True)

    print(f"\n{'what':<20} {'case':<45} {'n':>5} {'wall s':>8}  {'rate':<18} note")
    for what, case, n, dt, rate, note in rows:
        print(f"{what:<20} {case:<45} {n:>5} {dt:8.2f}  {rate:<18} {note}")


if __name__ == "__main__":
    main()
