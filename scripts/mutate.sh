#!/usr/bin/env bash
# npm run mutate [-- policy|config|render [stryker options]]: Stryker over the unit, stack and policy suites.
# Options after the area go to Stryker, e.g. `--mutate config/teams.ts` for one file.
# The sandbox Stryker copies the project into leaves out .tools, so the test binaries are named here.
set -euo pipefail
cd "$(dirname "$0")/.."
export MUTATE="${1:-${MUTATE:-policy,config,render}}"
if [ $# -gt 0 ]; then shift; fi
bash scripts/fetch-binaries.sh
bin="$PWD/.tools/bin"
export ALERTMANAGER_BIN="$bin/alertmanager" AMTOOL_BIN="$bin/amtool" PROMETHEUS_BIN="$bin/prometheus" PROMTOOL_BIN="$bin/promtool"
exec npx stryker run "$@"
