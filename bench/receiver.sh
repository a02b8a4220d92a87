#!/usr/bin/env bash
# The receiver's figures: warm latency (p50..max) over 10,000 signed V3 webhooks on loopback and throughput
# from 16 concurrent senders; then cold starts (a fresh JVM answering its first signed webhook) next to a plain
# JVM "hello" in the same run. Both with default JVM flags and with the Lambda runtime's.
#   bench/receiver.sh [requests] [concurrent-senders] [cold-runs]
set -euo pipefail
source "$(dirname "$0")/prepare.sh"
CP=function/target/pagerstatus.jar:function/target/test-classes
for flags in "" "-XX:+UseSerialGC -XX:TieredStopAtLevel=1"; do
  java -cp "$CP" dev.pagerstatus.bench.ReceiverBenchmark "${1:-10000}" "${2:-16}" "${3:-10}" "$flags"
done
