#!/usr/bin/env bash
# Cold processes in the comparison world (1 account, 80 acknowledged incidents over 20 components, 15 notices
# open): `sync` with 5 openings and a quiet `sync`, through ./pagerstatus and as java -jar, against a plain JVM
# start ("hello"). The world runs in its own JVM, so only pagerstatus's processes are timed.
# [checkout ...] measures those checkouts' launchers and jars instead (built there first), e.g. one from before a
# change beside this one, each run going through all of them in turn.
#   bench/cold-sync.sh [runs] [latency-ms] [checkout ...]
set -euo pipefail
source "$(dirname "$0")/prepare.sh"
CP=function/target/pagerstatus.jar:function/target/test-classes
java -cp "$CP" dev.pagerstatus.bench.ColdSyncBenchmark "${1:-5}" "${2:-0}" "${@:3}"
