#!/usr/bin/env bash
# From a signed incident.acknowledged webhook to the Statuspage create, in `serve`, with every API request
# answered late (default 50 ms): the physical limit is two round trips (one round of reads, then the create).
# serve first runs [warm-up] passes that change nothing (default 0: the rounds then meet a freshly started JVM).
#   bench/ack-to-public.sh [jar] [rounds] [latency-ms] [warm-up passes]
set -euo pipefail
source "$(dirname "$0")/prepare.sh"
CP=function/target/pagerstatus.jar:function/target/test-classes
java -cp "$CP" dev.pagerstatus.bench.AckToPublicBenchmark "${1:-function/target/pagerstatus.jar}" "${2:-5}" "${3:-50}" "${4:-0}"
