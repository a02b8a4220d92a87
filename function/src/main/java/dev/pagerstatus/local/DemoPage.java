package dev.pagerstatus.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.pagerstatus.pagerduty.ComponentTags;
import dev.pagerstatus.standin.PagerDutyStandIn;
import dev.pagerstatus.standin.StatuspageStandIn;
import dev.pagerstatus.support.HttpExchanges;
import dev.pagerstatus.support.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The demo's window: {@code GET /demo} renders the stand-in Statuspage as customers would see it above a small
 * stand-in PagerDuty console, with a script ({@code demo-live.js}) that reads the page again every 2 s and patches
 * what changed without touching a form control a person is using; {@code GET /demo/state} is the same as plain text for
 * scripts ({@code ?settle} waits until pagerstatus has caught up); {@code POST /demo/actions} triggers, acknowledges or resolves a PagerDuty incident, after which the
 * stand-in PagerDuty sends its webhooks exactly as for any other change.
 */
final class DemoPage implements HttpHandler {
    private static final Map<String, String> STATUS_LABELS = Map.of(
            "operational", "Operational",
            "degraded_performance", "Degraded performance",
            "partial_outage", "Partial outage",
            "major_outage", "Major outage",
            "under_maintenance", "Under maintenance");
    /** Statuspage's own names for a notice's or a maintenance's statuses, as its pages show them. */
    static final Map<String, String> UPDATE_LABELS = Map.of(
            "investigating", "Investigating",
            "identified", "Identified",
            "monitoring", "Monitoring",
            "resolved", "Resolved",
            "postmortem", "Postmortem",
            "scheduled", "Scheduled",
            "in_progress", "In progress",
            "verifying", "Verifying",
            "completed", "Completed");
    /** Patches the page in place every 2 s, keeping what a person is typing; see the script's own comment. */
    private static final String LIVE_SCRIPT = resource("demo-live.js");

