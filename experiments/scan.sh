#!/usr/bin/env bash
# The experiments of sections (d) to (f) of the "Real samples" results page (nbs/13_designs.ipynb), from the shell: networks
# for a scan, trained on the course's 50 kb loci, and on 400 kb loci (no image ever padded, as in a scan) with and without
# *linked* classes (selected loci centred on a SNP 2-150 kb from the site), with rows sorted by haplotype frequency
# or with the carriers of the centre SNP's allele first; each scanned by the planted benchmark (benchmarks/scan.py).
# The frequency-rows network without linked classes is trained again on the same loci seen as pseudo-haploid aDNA with
# 30 % missing calls, and benchmarked on its design; both are checked on fresh regions, and so are a network with
# wider images (480 SNP columns) of the same loci and its aDNA twin, one wider still (960 columns) and its twin, the
# linked classes with 480-column images, and linked classes centred far from the site only (25-190 kb), with
# 480-column images.
# The two widest networks without linked classes are then scanned on 40 more fresh regions per class (seed 44), to
# choose between them on 80, and the chosen width is confirmed on 80 regions of a seed never used to choose (45).
# Then a network of 480 columns on loci with 100 present-day haplotypes instead of 40, checked on fresh regions.
# Last, the localisers (balsel localise) of the 960-column network and of its aDNA twin, fitted on planted regions of
# their own and checked on fresh ones.
#
#   experiments/scan.sh OUT_DIR [WORKERS] [DEVICE]      e.g. experiments/scan.sh runs/scan 2 auto
#
# Sizes come from the environment: REPS (loci per class, 1000), SCALE (scaling factor, 10), EPOCHS (30), SEED (training
# seed, 0), REGIONS (benchmark regions per class, 10), LENGTH (benchmark region length, 1000000), FRESH_REGIONS and
# FRESH_SEED (the fresh regions the chosen network is checked on at the end, 40 per class, seed 43), FRESH2_SEED (44:
# as many again, to choose the width on), CONFIRM_REGIONS and CONFIRM_SEED (80 per class, seed 45), LOC_REGIONS and
# LOC_SEED (the localisers' planted regions: 80 per coefficient, seed 47), LOCATE_REGIONS and LOCATE_SEED (the fresh
# regions they are checked on: 80 per class, seed 48; LOCATE_ADNA_REGIONS, 40, for the aDNA twin), SEEN_SEED (46: the
# regions the localiser's features were chosen on, checked again). Rerunning resumes:
# finished datasets, runs and benchmarks are kept.
set -euo pipefail
OUT=${1:?usage: experiments/scan.sh OUT_DIR [WORKERS] [DEVICE]}
W=${2:-2}; DEV=${3:-auto}
REPS=${REPS:-1000}; SCALE=${SCALE:-10}; EPOCHS=${EPOCHS:-30}; SEED=${SEED:-0}; REGIONS=${REGIONS:-10}; LENGTH=${LENGTH:-1000000}
FRESH_REGIONS=${FRESH_REGIONS:-40}; FRESH_SEED=${FRESH_SEED:-43}; FRESH2_SEED=${FRESH2_SEED:-44}
CONFIRM_REGIONS=${CONFIRM_REGIONS:-80}; CONFIRM_SEED=${CONFIRM_SEED:-45}
LOC_REGIONS=${LOC_REGIONS:-80}; LOC_SEED=${LOC_SEED:-47}; LOCATE_REGIONS=${LOCATE_REGIONS:-80}; LOCATE_SEED=${LOCATE_SEED:-48}
SEEN_SEED=${SEEN_SEED:-46}
LOCATE_ADNA_REGIONS=${LOCATE_ADNA_REGIONS:-40}
HERE=$(cd "$(dirname "$0")" && pwd)
B=${BALSEL:-balsel}; PY=${PYTHON:-python}
S="--replicates $REPS --scale $SCALE --length 400000 --workers $W --seed 41 --quiet"
# the same seed gives the same loci for the classes both datasets share
$B simulate "$OUT/course" --replicates $REPS --scale $SCALE --workers $W --seed 41 --quiet     # 50 kb loci
$B simulate "$OUT/plain" --classes neutral,s0.0025,s0.005 $S
$B simulate "$OUT/linked" --classes neutral,s0.0025,s0.005,linked0.0025,linked0.005 $S
$B simulate "$OUT/farlinked" --classes neutral,s0.0025,s0.005,linked0.0025,linked0.005 --linked-distance 25000 190000 $S
T="--seed $SEED --width 160 --epochs $EPOCHS --patience 6 --device $DEV --quiet"
BENCH="$PY $HERE/../benchmarks/scan.py --regions $REGIONS --length $LENGTH --seed 31"
FRESH="$PY $HERE/../benchmarks/scan.py --regions $FRESH_REGIONS --length $LENGTH --seed $FRESH_SEED --workers $W"
FRESH2="$PY $HERE/../benchmarks/scan.py --regions $FRESH_REGIONS --length $LENGTH --seed $FRESH2_SEED --workers $W"
CONFIRM="$PY $HERE/../benchmarks/scan.py --regions $CONFIRM_REGIONS --length $LENGTH --seed $CONFIRM_SEED --workers $W"
LOCATE="$PY $HERE/../benchmarks/scan.py --regions $LOCATE_REGIONS --length $LENGTH --seed $LOCATE_SEED --workers $W"
SEEN="$PY $HERE/../benchmarks/scan.py --regions $LOCATE_REGIONS --length $LENGTH --seed $SEEN_SEED --workers $W"
run="course-frequency-$SEED"
[ -f "$OUT/$run/model.pt" ] || $B train "$OUT/course" --out "$OUT/$run" --rows frequency $T
[ -f "$OUT/scan-$run.json" ] || $BENCH "$OUT/$run" --json "$OUT/scan-$run.json" > /dev/null
for d in plain linked; do
  for rows in frequency carriers; do
    run="$d-$rows-$SEED"
    [ -f "$OUT/$run/model.pt" ] || $B train "$OUT/$d" --out "$OUT/$run" --rows $rows $T
    [ -f "$OUT/scan-$run.json" ] || $BENCH "$OUT/$run" --json "$OUT/scan-$run.json" > /dev/null
  done
