#!/usr/bin/env bash
# The experiment of the scan section of the "Real samples" results page (nbs/13_designs.ipynb), from the shell:
# 400 kb loci of the course scenario, with and without *linked* classes (selected loci centred on a SNP 2-150 kb from
# the site), a two-branch network trained on each (course design and pseudo-haploid aDNA with 30 % missing calls), and
# the planted benchmark (benchmarks/scan.py) run on each pair.
#
#   experiments/linked.sh OUT_DIR [WORKERS] [DEVICE]      e.g. experiments/linked.sh runs/linked 2 auto
#
# Sizes come from the environment: REPS (loci per class, 1000), SCALE (scaling factor, 10), EPOCHS (30), SEED (training
# seed, 0), REGIONS (benchmark regions per class, 10), LENGTH (benchmark region length, 1000000). Rerunning resumes:
# finished datasets, runs and benchmarks are kept.
set -euo pipefail
OUT=${1:?usage: experiments/linked.sh OUT_DIR [WORKERS] [DEVICE]}
W=${2:-2}; DEV=${3:-auto}
REPS=${REPS:-1000}; SCALE=${SCALE:-10}; EPOCHS=${EPOCHS:-30}; SEED=${SEED:-0}; REGIONS=${REGIONS:-10}; LENGTH=${LENGTH:-1000000}
HERE=$(cd "$(dirname "$0")" && pwd)
B=${BALSEL:-balsel}; PY=${PYTHON:-python}
S="--replicates $REPS --scale $SCALE --length 400000 --workers $W --seed 41 --quiet"
# the same seed gives the same loci for the classes both datasets share
$B simulate "$OUT/plain" --classes neutral,s0.0025,s0.005 $S
$B simulate "$OUT/linked" --classes neutral,s0.0025,s0.005,linked0.0025,linked0.005 $S
T="--seed $SEED --width 160 --epochs $EPOCHS --patience 6 --device $DEV --quiet"
for d in plain linked; do
  [ -f "$OUT/$d-$SEED/model.pt" ]      || $B train "$OUT/$d" --out "$OUT/$d-$SEED" $T
  [ -f "$OUT/$d-adna-$SEED/model.pt" ] || $B train "$OUT/$d" --out "$OUT/$d-adna-$SEED" --samples "$HERE/adna.csv" $T
  [ -f "$OUT/scan-$d-$SEED.json" ] || $PY "$HERE/../benchmarks/scan.py" "$OUT/$d-$SEED" --adna-run "$OUT/$d-adna-$SEED" \
      --regions "$REGIONS" --length "$LENGTH" --seed 31 --json "$OUT/scan-$d-$SEED.json"
done
echo "done: $OUT"
