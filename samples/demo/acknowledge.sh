#!/usr/bin/env bash
# Acknowledges acme#4821 (API latency) in the stand-in PagerDuty of a running `pagerstatus demo`, with the
# request a responder's tools send to PagerDuty's REST API. The stand-in then delivers the signed V3 webhook
# incident.acknowledged to pagerstatus, which opens a notice and puts API in partial outage.
#   samples/demo/acknowledge.sh [http://localhost:8080]
set -euo pipefail
base="${1:-http://localhost:8080}"
curl -fsS "$base/" > /dev/null || { echo "no pagerstatus demo at $base; start one with: ./pagerstatus demo" >&2; exit 1; }
curl -fsS -X PUT "$base/demo/pagerduty/incidents/Q1F7K0ZP3XW9LM" \
     -H 'Authorization: Token token=demo-acme-pagerduty-key' \
     -H 'Accept: application/vnd.pagerduty+json;version=2' \
     -H 'Content-Type: application/json' \
     -H 'From: jordan.reyes@acme.example' \
     --data '{"incident": {"type": "incident_reference", "status": "acknowledged"}}' > /dev/null
# The stand-in has delivered its webhook by now; ?settle waits until pagerstatus has caught up with it.
curl -fsS "$base/demo/state?settle" | sed 's/^/    /'
