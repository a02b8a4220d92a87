#!/usr/bin/env bash
# Walks the public lifecycle against a running `pagerstatus demo`, under its policy (samples/demo/policy.yaml):
# an incident is acknowledged, raised to P1 (a major outage), a responder publishes a note, and it resolves,
# recovering through 30 seconds of monitoring. Each step is a request a responder's tools send to PagerDuty's
# REST API; the stand-in then sends pagerstatus the webhook PagerDuty would, and the script shows the page.
#   samples/demo/lifecycle.sh [http://localhost:8080]
set -euo pipefail
base="${1:-http://localhost:8080}"
incident="$base/demo/pagerduty/incidents/Q1F7K0ZP3XW9LM"
curl -fsS "$base/" > /dev/null || { echo "no pagerstatus demo at $base; start one with: ./pagerstatus demo" >&2; exit 1; }

pagerduty() { # method path body
  curl -fsS -X "$1" "$2" -H 'Authorization: Token token=demo-acme-pagerduty-key' \
       -H 'Accept: application/vnd.pagerduty+json;version=2' -H 'Content-Type: application/json' \
       -H 'From: jordan.reyes@acme.example' --data "$3" > /dev/null
}
show() { curl -fsS "$base/demo/state?settle" | sed -n '/^Status page/,/^PagerDuty/p' | sed '$d' | sed 's/^/    /'; }

echo "1. acme#4821 (API latency) is acknowledged: a notice opens, API in partial outage."
pagerduty PUT "$incident" '{"incident": {"type": "incident_reference", "status": "acknowledged"}}'; show
echo
echo "2. It is raised to P1. The policy makes a P1 a major outage: the same notice escalates, in one update."
pagerduty PUT "$incident" '{"incident": {"type": "incident_reference", "priority": {"id": "PPRIO1A", "type": "priority_reference"}}}'; show
echo
echo "3. A responder adds a note that starts with #public: it is posted on the notice, without the marker."
pagerduty POST "$incident/notes" '{"note": {"content": "#public We have found the cause and are rolling back the change."}}'; show
echo
echo "4. A note for colleagues (it names a host) stays in PagerDuty: the page does not change."
pagerduty POST "$incident/notes" '{"note": {"content": "Rolled back api to v2.31.4 on api-7.prod.internal"}}'; show
echo
echo "5. It resolves. API is operational again, and the notice is monitoring for 30 seconds."
pagerduty PUT "$incident" '{"incident": {"type": "incident_reference", "status": "resolved"}}'; show
echo
echo "6. Nothing reopened for 30 seconds: pagerstatus resolves the notice by itself."
sleep "${MONITORING_WAIT:-31}"; show