    private static final Set<String> ACTIONS = Set.of(
            "trigger", "acknowledge", "resolve", "priority", "note", "take-over", "maintenance", "end-maintenance");
    /** What a communications lead posts when they take a notice over in the demo. */
    static final String PERSONS_UPDATE =
            "Our engineers have found the cause and are deploying a fix. Next update within 30 minutes.";
    /** The responder the console's notes are from; account keys need one in the From header. */
    static final String RESPONDER = "jordan.reyes@acme.example";

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("MMM d, HH:mm:ss 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** Under the server's 10 s for a response, so that a slow settle still answers with the page as it is. */
    private static final Duration SETTLE_WAIT = Duration.ofSeconds(8);

    private final PagerDutyStandIn pagerDuty;
    private final StatuspageStandIn statuspage;
    private final StatuspageStandIn internal;
    private final Settling settle;
    private final Runnable scheduledPass;

    /** Waits up to a time until no pass is running or wanted; true if that happened. */
    @FunctionalInterface
    interface Settling {
        boolean await(Duration wait) throws InterruptedException;
    }

    /**
     * {@code scheduledPass} runs the schedule's next pass at once: Statuspage sends pagerstatus no webhook when a
     * person changes the page, so a deployment sees such changes at its next scheduled pass, and the demo does
     * not make anyone wait a minute for it.
     */
    DemoPage(
            PagerDutyStandIn pagerDuty,
            StatuspageStandIn statuspage,
            StatuspageStandIn internal,
            Settling settle,
            Runnable scheduledPass) {
        this.pagerDuty = pagerDuty;
        this.statuspage = statuspage;
        this.internal = internal;
        this.settle = settle;
        this.scheduledPass = scheduledPass;
    }

    private List<StatuspageStandIn> pages() {
        return List.of(statuspage, internal);
    }

    /** The page a component is on, if any. */
    private java.util.Optional<StatuspageStandIn> pageOf(String componentId) {
        return pages().stream()
                .filter(page -> page.components().stream()
                        .anyMatch(component -> component.path("id").asText().equals(componentId)))
                .findFirst();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && (path.equals("/demo") || path.equals("/demo/"))) {
                HttpExchanges.respond(
                        exchange, 200, "text/html; charset=utf-8", html().getBytes(StandardCharsets.UTF_8));
            } else if (method.equals("GET") && path.equals("/demo/state")) {
                String query = exchange.getRequestURI().getRawQuery();
                if (query != null && query.contains("settle")) {
                    // What the scripts ask for: the page once pagerstatus has caught up with the last change.
                    try {
                        settle.await(SETTLE_WAIT);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                HttpExchanges.respond(
                        exchange, 200, "text/plain; charset=utf-8", state().getBytes(StandardCharsets.UTF_8));
            } else if (method.equals("POST") && path.equals("/demo/actions")) {
                byte[] body = HttpExchanges.readBody(exchange, 4096);
                String problem = body == null
                        ? "form too large"
                        : act(HttpExchanges.query(new String(body, StandardCharsets.UTF_8)));
                if (problem != null) {
                    HttpExchanges.respond(
                            exchange, 400, "text/plain; charset=utf-8", problem.getBytes(StandardCharsets.UTF_8));
                } else {
                    exchange.getResponseHeaders().set("Location", "/demo");
                    HttpExchanges.respond(exchange, 303, null, new byte[0]);
                }
            } else {
                HttpExchanges.respond(
                        exchange,
                        404,
                        "text/plain; charset=utf-8",
                        "no such demo page; try /demo\n".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** Performs a console button's action; returns a problem, or null when it was done. */
    private String act(Map<String, List<String>> form) {
        String action = HttpExchanges.first(form, "action", "");
        if (!ACTIONS.contains(action)) {
            return "unknown action";
        }
        if (action.equals("trigger")) {
            String component = HttpExchanges.first(form, "component", "");
            String name = componentNames().get(component);
            if (name == null) {
                return "unknown component";
            }
            ObjectNode event = Json.MAPPER.createObjectNode();
            event.put("routing_key", Demo.ROUTING_KEY);
            event.put("event_action", "trigger");
            event.put("dedup_key", "demo-" + component);
            ObjectNode payload = event.putObject("payload");
            payload.put("summary", "Error rate above 5% on " + name.toLowerCase(Locale.ROOT) + "-3.prod.internal");
            payload.put("source", "demo-console");
            payload.put("severity", "error");
            payload.putObject("custom_details").put("component", component);
            return pagerDuty.enqueue(event) == 202 ? null : "the stand-in PagerDuty refused the event";
        }
        if (action.equals("take-over")) {
            // A communications lead posts their own words on a notice, as they would in Statuspage's UI.
            // The notice by its id, or the one open on a component (what a script knows).
            String notice = HttpExchanges.first(form, "notice", "");
            String component = HttpExchanges.first(form, "component", "");
            for (StatuspageStandIn page : pages()) {
                for (JsonNode open : page.unresolvedIncidents()) {
                    boolean onComponent = !component.isEmpty()
                            && open.path("components").findValuesAsText("id").contains(component);
                    if (open.path("id").asText().equals(notice) || onComponent) {
                        page.personUpdate(open.path("id").asText(), "identified", PERSONS_UPDATE);
                        scheduledPass.run();
                        return null;
                    }
                }
            }
            return "unknown notice";
        }
        if (action.equals("maintenance")) {
            String component = HttpExchanges.first(form, "component", "");
            java.util.Optional<StatuspageStandIn> page = pageOf(component);
            if (page.isEmpty()) {
                return "unknown component";
            }
            page.get()
                    .addMaintenance(
                            componentNames().get(component) + " upgrade",
                            List.of(component),
                            Instant.now(),
                            Instant.now().plus(Duration.ofHours(1)),
                            true);
            scheduledPass.run();
            return null;
        }
        if (action.equals("end-maintenance")) {
            // The maintenance by its id, or the one on a component.
            String maintenance = HttpExchanges.first(form, "maintenance", "");
            String component = HttpExchanges.first(form, "component", "");
            for (StatuspageStandIn page : pages()) {
                for (JsonNode item : maintenances(page)) {
                    if (item.path("id").asText().equals(maintenance)
                            || (!component.isEmpty()
                                    && item.path("components")
                                            .findValuesAsText("id")
                                            .contains(component))) {
                        page.completeMaintenance(item.path("id").asText());
                        scheduledPass.run();
                        return null;
                    }
                }
            }
            return "unknown maintenance";
        }
        String account = HttpExchanges.first(form, "account", "");
        String incident = incidentId(account, form);
        if (incident == null) {
            return "unknown incident";
        }
        switch (action) {
            case "priority" -> {
                String priority = HttpExchanges.first(form, "priority", "");
                if (!priority.isEmpty() && !PagerDutyStandIn.PRIORITIES.contains(priority)) {
                    return "unknown priority";
                }
                pagerDuty.setPriority(account, incident, priority.isEmpty() ? null : priority);
            }
            case "note" -> {
                String content = HttpExchanges.first(form, "content", "").strip();
                if (content.isEmpty() || content.length() > 2_000) {
                    return "a note is 1 to 2,000 characters";
                }
                pagerDuty.addNote(account, incident, content, RESPONDER);
            }
            default -> pagerDuty.setStatus(account, incident, action.equals("resolve") ? "resolved" : "acknowledged");
        }
        return null;
    }

    /**
     * The incident a form names: by its id, or, as a script that sent the event knows it, by the open incident
     * with that {@code incident_key} (the Events API's dedup key). Null when the account has no such incident.
     */
    private String incidentId(String account, Map<String, List<String>> form) {
        String id = HttpExchanges.first(form, "incident", "");
        String key = HttpExchanges.first(form, "incident_key", "");
        if (!pagerDuty.accountNames().contains(account)) {
            return null;
        }
        return pagerDuty.incidents(account).stream()
                .filter(item -> item.path("id").asText().equals(id)
                        || (!key.isEmpty()
                                && item.path("incident_key").asText().equals(key)
                                && !item.path("status").asText().equals("resolved")))
                .map(item -> item.path("id").asText())
                .findFirst()
                .orElse(null);
    }

    String state() {
        StringBuilder text = new StringBuilder();
        pageState(text, statuspage, "Status page components:", "Open notices:");
        text.append('\n');
        pageState(text, internal, "Internal page components:", "Internal open notices:");
        text.append("PagerDuty incidents:\n");
        Map<String, String> names = componentNames();
        for (String account : pagerDuty.accountNames()) {
            for (JsonNode incident : pagerDuty.incidents(account)) {
                text.append("  ")
                        .append(account)
                        .append('#')
                        .append(incident.path("incident_number").asInt())
                        .append(' ')
                        .append(incident.path("status").asText())
                        .append(
                                incident.path("priority").isObject()
                                        ? " "
                                                + incident.path("priority")
                                                        .path("summary")
                                                        .asText()
                                        : "")
                        .append(" [")
                        .append(components(incident, names))
                        .append("]\n");
                for (String note : notesFromPagerstatus(account, incident)) {
                    text.append("    note from pagerstatus: ").append(note).append('\n');
                }
            }
        }
        return text.toString();
    }

    private static void pageState(StringBuilder text, StatuspageStandIn page, String components, String notices) {
        text.append(components).append('\n');
        for (JsonNode component : page.components()) {
            text.append("  ")
                    .append(component.path("name").asText())
                    .append(": ")
                    .append(component.path("status").asText())
                    .append('\n');
        }
        for (JsonNode maintenance : maintenances(page)) {
            text.append("  maintenance in progress: ")
                    .append(maintenance.path("name").asText())
                    .append('\n');
        }
        List<ObjectNode> open = page.unresolvedIncidents().stream()
                .filter(incident -> !isMaintenance(incident))
                .toList();
        text.append(notices).append(open.isEmpty() ? " none\n" : "\n");
        for (JsonNode incident : open) {
            text.append("  \"")
                    .append(incident.path("name").asText())
                    .append("\" (")
                    .append(incident.path("status").asText())
                    .append(")\n");
            JsonNode latest = incident.path("incident_updates").path(0);
            if (!latest.isMissingNode()) {
                text.append("    latest update: ")
                        .append(latest.path("body").asText())
                        .append('\n');
            }
        }
    }

    private static List<ObjectNode> maintenances(StatuspageStandIn page) {
        return page.incidents().stream()
                .filter(incident -> Set.of("in_progress", "verifying")
                        .contains(incident.path("status").asText()))
                .toList();
    }

    private static boolean isMaintenance(JsonNode incident) {
        return Set.of("scheduled", "in_progress", "verifying", "completed")
                .contains(incident.path("status").asText());
    }

    /** The first line of each note pagerstatus wrote on the incident: what the responder learns. */
    private List<String> notesFromPagerstatus(String account, JsonNode incident) {
        return pagerDuty.notes(account, incident.path("id").asText()).stream()
                .filter(note -> note.path("user").path("summary").asText().equals(Demo.NOTE_FROM))
                .map(note -> note.path("content").asText().lines().findFirst().orElse(""))
                .toList();
    }

    private String html() {
        List<ObjectNode> components = statuspage.components();
        // A maintenance shows on the page too, as Statuspage shows it, above the components.
        List<ObjectNode> open = statuspage.unresolvedIncidents();
        List<ObjectNode> resolved = statuspage.incidents().stream()
                .filter(incident -> Set.of("resolved", "completed")
                        .contains(incident.path("status").asText()))
                .limit(5)
                .toList();
        boolean allOperational =
                components.stream().allMatch(c -> c.path("status").asText().equals("operational"));
        StringBuilder page = new StringBuilder();
        page.append("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8">
                <noscript><meta http-equiv="refresh" content="2"></noscript>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Acme Status (pagerstatus demo)</title>
                <style>
                body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f6f7f9;color:#222}
                main{max-width:820px;margin:0 auto;padding:24px}
                h1{font-size:28px;margin:0 0 4px} h2{font-size:18px;margin:28px 0 10px}
                .hint{color:#666;font-size:13px;margin:0 0 18px}
                .banner{border-radius:6px;padding:14px 18px;color:#fff;font-weight:600;font-size:18px}
                .ok{background:#2fcc66} .bad{background:#e67e22}
                .card{background:#fff;border:1px solid #e3e5e8;border-radius:6px;padding:14px 18px;margin:10px 0}
                .row{display:flex;justify-content:space-between;align-items:center;padding:10px 0;border-top:1px solid #eef0f2}
                .row:first-child{border-top:0}
                .operational{color:#2fcc66} .degraded_performance{color:#c9a300} .partial_outage{color:#e67e22}
                .major_outage{color:#e74c3c} .under_maintenance{color:#3498db}
                .incident h3{margin:0 0 6px;font-size:16px;color:#e67e22} .incident.resolved h3{color:#555}
                .update{font-size:14px;margin:6px 0} .when{color:#888;font-size:12px}
                .console{background:#20242a;color:#e8eaed;border-radius:6px;padding:14px 18px;margin-top:32px;font-size:14px}
                .console h2{margin-top:0;color:#fff} .console td{padding:4px 10px 4px 0;vertical-align:top}
                .console button{font-size:12px;padding:3px 8px;margin-right:4px;cursor:pointer}
                .console .muted{color:#9aa0a6} .console .problem{color:#ffb4a9;margin:0}
                </style></head><body><main>
                <h1>Acme Status</h1>
                <p class="hint">The stand-in Statuspage as customers would see it, kept up to date by pagerstatus.
                This page updates itself every 2 seconds, keeping whatever you are typing in the console.</p>
                """);
        page.append("<section data-key=\"public\">");
        page.append("<div class=\"banner ")
                .append(allOperational ? "ok\">All Systems Operational" : "bad\">Some systems are affected")
                .append("</div>\n");
        for (JsonNode incident : open) {
            page.append(incidentCard(incident, false));
        }
        componentList(page, components);
        if (!resolved.isEmpty()) {
            page.append("<h2>Past incidents</h2>\n");
            resolved.forEach(incident -> page.append(incidentCard(incident, true)));
        }
        page.append("</section><section data-key=\"internal\">")
                .append("<h2>Acme Internal Status (the second page)</h2>\n")
                .append("<p class=\"hint\">The staff-only page of the same organisation, kept by the same pagerstatus:")
                .append(" a tag routes to the page its component is on.</p>\n");
        internal.unresolvedIncidents().forEach(incident -> page.append(incidentCard(incident, false)));
        componentList(page, internal.components());
        page.append("</section>").append(console());
        page.append("</main><script>").append(LIVE_SCRIPT).append("</script></body></html>\n");
        return page.toString();
    }

    private static void componentList(StringBuilder page, List<ObjectNode> components) {
        page.append("<div class=\"card\" data-key=\"components\">\n");
        for (JsonNode component : components) {
            String status = component.path("status").asText();
            page.append("<div class=\"row\" data-key=\"")
                    .append(escape(component.path("id").asText()))
                    .append("\"><span>")
                    .append(escape(component.path("name").asText()))
                    .append("</span><span class=\"")
                    .append(escape(status))
                    .append("\">")
                    .append(escape(STATUS_LABELS.getOrDefault(status, status)))
                    .append("</span></div>\n");
        }
        page.append("</div>\n");
    }

    private static String incidentCard(JsonNode incident, boolean resolved) {
        StringBuilder card = new StringBuilder("<div class=\"card incident")
                .append(resolved ? " resolved" : "")
                .append("\" data-key=\"")
                .append(escape(incident.path("id").asText()))
                .append("\">");
        card.append("<h3>").append(escape(incident.path("name").asText())).append("</h3>");
        for (JsonNode update : incident.path("incident_updates")) {
            card.append("<div class=\"update\"><b>")
                    .append(escape(updateLabel(update.path("status").asText())))
                    .append("</b> - ")
                    .append(escape(update.path("body").asText()))
                    .append(" <span class=\"when\">")
                    .append(escape(when(update.path("created_at").asText())))
                    .append("</span></div>");
        }
        return card.append("</div>\n").toString();
    }

    /**
     * The console. Every element a refresh may add, drop or reorder among its siblings carries a {@code data-key},
     * so that the page's script patches it in place and never drops a form a person is filling in.
     */
    private String console() {
        StringBuilder console = new StringBuilder(
                "<div class=\"console\" data-key=\"console\"><h2>Behind the scenes: the stand-in PagerDuty</h2>\n");
        console.append("<p class=\"muted\">Each change here makes the stand-in PagerDuty send a webhook to pagerstatus")
                .append(" (signed for acme), which syncs the page above. Notices open on acknowledgement; a P1 is a"
                        + " major outage; a note that starts with #public is published.</p>\n")
                .append("<p id=\"problem\" class=\"problem\" data-key=\"problem\" role=\"status\"></p>\n")
                .append("<table data-key=\"incidents\">\n");
        Map<String, String> names = componentNames();
        for (String account : pagerDuty.accountNames()) {
            for (JsonNode incident : pagerDuty.incidents(account)) {
                console.append(incidentRow(account, incident, names));
            }
        }
        console.append("</table>\n<form method=\"post\" action=\"/demo/actions\" data-key=\"trigger\">")
                .append(hidden("action", "trigger"))
                .append("Trigger a new incident on <select name=\"component\">")
                .append(componentOptions())
                .append("</select> <button>trigger</button></form>\n");
        console.append("<h2>Behind the scenes: people on the status page</h2>\n<p class=\"muted\">")
                .append("What a communications lead does in Statuspage. pagerstatus steps back from a notice a person")
                .append(" has changed, and leaves a component under maintenance alone.</p>\n");
        pages().forEach(page -> page.unresolvedIncidents().forEach(notice -> console.append(personForm(notice))));
        console.append("<form method=\"post\" action=\"/demo/actions\" data-key=\"start-maintenance\">")
                .append(hidden("action", "maintenance"))
                .append("Start a maintenance on <select name=\"component\">")
                .append(componentOptions())
                .append("</select> <button>start</button></form>\n");
        return console.append(webhooksSent()).append("</div>\n").toString();
    }

    /** An incident in the stand-in PagerDuty, with the buttons a responder has while it is open. */
    private String incidentRow(String account, JsonNode incident, Map<String, String> names) {
        String status = incident.path("status").asText();
        String id = incident.path("id").asText();
        StringBuilder row = new StringBuilder("<tr data-key=\"")
                .append(escape(account + "/" + id))
                .append("\"><td>")
                .append(escape(account))
                .append('#')
                .append(incident.path("incident_number").asInt())
                .append("</td><td class=\"status\">")
                .append(escape(status))
                .append("</td><td>")
                .append(escape(incident.path("title").asText()))
                .append("<br><span class=\"muted\">component: ")
                .append(escape(components(incident, names)))
                .append("</span>");
        for (String note : notesFromPagerstatus(account, incident)) {
            row.append("<br><span class=\"muted\">note from pagerstatus: ")
                    .append(escape(note))
                    .append("</span>");
        }
        row.append("</td><td>");
        if (!status.equals("resolved")) {
            for (String action : status.equals("triggered") ? List.of("acknowledge", "resolve") : List.of("resolve")) {
                row.append("<form method=\"post\" action=\"/demo/actions\" style=\"display:inline\" data-key=\"")
                        .append(action)
                        .append("\">")
                        .append(hidden("action", action))
                        .append(hidden("account", account))
                        .append(hidden("incident", id))
                        .append("<button>")
                        .append(action)
                        .append("</button></form>");
            }
            row.append(incidentForms(account, incident));
        }
        return row.append("</td></tr>\n").toString();
    }

    /** What a communications lead can do with an open notice or a maintenance. */
    private static String personForm(JsonNode notice) {
        String id = notice.path("id").asText();
        boolean maintenance = isMaintenance(notice);
        return "<form method=\"post\" action=\"/demo/actions\" data-key=\"" + escape(id) + "\">"
                + hidden("action", maintenance ? "end-maintenance" : "take-over")
                + hidden(maintenance ? "maintenance" : "notice", id)
                + (maintenance ? "Maintenance \"" : "Notice \"")
                + escape(notice.path("name").asText())
                + (maintenance
                        ? "\" <button>end it</button></form>\n"
                        : "\" <button>post an update as a person</button></form>\n");
    }

    /** The last few webhooks the stand-in PagerDuty sent, newest first, and what pagerstatus answered. */
    private String webhooksSent() {
        List<PagerDutyStandIn.Delivery> sent = pagerDuty.deliveries().reversed();
        if (sent.isEmpty()) {
            return "";
        }
        StringBuilder table = new StringBuilder("<h2 data-key=\"webhooks-title\">Webhooks sent to pagerstatus</h2>")
                .append("<table data-key=\"webhooks\">\n");
        for (PagerDutyStandIn.Delivery delivery : sent.subList(0, Math.min(8, sent.size()))) {
            table.append("<tr><td class=\"muted\">")
                    .append(escape(WHEN.format(delivery.sentAt())))
                    .append("</td><td>")
                    .append(escape(delivery.eventType()))
                    .append("</td><td>POST ")
                    .append(escape(java.net.URI.create(delivery.url()).getPath()))
                    .append("</td><td>answered ")
                    .append(delivery.status() == 0 ? "nothing (unreachable)" : String.valueOf(delivery.status()))
                    .append("</td></tr>\n");
        }
        return table.append("</table>\n").toString();
    }

    /** The priority picker and the note box of an open incident. */
    private static String incidentForms(String account, JsonNode incident) {
        String current = incident.path("priority").path("summary").asText("");
        StringBuilder forms = new StringBuilder(
                        "<br><form method=\"post\" action=\"/demo/actions\" style=\"display:inline\" data-key=\"priority\">")
                .append(hidden("action", "priority"))
                .append(hidden("account", account))
                .append(hidden("incident", incident.path("id").asText()))
                .append("<select name=\"priority\" aria-label=\"priority\"><option value=\"\">no priority</option>");
        for (String priority : PagerDutyStandIn.PRIORITIES) {
            forms.append("<option")
                    .append(priority.equals(current) ? " selected" : "")
                    .append(">")
                    .append(priority)
                    .append("</option>");
        }
        forms.append("</select><button>set priority</button></form>")
                .append("<form method=\"post\" action=\"/demo/actions\" style=\"display:inline\" data-key=\"note\">")
                .append(hidden("action", "note"))
                .append(hidden("account", account))
                .append(hidden("incident", incident.path("id").asText()))
                .append("<input name=\"content\" size=\"34\" aria-label=\"note\"")
                .append(" placeholder=\"#public words for customers\">")
                .append("<button>add note</button></form>");
        return forms.toString();
    }

    private static String resource(String name) {
        try (var in = DemoPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the demo page's " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Statuspage's name for a status, such as "In progress"; an unknown one as it came. */
    static String updateLabel(String status) {
        return UPDATE_LABELS.getOrDefault(status, status);
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + escape(value) + "\">";
    }

    private String componentOptions() {
        StringBuilder options = new StringBuilder();
        for (StatuspageStandIn page : pages()) {
            for (JsonNode component : page.components()) {
                options.append("<option value=\"")
                        .append(escape(component.path("id").asText()))
                        .append("\">")
                        .append(page == internal ? "Internal: " : "")
                        .append(escape(component.path("name").asText()))
                        .append("</option>");
            }
        }
        return options.toString();
    }

    /** Every page's components, id to name. */
    private Map<String, String> componentNames() {
        Map<String, String> names = new java.util.LinkedHashMap<>();
        pages().forEach(page -> page.components()
                .forEach(component -> names.putIfAbsent(
                        component.path("id").asText(), component.path("name").asText())));
        return names;
    }

    /** The components an incident's tags name, with their names on the page where they have one. */
    private static String components(JsonNode incident, Map<String, String> names) {
        Set<String> ids = ComponentTags.scan(
                        incident.path("first_trigger_log_entry").path("channel"))
                .componentIds();
        if (ids.isEmpty()) {
            return "none";
        }
        return ids.stream()
                .sorted()
                .map(id -> names.containsKey(id) ? names.get(id) + " (" + id + ")" : id)
                .collect(Collectors.joining(", "));
    }

    private static String when(String timestamp) {
        try {
            return WHEN.format(Instant.parse(timestamp));
        } catch (DateTimeParseException e) {
            return timestamp;
        }
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
