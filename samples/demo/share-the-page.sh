#!/usr/bin/env bash
# Shows pagerstatus sharing the page, against a running `pagerstatus demo`: a second (internal) page, the notes it
# writes back to PagerDuty, a person taking a notice over, and a maintenance. Each step is what a monitor, a
# responder or a communications lead does; after it the script shows both pages and the PagerDuty incidents.
#   samples/demo/share-the-page.sh [http://localhost:8080]
set -euo pipefail
base="${1:-http://localhost:8080}"
curl -fsS "$base/" > /dev/null || { echo "no pagerstatus demo at $base; start one with: ./pagerstatus demo" >&2; exit 1; }

enqueue() { # event_action dedup_key component
  curl -fsS -X POST "$base/demo/pagerduty/v2/enqueue" -H 'Content-Type: application/json' --data-binary @- \
       > /dev/null <<JSON
{"routing_key": "R0UT1NGKEYACMECHECKOUT0000000001", "event_action": "$1", "dedup_key": "$2",
 "payload": {"summary": "Probe failures on $3", "source": "blackbox.internal", "severity": "error",
             "custom_details": {"component": "$3"}}}
JSON
}
act() { curl -fsS -X POST "$base/demo/actions" --data "$1" -o /dev/null; }
show() { curl -fsS "$base/demo/state?settle" | sed 's/^/    /'; }

echo "1. A probe on the VPN fires and the on-call engineer acknowledges it. The VPN is on the internal page, so the"
echo "   notice opens there and the public page does not change. The incident gets a note with the notice's link."
enqueue trigger vpn-probe v4n9s2k7q3le; enqueue acknowledge vpn-probe v4n9s2k7q3le; show
echo
# Steps 2 and 3 use an incident of their own, on the website, so that they show the same after lifecycle.sh
# (which resolved acme#4821 at P1) as on a fresh demo, and leave the API to the other scripts.
echo "2. A probe on the website fires and the on-call engineer acknowledges it: a public notice opens."
enqueue trigger website-probe w8d3n6t2p9kf; enqueue acknowledge website-probe w8d3n6t2p9kf; show
echo
echo "3. The communications lead posts their own update on that notice. From now on pagerstatus writes nothing"
echo "   more to it: raising the incident to P1 (a major outage under the demo's policy) changes nothing on the page."
act "action=take-over&component=w8d3n6t2p9kf"
act "action=priority&account=acme&incident_key=website-probe&priority=P1"; show
echo
echo "4. The database is taken into a maintenance, and then a database alert is acknowledged. A component under"
echo "   maintenance gets no notice and no status change from pagerstatus."
act "action=maintenance&component=t9p4f7s1k8vb"
enqueue trigger db-replication t9p4f7s1k8vb; enqueue acknowledge db-replication t9p4f7s1k8vb; show
echo
echo "5. The maintenance ends while the database alert is still acknowledged: the notice opens at the next pass"
echo "   (a deployment's schedule runs one every minute; the demo runs it at once)."
act "action=end-maintenance&component=t9p4f7s1k8vb"
show | sed -n '/^    Status page/,/^    Internal page/p' | sed '$d'
echo
echo "The console at $base/demo has the same buttons: take a notice over, start or end a maintenance."
