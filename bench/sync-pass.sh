#!/usr/bin/env bash
# Measures reconcile passes over 10 accounts x 1,000 open incidents and a page of 300 components, against
# loopback stand-ins of PagerDuty and Statuspage running in a separate JVM (their CPU is not counted).
# The measured JVM gets a 256 MB heap. Each configuration runs in RUNS fresh JVMs (default 3):
#   default   - the JVM's own ergonomics (G1, C2), as `java -jar` runs it on a laptop
#   lambda    - the flags the managed Java runtime starts with: -XX:+UseSerialGC -XX:TieredStopAtLevel=1
#   bench/sync-pass.sh [accounts] [incidents-per-account] [components] [warm-passes]
set -euo pipefail
source "$(dirname "$0")/prepare.sh"
CP=function/target/pagerstatus.jar:function/target/test-classes
for config in default lambda; do
  flags=(-Xmx256m)
  [ "$config" = lambda ] && flags+=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1)
  for run in $(seq 1 "${RUNS:-3}"); do
    echo "## $config flags, run $run"
    "$JAVA_HOME/bin/java" "${flags[@]}" -cp "$CP" dev.pagerstatus.bench.SyncPassBenchmark \
      "${1:-10}" "${2:-1000}" "${3:-300}" "${4:-5}"
    echo
  done
done
# The critical path: every request answered 50 ms late. Reads one after another would take
# (110 + 7) x 50 ms = 5.9 s; concurrent reads take one account's 11 pages, about 0.55 s.
echo "## lambda flags, 50 ms added to every request"
"$JAVA_HOME/bin/java" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$CP" dev.pagerstatus.bench.SyncPassBenchmark \
  "${1:-10}" "${2:-1000}" "${3:-300}" 2 50