done
run="plain-frequency-$SEED"
[ -f "$OUT/adna-$run/model.pt" ] || $B train "$OUT/plain" --out "$OUT/adna-$run" --samples "$HERE/adna.csv" $T
[ -f "$OUT/scan-adna-$run.json" ] || $BENCH "$OUT/$run" --adna-run "$OUT/adna-$run" --json "$OUT/scan-adna-$run.json" > /dev/null
# the network chosen on those regions (400 kb loci, frequency rows), and its aDNA twin, on fresh regions: more of them, another seed
[ -f "$OUT/fresh-$run.json" ] || $FRESH "$OUT/$run" --adna-run "$OUT/adna-$run" --json "$OUT/fresh-$run.json" > /dev/null
# wider images of the same loci: 480 SNP columns (about 180 kb of a 400 kb locus at this density) instead of 160 (about 60 kb)
run="plain-wide-$SEED"
[ -f "$OUT/$run/model.pt" ] || $B train "$OUT/plain" --out "$OUT/$run" --rows frequency ${T/--width 160/--width 480}
[ -f "$OUT/adna-$run/model.pt" ] || $B train "$OUT/plain" --out "$OUT/adna-$run" --samples "$HERE/adna.csv" ${T/--width 160/--width 480}
[ -f "$OUT/scan-$run.json" ] || $BENCH "$OUT/$run" --json "$OUT/scan-$run.json" > /dev/null
[ -f "$OUT/fresh-$run.json" ] || $FRESH "$OUT/$run" --adna-run "$OUT/adna-$run" --json "$OUT/fresh-$run.json" > /dev/null
# wider still: 960 SNP columns, about 360 kb, nearly the whole 400 kb locus, and its aDNA twin; and the linked classes
# with 480-column images
run="plain-w960-$SEED"
[ -f "$OUT/$run/model.pt" ] || $B train "$OUT/plain" --out "$OUT/$run" --rows frequency ${T/--width 160/--width 960}
[ -f "$OUT/adna-$run/model.pt" ] || $B train "$OUT/plain" --out "$OUT/adna-$run" --samples "$HERE/adna.csv" ${T/--width 160/--width 960}
[ -f "$OUT/fresh-$run.json" ] || $FRESH "$OUT/$run" --adna-run "$OUT/adna-$run" --json "$OUT/fresh-$run.json" > /dev/null
run="linked-wide-$SEED"
[ -f "$OUT/$run/model.pt" ] || $B train "$OUT/linked" --out "$OUT/$run" --rows frequency ${T/--width 160/--width 480}
[ -f "$OUT/fresh-$run.json" ] || $FRESH "$OUT/$run" --json "$OUT/fresh-$run.json" > /dev/null
# linked classes only far from the site (25-190 kb): no hitchhiker close enough to look like the site is trained on
run="farlinked-wide-$SEED"
[ -f "$OUT/$run/model.pt" ] || $B train "$OUT/farlinked" --out "$OUT/$run" --rows frequency ${T/--width 160/--width 480}
[ -f "$OUT/fresh-$run.json" ] || $FRESH "$OUT/$run" --json "$OUT/fresh-$run.json" > /dev/null
# 480 or 960 columns? Chosen on the fresh regions of both seeds, then the choice confirmed on regions of a third
for run in plain-wide-$SEED plain-w960-$SEED; do
  [ -f "$OUT/fresh2-$run.json" ] || $FRESH2 "$OUT/$run" --json "$OUT/fresh2-$run.json" > /dev/null
