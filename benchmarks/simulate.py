"""Benchmark balsel's simulation engines at full scale (the course scenario, Q = 1, and a spread design of 60 ancient individuals).

    python benchmarks/simulate.py [--loci 7] [--no-profile]

Prints per-locus wall times (median over loci; the cases are interleaved locus by locus, so that load from other
processes on a shared machine hits them alike), ratios, restarts, the forward engine's peak memory, and a cProfile
summary of where the forward engine spends its time.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import resource
import shutil
import time
import tracemalloc
import warnings

import numpy as np


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--loci', type=int, default=7, help='loci per case (median reported; default 7)')
    ap.add_argument('--no-profile', action='store_true', help='skip the cProfile section')
    args = ap.parse_args(argv)

    import msprime
    warnings.simplefilter('ignore', msprime.TimeUnitsMismatchWarning)
    from balsel.scenario import course_scenario
    from balsel.simulate import simulate, _forward_window
    from balsel.forward import simulate_forward

    from balsel.scenario import spread_design
    sel, neu = course_scenario(0.005), course_scenario(None)
    spread = spread_design(ancient=60, years=(1000, 9000), slices=4, seed=1)    # experiments/spread.csv
    cases = {'forward s=0.005 (simulate)': (sel, 'forward'), 'forward neutral (simulate)': (neu, 'forward'),
             'msprime neutral': (neu, 'msprime'),
             'forward s=0.005, 60 ancient': (course_scenario(0.005, design=spread), 'forward')}
    slim = os.environ.get('SLIM') or shutil.which('slim')
    if slim:
        try:
            import balsel.slim  # noqa: F401
            cases['slim s=0.005 (simulate)'] = (sel, 'slim')
        except ImportError:
            slim = None
    times = {k: [] for k in cases}
    fwd_only = []   # the forward window alone (no recapitation / mutations), selected case
    restarts = {k: [] for k in cases}
    simulate(neu, seed=10**6)   # warm-up: imports, demography debugger
    for i in range(args.loci):
        for name, (sc, eng) in cases.items():
            t0 = time.perf_counter()
            r = simulate(sc, engine=eng, seed=i)
            times[name].append(time.perf_counter() - t0)
            restarts[name].append(r.restarts)
        t0 = time.perf_counter()
        _forward_window(sel, i)
        fwd_only.append(time.perf_counter() - t0)

    print(f"balsel simulation benchmark: course scenario at full scale (N ~18,300 -> 31,800 diploids, 345 generations, "
          f"50 kb, r = 1e-8, h = 20); {args.loci} loci per case, interleaved; one core")
    print(f"{'case':32s} {'median s':>9s} {'min s':>7s} {'max s':>7s} {'restarts (median/mean)':>23s}")
    for name in cases:
        t = np.array(times[name]); rs = restarts[name]
        print(f"{name:32s} {np.median(t):9.3f} {t.min():7.3f} {t.max():7.3f} {np.median(rs):>12.1f} / {np.mean(rs):.1f}")
    t = np.array(fwd_only)
    print(f"{'forward s=0.005 window only':32s} {np.median(t):9.3f} {t.min():7.3f} {t.max():7.3f}")
    base = np.median(times['forward s=0.005 (simulate)'])
    print("\nratios (median time / forward s=0.005):")
    for name in cases:
        print(f"  {name:32s} {np.median(times[name]) / base:6.2f}")
    print(f"  (60 ancient: the spread design of experiments/spread.csv, {len(cases['forward s=0.005, 60 ancient'][0].sample_groups) - 1} "
          "distinct sampling generations, against the course design's 20 ancient individuals at 4; target <= 1.5)")
    print("  SLiM 4.3 reference measured here earlier (DESIGN.md): s=0.005 14.9 s, neutral 12.4 s per locus "
          f"-> {14.9 / base:.0f}x and {12.4 / np.median(times['forward neutral (simulate)']):.0f}x slower than forward")
    if not slim:
        print("  (slim not run: no slim binary on $SLIM or PATH, or balsel.slim missing)")

    # peak memory of the forward engine (numpy buffers are tracked by tracemalloc)
    tracemalloc.start()
    sizes = sel.forward_sizes()
    simulate_forward(sizes, sequence_length=50_000, recombination_rate=1e-8, seed=3, s=0.005, h=20,
                     ancient_generations=sel.ancient_generations_scaled)
    cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nforward engine peak traced memory (one selected locus): {peak / 2**20:.0f} MiB; "
          f"process max RSS so far: {rss:.0f} MiB")

    if not args.no_profile:
        pr = cProfile.Profile()
        pr.enable()
        for i in range(3):
            simulate(sel, seed=100 + i)
        pr.disable()
        s = io.StringIO()
        pstats.Stats(pr, stream=s).sort_stats('tottime').print_stats(14)
        print("\ncProfile of simulate(course_scenario(0.005), seed=...) x 3, by own time:")
        print('\n'.join(line for line in s.getvalue().splitlines()[4:] if line.strip()))


if __name__ == '__main__':
    main()
