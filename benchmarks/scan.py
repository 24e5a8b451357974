"""A planted benchmark for `balsel scan`: long regions with one selected site, and neutral regions, scanned.

    python benchmarks/scan.py RUN_DIR [--adna-run RUN_DIR] [--regions 10] [--length 1000000] [--seed 31]
                              [--workers 1] [--samples DESIGN_CSV] [--json results.json]

RUN_DIR is a run trained on matched neutral centres (`balsel train`, e.g. runs/designs/matched-0 of
experiments/designs.sh); --adna-run one trained on the same loci seen as pseudo-haploid aDNA with 30 % missing calls
(runs/designs/adna-0 there). The regions are simulated at the run's scaling factor with the course demography:
`--regions` regions with a selected site (s = 0.5 % and s = 0.25 %, at a random position in the middle half) and as
many neutral ones, each `--length` bp, written as VCFs with `balsel.vcf.write_vcf` (the course design, or the design
of --samples, with which the regions are then simulated; for --adna-run, the run's own design: pseudo-haploid
ancient samples with missing calls) and scanned with
`balsel.scan.scan_vcf`. A candidate's score is its probability of selection at the SNP (`ScanResult.p_selected`: the
selected classes' probabilities summed, linked classes aside). Printed, and written to --json:

- the planted site's rank among its region's candidates (1 = the top score), per region, and the median with its 95 %
  bootstrap interval (`median_interval`: how far the median of this many regions can be trusted); for a run with a
  localiser (`balsel localise`), its rank by the localiser's score as well (`localiser`);
- where the candidates that outrank a planted site lie: their distances from it, and the share of them more than one
  50 kb window away (`outranking`; a share near 1 means the network's score is raised along the whole region, not
  just around the site);
- per threshold: neutral 50 kb windows flagged per Mb (windows holding a candidate scored at or above it), and the
  fraction of planted sites whose own 50 kb window is flagged;
- candidates scanned per second (one process unless --workers).
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np

THRESHOLDS = (0.5, 0.8, 0.9, 0.95, 0.99)
WINDOW = 50_000


def _regions(rec: dict, *, n: int, length: int, seed: int, design=None):
    "(name, s, planted position or None, tree sequence) for n regions of each class, at the run's scale (sampled as `design`)."
    from balsel.scenario import course_scenario
    from balsel.simulate import simulate
    q = rec["scaling_factor"]
    rng = np.random.default_rng(seed)
    for name, s in (("s0.005", 0.005), ("s0.0025", 0.0025), ("neutral", None)):
        for i in range(n):
            pos = int(rng.integers(length // 4, 3 * length // 4)) if s else None
            sc = course_scenario(s, scaling_factor=q, sequence_length=length, position=pos, design=design)
            yield name, s, pos, simulate(sc, seed=int(rng.integers(2**31))).ts


def _scan_all(run: Path, regions: list, work: Path, *, design, seed: int, workers: int, freqs=(None, None)) -> list:
    "Write each region as a VCF (seen as `design`, or the course design when None) and scan it; one record per region."
    from balsel.scan import scan_vcf
    from balsel.vcf import write_vcf
    out = []
    for k, (name, s, pos, ts) in enumerate(regions):
        vcf = work / f"{name}_{k}.vcf"
        _, table = write_vcf(ts, vcf, design=design, seed=None if design is None else seed + k, offset=1)
        t0 = time.perf_counter()
        res = scan_vcf(run, vcf, samples=table, workers=workers, progress=False, min_freq=freqs[0], max_freq=freqs[1])
        dt = time.perf_counter() - t0
        pos_arr = np.array([r[1] for r in res.rows]) - 1                  # back to the region's coordinates
        score = res.p_selected()                                           # selection at the SNP (linked classes aside)
        rank, above, rank_localiser = None, None, None
        if pos is not None and np.any(pos_arr == pos):
            i = np.flatnonzero(pos_arr == pos)[0]
            higher = score > score[i]
            rank = int(1 + np.sum(higher))
            above = sorted(int(abs(d)) for d in pos_arr[higher] - pos)       # bp from the site, nearest first
            if "score" in res.columns:                                     # the run's localiser: its ranking too
                by = res.ranking()
                rank_localiser = int(1 + np.sum(by > by[i]))
        flagged = {t: sorted({int(p // WINDOW) for p in pos_arr[score >= t]}) for t in THRESHOLDS}
        out.append(dict(name=name, s=s, position=pos, candidates=len(res.rows), seconds=dt, rank=rank, outranked_by_bp=above,
                        **({"rank_localiser": rank_localiser} if "score" in res.columns else {}),
                        planted_flagged={t: (pos // WINDOW) in flagged[t] for t in THRESHOLDS} if pos is not None else None,
                        flagged_windows={t: len(v) for t, v in flagged.items()}))
    return out


def median_interval(ranks, *, level: float = 0.95, draws: int = 10_000, seed: int = 0) -> tuple | None:
    "The `level` bootstrap interval of the median of `ranks` (None entries left out): resampled regions, fixed seed."
    r = np.array([x for x in ranks if x is not None], dtype=float)
    if not len(r): return None
    med = np.median(np.random.default_rng(seed).choice(r, (draws, len(r))), axis=1)
    return tuple(float(x) for x in np.percentile(med, [50 * (1 - level), 50 * (1 + level)], method="nearest"))


def outranking(records: list) -> dict | None:
    "Where the candidates scored above planted sites lie: how many, their median distance (bp), the share beyond `WINDOW`."
    d = np.array([x for r in records for x in (r.get("outranked_by_bp") or [])], dtype=float)
    if not len(d): return None
    return dict(candidates=len(d), median_bp=float(np.median(d)), beyond_window=float(np.mean(d > WINDOW)))


def summarise(records: list, length: int) -> dict:
    "Median ranks, flagged neutral windows per Mb and power per threshold, throughput."
    out = {}
    for name in ("s0.005", "s0.0025"):
        rs = [r for r in records if r["name"] == name]
        ranks = [r["rank"] for r in rs]
        found = [x for x in ranks if x is not None]
        out[name] = dict(ranks=ranks, median_rank=float(np.median(found)) if found else None, median_rank_95=median_interval(ranks),
                         not_candidates=sum(x is None for x in ranks), outranking=outranking(rs),
                         power={t: float(np.mean([r["planted_flagged"][t] for r in rs])) for t in THRESHOLDS})
        if rs and all("rank_localiser" in r for r in rs):                 # ranked by the run's localiser (balsel localise)
            lr = [r["rank_localiser"] for r in rs]
            out[name]["localiser"] = dict(ranks=lr, median_rank=float(np.median([x for x in lr if x is not None])) if any(x is not None for x in lr) else None,
                                          median_rank_95=median_interval(lr))
    neu = [r for r in records if r["name"] == "neutral"]
    mb = len(neu) * length / 1e6
    out["neutral_flagged_per_mb"] = {t: sum(r["flagged_windows"][t] for r in neu) / mb for t in THRESHOLDS}
    out["candidates_per_second"] = sum(r["candidates"] for r in records) / sum(r["seconds"] for r in records)
    out["candidates_per_mb"] = sum(r["candidates"] for r in records) / (len(records) * length / 1e6)
    return out


def report(title: str, s: dict) -> str:
    lines = [title]
    for name in ("s0.005", "s0.0025"):
        x = s[name]
        ci = x["median_rank_95"]
        lines.append(f"  planted {name}: median rank {x['median_rank']} among the region's candidates"
                     + (f" (95 % bootstrap interval {ci[0]:g}-{ci[1]:g})" if ci else "") + f"; ranks {x['ranks']}"
                     + (f" ({x['not_candidates']} planted sites outside the candidates' frequency range)" if x["not_candidates"] else ""))
        if x.get("localiser"):
            y = x["localiser"]; ci = y["median_rank_95"]
            lines.append(f"    ranked by the run's localiser: median rank {y['median_rank']}" + (f" (95 % bootstrap interval {ci[0]:g}-{ci[1]:g})" if ci else "")
                         + f"; ranks {y['ranks']}")
        if x.get("outranking"):
            o = x["outranking"]
            lines.append(f"    the {o['candidates']} candidates that outrank them lie a median {o['median_bp'] / 1e3:.0f} kb away, "
                         f"{o['beyond_window']:.0%} of them more than {WINDOW // 1000} kb")
    lines.append(f"  {'threshold':>10s} {'neutral windows flagged per Mb':>32s} {'planted s0.005 flagged':>24s} {'planted s0.0025 flagged':>25s}")
    for t in THRESHOLDS:
        lines.append(f"  {t:10.2f} {s['neutral_flagged_per_mb'][t]:32.2f} {s['s0.005']['power'][t]:24.2f} {s['s0.0025']['power'][t]:25.2f}")
    lines.append(f"  {s['candidates_per_mb']:.0f} candidates per Mb; {s['candidates_per_second']:.0f} candidates scanned per second")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("run", type=Path, help="run directory trained on matched neutral centres")
    ap.add_argument("--adna-run", type=Path, default=None, help="run trained on the pseudo-haploid, 30 %% missing design")
    ap.add_argument("--regions", type=int, default=10, help="regions per class (default 10)")
    ap.add_argument("--length", type=int, default=1_000_000, help="region length in bp (default 1 Mb)")
    ap.add_argument("--seed", type=int, default=31, help="seed of the regions and of the observed calls")
    ap.add_argument("--workers", type=int, default=1, help="scan processes per region (default 1)")
    ap.add_argument("--min-freq", type=float, default=None, help="candidates' least present-day frequency (default: the run's)")
    ap.add_argument("--max-freq", type=float, default=None, help="candidates' greatest present-day frequency (default: the run's)")
    ap.add_argument("--samples", type=Path, default=None,
                    help="a design CSV: the regions are simulated with its samples and written as it sees them (for a run "
                         "trained on loci simulated with it, balsel simulate --samples; default: the course design)")
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = ap.parse_args(argv)
    from balsel.scenario import read_design
    try: sampled = None if args.samples is None else read_design(args.samples)
    except ValueError as e: ap.error(f"--samples: {e}")
    if sampled is not None and args.adna_run:
        ap.error("--samples and --adna-run: give one (the aDNA run is scanned on the course's loci, seen as its design)")

    from balsel.runs import trained_design
    from balsel.train import load_checkpoint
    runs = {"course design": (args.run, None)}
    if args.adna_run: runs["pseudo-haploid, 30 % missing"] = (args.adna_run, "adna")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for title, (run, kind) in runs.items():
            _, info = load_checkpoint(run / "model.pt" if run.is_dir() else run)
            rec = info["extra"]["sampling"]
            design = trained_design(info) if kind else sampled
            t0 = time.perf_counter()
            regions = list(_regions(rec, n=args.regions, length=args.length, seed=args.seed, design=sampled))
            t_sim = time.perf_counter() - t0
            work = Path(tmp) / title.split()[0].strip(",")
            work.mkdir()
            records = _scan_all(run, regions, work, design=design, seed=args.seed, workers=args.workers,
                               freqs=(args.min_freq, args.max_freq))
            s = summarise(records, args.length)
            results[title] = dict(summary=s, regions=records, simulate_seconds=t_sim,
                                  settings=dict(regions=args.regions, length=args.length, seed=args.seed, run=str(run),
                                                scaling_factor=rec["scaling_factor"], workers=args.workers,
                                                samples=None if sampled is None else str(args.samples),
                                                min_freq=args.min_freq, max_freq=args.max_freq))
            print(report(f"{title}: {args.regions} regions of {args.length / 1e6:g} Mb per class at scaling factor "
                         f"{rec['scaling_factor']:g} (simulated in {t_sim:.0f} s), scanned with {run}", s), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
