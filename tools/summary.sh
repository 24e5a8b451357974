#!/usr/bin/env bash
# Repeat pytest's counts as the last line of `make test`, so CI reads them.
log=_ci/pytest.log
[ -f "$log" ] || { echo "0 passed, 1 failed"; exit 1; }
line=$(grep -E '^=+ .*(passed|failed|error).* =+$' "$log" | tail -n 1)
p=$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+' || echo 0)
f=$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+' || echo 0)
e=$(grep -oE '[0-9]+ error' <<<"$line" | grep -oE '[0-9]+' || echo 0)
s=$(grep -oE '[0-9]+ skipped' <<<"$line" | grep -oE '[0-9]+' || echo 0)
echo "$(cat _ci/site.txt 2>/dev/null || echo 'docs site not checked'); notebooks and library in sync"
echo "${p:-0} passed, $(( ${f:-0} + ${e:-0} )) failed, ${s:-0} skipped"
