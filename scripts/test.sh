#!/usr/bin/env bash
# `npm test`: the lint (`scripts/lint.sh`: prettier's check and tsc's type check) beside the unit
# and end-to-end suites, not before them. The suites leave about a tenth of 2 cores idle (their
# workers wait on the database server and HTTP), which the lint's ~60 s of CPU fills: one after
# the other, the lint's ~35 s were added to the suites' wall time. The lint's output is printed
# whole after the suites' (not interleaved); fails when either fails. Arguments go to vitest.
set -u
cd "$(dirname "$0")/.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT
bash scripts/lint.sh >"$out" 2>&1 &
lint=$!
npx vitest run --project unit --project e2e "$@"
tests_status=$?
wait "$lint"
lint_status=$?
cat "$out"
exit $((tests_status || lint_status))
