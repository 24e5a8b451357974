#!/usr/bin/env bash
# usage: tools/unchanged.sh DIR GLOB MESSAGE -- COMMAND...
# Runs COMMAND and fails with MESSAGE if it changed any file matching GLOB under DIR.
set -euo pipefail
dir=$1 glob=$2 msg=$3; shift 4
sums() { find "$dir" -name "$glob" -not -path '*/.ipynb_checkpoints/*' -print0 | sort -z | xargs -0 sha256sum; }
before=$(sums)
"$@" >/dev/null
after=$(sums)
if [ "$before" != "$after" ]; then
  diff <(echo "$before") <(echo "$after") | grep '^[<>]' | awk '{print "  changed: " $3}' | sort -u >&2 || true
  echo "error: $msg" >&2
  exit 1
fi
echo "ok: $* left $dir unchanged"
