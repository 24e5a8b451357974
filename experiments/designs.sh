#!/usr/bin/env bash
# The experiments of the "Real samples" results page (nbs/13_designs.ipynb), from the shell: three datasets
# (first- and matched-centred neutral loci of the course design, and a spread-out design), and two-branch networks
# trained on them, on the matched loci seen as pseudo-haploid aDNA with 30 % missing calls, each with SEEDS.
#
#   experiments/designs.sh OUT_DIR [WORKERS] [DEVICE]      e.g. experiments/designs.sh runs/designs 2 auto
#
# Sizes come from the environment: REPS (loci per class, 1000), SCALE (scaling factor, 1), EPOCHS (30), SEEDS (training seeds, "0"; e.g. SEEDS="0 1 2").
# Rerunning resumes: finished datasets and runs are kept.
set -euo pipefail
OUT=${1:?usage: experiments/designs.sh OUT_DIR [WORKERS] [DEVICE]}
W=${2:-2}; DEV=${3:-auto}
REPS=${REPS:-1000}; SCALE=${SCALE:-1}; EPOCHS=${EPOCHS:-30}; SEEDS=${SEEDS:-0}
HERE=$(cd "$(dirname "$0")" && pwd)
B=${BALSEL:-balsel}
S="--replicates $REPS --scale $SCALE --workers $W --quiet"
$B simulate "$OUT/first" $S --seed 11 --neutral-centre first
$B simulate "$OUT/matched" $S --seed 11 --neutral-centre matched
$B simulate "$OUT/spread" $S --seed 12 --samples "$HERE/spread.csv"
for s in $SEEDS; do
  T="--seed $s --width 160 --epochs $EPOCHS --patience 6 --device $DEV --quiet"
  [ -f "$OUT/first-$s/model.pt" ]   || $B train "$OUT/first" --out "$OUT/first-$s" $T
  [ -f "$OUT/matched-$s/model.pt" ] || $B train "$OUT/matched" --out "$OUT/matched-$s" $T
  [ -f "$OUT/adna-$s/model.pt" ]    || $B train "$OUT/matched" --out "$OUT/adna-$s" --samples "$HERE/adna.csv" $T
  [ -f "$OUT/spread-$s/model.pt" ]  || $B train "$OUT/spread" --out "$OUT/spread-$s" $T
  # the first-centred network scored on the matched-centred test loci (the same loci and splits, other neutral centres)
  $B evaluate "$OUT/first-$s" "$OUT/matched" --split test --device "$DEV" > /dev/null
done
echo "done: $OUT"
