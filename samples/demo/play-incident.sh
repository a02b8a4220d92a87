#!/usr/bin/env bash
# Plays one incident's life against a running `pagerstatus demo`, through the stand-in PagerDuty's Events API v2
# (the same requests Alertmanager would send): trigger, acknowledge, resolve. After each step the stand-in
# PagerDuty sends its webhook to pagerstatus, which syncs; the script then prints what the status page shows.
#   samples/demo/play-incident.sh [http://localhost:8080]
set -euo pipefail
base="${1:-http://localhost:8080}"
events="$(cd "$(dirname "$0")" && pwd)/events"

send() {
  curl -fsS -X POST "$base/demo/pagerduty/v2/enqueue" -H 'Content-Type: application/json' \
       --data-binary @"$events/$1.json" > /dev/null
}
show() {
  # The stand-in has delivered its webhook by now; ?settle waits until pagerstatus has caught up with it.
  curl -fsS "$base/demo/state?settle" | sed 's/^/    /'
}

curl -fsS "$base/" > /dev/null || { echo "no pagerstatus demo at $base; start one with: ./pagerstatus demo" >&2; exit 1; }

echo "1. Alertmanager triggers an incident on Payments. It is only triggered, so the public page does not change."
send trigger; show
echo
echo "2. The on-call engineer acknowledges it. pagerstatus opens a notice and marks Payments partial outage."
send acknowledge; show
echo
echo "3. The fix works and the alert resolves. Payments is operational again, and the notice says the fix is being"
echo "   watched (monitoring): the demo's policy recovers through 30 seconds of monitoring before it resolves."
send resolve; show
echo
echo "4. Nothing reopened for 30 seconds, so pagerstatus resolves the notice by itself, with no webhook."
sleep "${MONITORING_WAIT:-31}"; curl -fsS "$base/demo/state?settle" | sed 's/^/    /'
