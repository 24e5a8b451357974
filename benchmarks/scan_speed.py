"""Throughput and peak memory of `balsel scan` (balsel.scan.scan_vcf) on two region lengths, 1 and 2 processes.

    PYTHONPATH=. python benchmarks/scan_speed.py [--lengths 500000 1500000] [--workers 1 2] [--widths 160 480]
                                                 [--locus-length 400000] [--balsel DIR [DIR ...]] [--repeats 1] [--ihh]

A tiny run per image width (6 loci per class at scaling factor 40, one epoch: the network's weights do not matter
for speed; `--widths` side by side, default the library's width; loci of `--locus-length` bp, default the course's
50 kb: a scan's window is the trained locus length, and a longer window holds more sites to pass over per candidate) and
one 500 kb course locus simulated at scaling factor 10, written with `write_vcf` at successive offsets to make a
contig of each length. Every scan runs in a fresh process so that its peak RSS is its own; memory should not grow
with the region's length (the scan keeps one window of sites). `--balsel` times the scans of other balsel source
trees (checkout roots, e.g. `git worktree add ../before HEAD~1`) side by side with the same runs and VCFs, taking
turns `--repeats` times, so that a change's cost is a ratio of one moment. `--ihh` also times each scan of a copy of
each run that has a localiser (`localiser.json`, unit weights: they do not matter for speed either), side by side:
every candidate's haplotype lengths, the localiser's features and the score column, what a run's scans do once
`balsel localise` has fitted one.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import json, resource, sys, time
from balsel.scan import scan_vcf
run, vcf, design, workers = sys.argv[1:5]
t = time.perf_counter()
res = scan_vcf(run, vcf, samples=design, workers=int(workers), progress=False, min_freq=0.0, max_freq=1.0)
dt = time.perf_counter() - t
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps(dict(candidates=len(res.rows), seconds=dt, peak_mb=max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, kids) / 1024,
                      scored="score" in res.columns)))
"""


def build(work: Path, lengths, widths, locus_length=None, localiser=False):
    from balsel.data import generate
    from balsel.images import ImageConfig
    from balsel.runs import train_run
    from balsel.scan import FEATURES, LOCALISER, Localiser, network_id
    from balsel.scenario import course_scenario, parse_classes
    from balsel.simulate import simulate
    from balsel.vcf import write_vcf
    classes = parse_classes(["neutral", "s0.0025", "s0.005"], scaling_factor=40.0, sequence_length=locus_length)
    data = generate(work / "data", classes=classes, replicates=6, seed=1, progress=False, workers=1)
    runs = {}
    for w in widths:
        train_run(data, out=work / f"run{w}", epochs=1, progress=False, device="cpu", config=ImageConfig(**({"width": w} if w else {})))
        runs[w] = work / f"run{w}"
        if localiser:                                      # the same network, with a localiser beside it
            shutil.copytree(runs[w], work / f"run{w}-localiser")
            k = len(FEATURES)
            Localiser((1.0,) * k, (0.0,) * k, (1.0,) * k, locus_length or 50_000, network_id(runs[w])).save(work / f"run{w}-localiser" / LOCALISER)
    L = 500_000
    ts = simulate(course_scenario(0.005, scaling_factor=10, sequence_length=L), seed=1).ts
    vcfs = {}
    for n in lengths:
        parts = [write_vcf(ts, work / f"part{k}.vcf", offset=1 + k * L)[0] for k in range(-(-n // L))]
        text = [p.read_text().splitlines(True) for p in parts]
        head = [l for l in text[0] if l.startswith("#") and not l.startswith("##contig")]
        head.insert(-1, f"##contig=<ID=1,length={len(parts) * L + 1}>\n")
        out = work / f"region_{n}.vcf"
        out.write_text("".join(head + [l for t in text for l in t if not l.startswith("#")]))
        vcfs[n] = out
    return runs, vcfs, work / "part0.samples.csv", ts.num_sites


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lengths", type=int, nargs="+", default=[500_000, 1_500_000])
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--widths", type=int, nargs="+", default=[0], help="image widths to compare (0: the library's default)")
    ap.add_argument("--locus-length", type=int, default=None, help="the runs' locus length in bp (default: the course's 50 kb)")
    ap.add_argument("--balsel", type=Path, nargs="+", default=[None], help="balsel source trees whose scans to time side by side "
                    "(default: the balsel this imports)")
    ap.add_argument("--repeats", type=int, default=1, help="times each scan is run, taking turns (default 1)")
    ap.add_argument("--ihh", action="store_true", help="also time each scan with a localiser (haplotype lengths, features, score)")
    a = ap.parse_args()
    for tree in a.balsel:
        if tree is not None and not (tree / "balsel" / "scan.py").is_file(): ap.error(f"--balsel {tree}: no balsel/scan.py there")
    work = Path(tempfile.mkdtemp(prefix="scan_speed_"))
    t = time.perf_counter()
    runs, vcfs, design, sites = build(work, a.lengths, a.widths, a.locus_length, localiser=a.ihh)
    print(f"built {len(runs)} run(s) of {a.locus_length or 50_000:,} bp loci and the VCFs in {time.perf_counter() - t:.0f} s "
          f"({sites} SNP sites per 500 kb locus)")
    trees = len(a.balsel) > 1 or a.balsel[0] is not None
    print(("balsel  " if trees else "") + (f"{'localiser':>9}  " if a.ihh else "") + f"{'width':>6} {'region bp':>10} {'workers':>7} {'candidates':>10} {'seconds':>8} {'cand/s':>8} {'peak MB':>8}")
    for n, vcf in vcfs.items():
        for w in a.workers:
            for _ in range(a.repeats):
                for width, run in runs.items():            # widths side by side, so that their ratio is of one moment
                    for tree, ihh in [(t, h) for t in a.balsel for h in ((False, True) if a.ihh else (False,))]:   # trees, with and without
                        env = os.environ | ({"PYTHONPATH": str(tree.resolve())} if tree is not None else {})
                        scanned = run.with_name(run.name + "-localiser") if ihh else run
                        out = subprocess.run([sys.executable, "-c", CHILD, str(scanned), str(vcf), str(design), str(w)],
                                             capture_output=True, text=True, check=True, env=env)
                        r = json.loads(out.stdout.strip().splitlines()[-1])
                        if r.get("scored", False) != ihh:
                            sys.exit(f"balsel {tree or '.'}: the scan {'did not apply' if ihh else 'applied'} a localiser")
                        print((f"{str(tree or '.')[-6:]:>6}  " if trees else "") + (f"{'yes' if ihh else 'no':>9}  " if a.ihh else "") + f"{width or 'default':>6} {n:>10,} {w:>7} {r['candidates']:>10} "
                              f"{r['seconds']:>8.1f} {r['candidates'] / r['seconds']:>8.0f} {r['peak_mb']:>8.0f}", flush=True)


if __name__ == "__main__":
    main()
