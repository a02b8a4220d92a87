#!/usr/bin/env bash
# A major outage against `serve`, the vendors' limits enforced by the stand-ins: 240 incidents over 24
# components from two accounts in 40 s, then 20 acknowledgements, 5 P1s, 3 #public notes and 8 components
# recovering. Prints, per kind of change, the worst and median time to the page, the time until the page is
# right after the last event, and the 420/429 answers. Several jars (e.g. one built from before a change in
# another checkout) are measured one after the other, each against a fresh world.
#   bench/major-outage.sh [jar ...]
set -euo pipefail
source "$(dirname "$0")/prepare.sh"
CP=function/target/pagerstatus.jar:function/target/test-classes
java -cp "$CP" dev.pagerstatus.bench.MajorOutageBenchmark "$@"
