#!/usr/bin/env bash
# A webhook storm against `serve` and the publish delay after it: 60 signed webhooks that change nothing in
# 9 s, then a real acknowledgement. The stand-ins enforce Statuspage's budget (60 requests a rolling minute).
#   bench/webhook-storm.sh [jar] [webhooks] [seconds]
set -euo pipefail
source "$(dirname "$0")/prepare.sh"
CP=function/target/pagerstatus.jar:function/target/test-classes
java -cp "$CP" dev.pagerstatus.bench.WebhookStormBenchmark "${1:-function/target/pagerstatus.jar}" "${2:-60}" "${3:-9}"