done
for run in plain-w960-$SEED plain-wide-$SEED; do
  [ -f "$OUT/confirm-$run.json" ] || $CONFIRM "$OUT/$run" --json "$OUT/confirm-$run.json" > /dev/null
done
# more present-day haplotypes: 100 (50 individuals, experiments/present100.csv) instead of 40, the same ancient ones
$B simulate "$OUT/plain100" --classes neutral,s0.0025,s0.005 --samples "$HERE/present100.csv" $S
run="plain100-wide-$SEED"
[ -f "$OUT/$run/model.pt" ] || $B train "$OUT/plain100" --out "$OUT/$run" --rows frequency ${T/--width 160/--width 480}
[ -f "$OUT/fresh-$run.json" ] || $FRESH "$OUT/$run" --samples "$HERE/present100.csv" --json "$OUT/fresh-$run.json" > /dev/null
# (g) the 960-column network's localiser, fitted on 80 planted regions per coefficient of its own (seed 47), then the
# network with it on 80 fresh regions per class (seed 48, never used for anything else), and on the regions its
# features were chosen on (seed 46; the confirmation regions of (f), seed 45, were looked at too)
run="plain-w960-$SEED"
# a run's localiser counts as done only if this balsel can use it (one fitted with other features is fitted again)
usable() { [ -f "$1/localiser.json" ] && $PY -c "import sys; from balsel.scan import load_localiser; load_localiser(sys.argv[1])" "$1" 2> /dev/null; }
usable "$OUT/$run" || $B localise "$OUT/$run" --regions $LOC_REGIONS --seed $LOC_SEED --workers $W --quiet
[ -f "$OUT/locate-$run.json" ] || $LOCATE "$OUT/$run" --json "$OUT/locate-$run.json" > /dev/null
[ -f "$OUT/locate46-$run.json" ] || $SEEN "$OUT/$run" --json "$OUT/locate46-$run.json" > /dev/null
# and the aDNA twin's own localiser, fitted on regions written as its design sees them, checked on 40 of the fresh regions
usable "$OUT/adna-$run" || $B localise "$OUT/adna-$run" --regions $LOC_REGIONS --seed $LOC_SEED --workers $W --quiet
[ -f "$OUT/locate-adna-$run.json" ] || $PY $HERE/../benchmarks/scan.py "$OUT/$run" --adna-run "$OUT/adna-$run" --regions $LOCATE_ADNA_REGIONS \
  --length $LENGTH --seed $LOCATE_SEED --workers $W --json "$OUT/locate-adna-$run.json" > /dev/null
echo "done: $OUT"
