package dev.pagerstatus.sync;

import static dev.pagerstatus.testing.FakeWorld.API;
import static dev.pagerstatus.testing.FakeWorld.DATABASE;
import static dev.pagerstatus.testing.FakeWorld.PAYMENTS;
import static dev.pagerstatus.testing.FakeWorld.SEARCH;
import static dev.pagerstatus.testing.FakeWorld.WEBSITE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.testing.FakeWorld;
import dev.pagerstatus.testing.Fixtures;
import dev.pagerstatus.testing.Traffic;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code sync} against stateful stand-ins of both APIs, over real HTTP on loopback. */
class SyncEndToEndTest {
    private final FakeWorld world = new FakeWorld();

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void convergesOnWhatPagerDutySaysAndASecondPassWritesNothing() {
        world.incident("acme", "datadog.json", "acknowledged");
        world.incident("globex", "pingdom.json", "triggered");
        // Acknowledged seven weeks ago: outside the listing's default one-month window.
        world.incident("acme", "email.json", "acknowledged", Instant.now().minus(Duration.ofDays(49)));
        SyncService sync = world.syncService();

        SyncReport first = sync.sync();

        assertThat(first.succeeded()).isTrue();
        assertThat(world.openNoticeComponents()).containsExactly(PAYMENTS, API);
        assertThat(world.statuspage.componentStatus(API)).isEqualTo("partial_outage");
        assertThat(world.statuspage.componentStatus(WEBSITE)).isEqualTo("operational");
        JsonNode notice = world.statuspage.unresolvedIncidents().stream()
                .filter(incident -> incident.path("name").asText().endsWith("API"))
                .findFirst()
                .orElseThrow();
        assertThat(notice.path("name").asText()).isEqualTo("Investigating errors in API");
        assertThat(notice.toString()).doesNotContain("api-7.prod.internal").doesNotContain("p99 latency");
        assertThat(notice.path("metadata").path("pagerstatus").path("component").asText())
                .isEqualTo(API);
        assertThat(notice.path("status").asText()).isEqualTo("investigating");
        assertThat(notice.path("incident_updates")
                        .get(0)
                        .path("deliver_notifications")
                        .asBoolean())
                .as("subscribers are notified of a new notice")
                .isTrue();
        assertThat(notice.path("incident_updates")
                        .get(0)
                        .path("affected_components")
                        .get(0)
                        .path("new_status")
                        .asText())
                .isEqualTo("partial_outage");

        world.traffic.clear();
        SyncReport second = sync.sync();

        assertThat(second.succeeded()).isTrue();
        assertThat(second.writes()).isEmpty();
        assertThat(world.writesToStatuspage()).isZero();
    }

    @Test
    void resolvesOnlyWhenNoAccountStillHasAnIncidentOnTheComponent() {
        ObjectNode acme = world.incident("acme", "datadog.json", "acknowledged");
        ObjectNode globex = world.incident("globex", "datadog.json", "acknowledged");
        SyncService sync = world.syncService();
        sync.sync();
        assertThat(world.openNoticeComponents()).containsExactly(API);

        world.pagerDuty.setStatus("acme", acme.path("id").asText(), "resolved");
        sync.sync();
        assertThat(world.openNoticeComponents()).containsExactly(API);

        world.pagerDuty.setStatus("globex", globex.path("id").asText(), "resolved");
        SyncReport resolving = sync.sync();

        assertThat(resolving.writes()).extracting(WriteOutcome::action).containsExactly(Action.RESOLVE);
        assertThat(world.openNoticeComponents()).isEmpty();
        assertThat(world.statuspage.componentStatus(API)).isEqualTo("operational");
        assertThat(world.statuspage
                        .incidents()
                        .getFirst()
                        .path("incident_updates")
                        .get(0)
                        .path("body")
                        .asText())
                .isEqualTo("API is operating normally again. This incident has been resolved.");
    }

    @Test
    void aTimedOutAcknowledgementDoesNotMakeTheNoticeFlap() {
        ObjectNode incident = world.incident("acme", "datadog.json", "acknowledged");
        SyncService sync = world.syncService();
        sync.sync();

        world.pagerDuty.setStatus("acme", incident.path("id").asText(), "triggered");
        world.traffic.clear();
        SyncReport afterTimeout = sync.sync();

        assertThat(afterTimeout.count(Action.KEEP)).isEqualTo(1);
        assertThat(world.writesToStatuspage()).isZero();
        assertThat(world.openNoticeComponents()).containsExactly(API);
    }

    @Test
    void aFailedReadOfAnyAccountWritesNothingAtAll() {
        world.incident("acme", "datadog.json", "acknowledged");
        SyncService sync = world.syncService();
        sync.sync();
        // Now acme's incident is gone from a listing that fails: that must not read as "no incidents".
        world.traffic.clear();
        for (int i = 0; i < 10; i++) {
            world.traffic.failNextPagerDuty(503);
        }
        world.incident("globex", "pingdom.json", "acknowledged");

        SyncReport report = sync.sync();

        assertThat(report.succeeded()).isFalse();
        assertThat(report.readFailures()).isNotEmpty();
        assertThat(report.readFailures().getFirst().message()).contains("503");
        assertThat(report.changes()).isEmpty();
        assertThat(world.writesToStatuspage()).isZero();
        assertThat(world.openNoticeComponents()).containsExactly(API);
    }

    @Test
    void aFailedStatuspageReadWritesNothing() {
        world.incident("acme", "datadog.json", "acknowledged");
        world.traffic.failNextStatuspage(
                "GET", "/incidents/unresolved", 401, "{\"error\":\"Could not authenticate\"}", Map.of());

        SyncReport report = world.syncService().sync();

        assertThat(report.succeeded()).isFalse();
        assertThat(report.readFailures()).singleElement().satisfies(failure -> {
            assertThat(failure.source()).isEqualTo("Statuspage unresolved incidents");
            assertThat(failure.message()).contains("401 Could not authenticate", "the API key was refused");
        });
        assertThat(world.writesToStatuspage()).isZero();
    }

    @Test
    void aPriorityRaisedInPagerDutyEscalatesTheNoticeInOneUpdate() {
        String policy = "severity:\n  rules:\n    - priority: P1\n      status: major_outage\n";
        ObjectNode incident = world.incident("acme", "datadog.json", "acknowledged");
        SyncService sync = world.syncService(policy);
        sync.pass(Set.of());
        assertThat(world.statuspage.componentStatus(API)).isEqualTo("partial_outage");

        world.pagerDuty.setPriority("acme", incident.path("id").asText(), "P1");
        world.traffic.clear();
        SyncReport escalating = sync.pass(Set.of());

        assertThat(escalating.writes()).extracting(WriteOutcome::action).containsExactly(Action.ESCALATE);
        assertThat(world.writesToStatuspage())
                .as("status and words in one request")
                .isEqualTo(1);
        assertThat(world.statuspage.componentStatus(API)).isEqualTo("major_outage");
        JsonNode update = world.statuspage
                .unresolvedIncidents()
                .getFirst()
                .path("incident_updates")
                .get(0);
        assertThat(update.path("body").asText())
                .isEqualTo("API is now experiencing a major outage. We are continuing to investigate.");
        assertThat(update.path("deliver_notifications").asBoolean()).isTrue();
        assertThat(sync.pass(Set.of()).writes())
                .as("a second pass writes nothing")
                .isEmpty();
    }

    @Test
    void aResponderPublicNoteIsPublishedOnceByThePassItsWebhookAskedFor() {
        ObjectNode incident = world.incident("acme", "datadog.json", "acknowledged");
        String id = incident.path("id").asText();
        SyncService sync = world.syncService();
        sync.pass(Set.of());
        world.pagerDuty.addNote("acme", id, "Rolled back api to v2.31.4 on api-7.prod.internal", "jordan@acme.example");
        world.pagerDuty.addNote(
                "acme", id, "#public We have rolled back the change and are watching recovery.", "jordan@acme.example");

        SyncReport posting = sync.pass(Set.of("acme/" + id));
        SyncReport again = sync.pass(Set.of("acme/" + id));

        assertThat(posting.writes()).extracting(WriteOutcome::action).containsExactly(Action.POST_NOTE);
        JsonNode notice = world.statuspage.unresolvedIncidents().getFirst();
        assertThat(notice.path("incident_updates").get(0).path("body").asText())
                .isEqualTo("We have rolled back the change and are watching recovery.");
        assertThat(notice.toString()).doesNotContain("api-7.prod.internal");
        assertThat(again.writes()).isEmpty();
    }

    @Test
    void anEmptyComponentListWhileNoticesAreOpenIsAFailedReadAndWritesNothing() {
        ObjectNode incident = world.incident("acme", "datadog.json", "acknowledged");
        SyncService sync = world.syncService();
        sync.sync();
        world.pagerDuty.setStatus("acme", incident.path("id").asText(), "resolved");
        // An incident on a component no notice shows, so that the pass reads the components.
        world.incidentTagged("acme", "acknowledged", "component:" + FakeWorld.WEBSITE);
        world.traffic.failNextStatuspage("GET", "/components", 200, "[]", Map.of());
        world.traffic.clear();

        SyncReport report = sync.sync();

        assertThat(report.succeeded()).isFalse();
        assertThat(report.readFailures()).singleElement().satisfies(failure -> {
            assertThat(failure.source()).isEqualTo("Statuspage components");
            assertThat(failure.message()).contains("listed no components while 1 pagerstatus notice is open");
        });
        assertThat(world.writesToStatuspage()).isZero();
        assertThat(world.statuspage.componentStatus(API)).isEqualTo("partial_outage");

        SyncReport next = sync.sync();

        assertThat(next.succeeded()).isTrue();
        assertThat(world.openNoticeComponents()).containsExactly(FakeWorld.WEBSITE);
        assertThat(world.statuspage.componentStatus(API))
                .as("restored by the next good read")
                .isEqualTo("operational");
    }

    @Test
    void adoptsAndResolvesAnIncidentThePythonToolOpened() {
        ObjectNode legacy = (ObjectNode)
                Fixtures.json("statuspage/incidents-unresolved.json").get(1);
        world.statuspage.addIncident(legacy);

        SyncReport report = world.syncService().sync();

        assertThat(report.writes())
                .extracting(WriteOutcome::action, WriteOutcome::statuspageIncident)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Action.RESOLVE, "x0v9b8n7m6l5"));
        assertThat(world.openNoticeComponents()).isEmpty();
        assertThat(world.statuspage.componentStatus(WEBSITE)).isEqualTo("operational");
    }

    @Test
    void closesANewerDuplicateQuietlyAndKeepsTheOlderNotice() {
        world.incident("acme", "datadog.json", "acknowledged");
        world.statuspage.addIncident(managedNotice("older0000001", API, "2026-03-18T09:00:00Z"));
        world.statuspage.addIncident(managedNotice("newer0000002", API, "2026-03-18T10:00:00Z"));

        SyncReport report = world.syncService().sync();

        assertThat(report.findings()).extracting(Finding::kind).contains(Finding.Kind.DUPLICATE_INCIDENT);
        assertThat(world.statuspage.unresolvedIncidents())
                .extracting(incident -> incident.path("id").asText())
                .containsExactly("older0000001");
        String closing = world.traffic.statuspage().stream()
                .filter(request ->
                        request.method().equals("PATCH") && request.path().endsWith("newer0000002"))
                .findFirst()
                .orElseThrow()
                .body();
        assertThat(closing).contains("\"deliver_notifications\":false").doesNotContain("components");
    }

    @Test
    void reportsATagForAComponentNotOnThePageAndStillOpensTheOthers() {
        world.incident("acme", "datadog.json", "acknowledged");
        world.incident("acme", "alertmanager.json", "acknowledged");
        world.pagerDuty.addIncident(
                "globex",
                new dev.pagerstatus.standin.PagerDutyStandIn.IncidentSeed(
                        "Checkout broken",
                        "acknowledged",
                        Instant.now(),
                        Json.MAPPER
                                .createObjectNode()
                                .put("type", "api")
                                .set("details", Json.MAPPER.createObjectNode().put("component", "n0tonthepage")),
                        null));

        SyncReport report = world.syncService().sync();

        assertThat(report.succeeded()).isTrue();
        assertThat(world.openNoticeComponents()).containsExactlyInAnyOrder(API, DATABASE);
        assertThat(report.findings())
                .filteredOn(finding -> finding.kind() == Finding.Kind.UNKNOWN_COMPONENT)
                .singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("globex#", "n0tonthepage"));
    }

    @Test
    void aFailedWriteIsReportedAndTheOtherWritesStillHappen() {
        world.incident("acme", "datadog.json", "acknowledged");
        world.incident("acme", "pingdom.json", "acknowledged");
        world.traffic.failNextStatuspage("POST", "/incidents", 422, "{\"error\":[\"Name can't be blank\"]}", Map.of());

        SyncReport report = world.syncService().sync();

        assertThat(report.succeeded()).isFalse();
        assertThat(report.writes()).extracting(WriteOutcome::ok).containsExactlyInAnyOrder(true, false);
        assertThat(report.writes())
                .filteredOn(write -> !write.ok())
                .singleElement()
                .satisfies(write -> assertThat(write.error()).contains("422 Name can't be blank"));
        assertThat(world.openNoticeComponents()).hasSize(1);
    }

    @Test
    void aQuietPassReadsOnePagePerSourceAndWritesNothing() {
        world.incident("acme", "datadog.json", "acknowledged");
        SyncService sync = world.syncService();
        sync.pass(Set.of());

        SyncReport quiet = sync.pass(Set.of());

        // Each account's incidents and the page's unresolved incidents, whose notice shows all a quiet pass needs.
        assertThat(quiet.apiCalls())
                .containsExactlyInAnyOrderEntriesOf(Map.of("PagerDuty reads", 2L, "Statuspage reads", 1L));
    }

    @Test
    void theCommandLinesSyncFindsAPublicNoteNoWebhookNamedInTheAccountsLog() {
        ObjectNode incident = world.incident("acme", "datadog.json", "acknowledged");
        SyncService sync = world.syncService();
        sync.sync();
        world.pagerDuty.addNote(
                "acme", incident.path("id").asText(), "Rolled back api on api-7.prod.internal", "jordan@acme.example");
        world.traffic.clear();

        SyncReport quiet = sync.sync();
        world.pagerDuty.addNote(
                "acme", incident.path("id").asText(), "#public We have rolled back the change.", "jordan@acme.example");
        SyncReport posting = sync.sync();

        assertThat(quiet.writes()).isEmpty();
        assertThat(posting.writes()).extracting(WriteOutcome::action).containsExactly(Action.POST_NOTE);
        assertThat(world.traffic.pagerDuty())
                .extracting(Traffic.RecordedRequest::path)
                .containsOnlyOnce("/incidents/" + incident.path("id").asText() + "/notes")
                .contains("/log_entries");
    }

    @Test
    void readsEveryAccountAndThePageAtOnce() {
        // Each request is held until all four reads of the pass have arrived. Reads made one after another
        // would never get there: the first would wait for the barrier and time out.
        CountDownLatch allArrived = new CountDownLatch(4);
        com.sun.net.httpserver.Filter barrier = com.sun.net.httpserver.Filter.beforeHandler("barrier", exchange -> {
            allArrived.countDown();
            try {
                allArrived.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (FakeWorld barred = new FakeWorld(List.of(barrier))) {
            SyncReport report = barred.syncService().plan();

            assertThat(report.succeeded()).isTrue();
            assertThat(allArrived.getCount()).isZero();
        }
    }

    @Test
    void readsAnAccountsPagesAfterTheFirstAtOnce() {
        // 250 open incidents: pages at offsets 0, 90 and 180. The two after the first are held until both have
        // arrived; read one after another, the first of them would wait for the other and time out.
        CountDownLatch bothArrived = new CountDownLatch(2);
        java.util.concurrent.atomic.AtomicBoolean waitedInVain = new java.util.concurrent.atomic.AtomicBoolean();
        com.sun.net.httpserver.Filter barrier = com.sun.net.httpserver.Filter.beforeHandler("barrier", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            if (exchange.getRequestURI().getPath().endsWith("/incidents")
                    && query != null
                    && !query.contains("offset=0")) {
                bothArrived.countDown();
                try {
                    if (!bothArrived.await(3, TimeUnit.SECONDS)) {
                        waitedInVain.set(true);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try (FakeWorld barred = new FakeWorld(List.of(barrier))) {
            for (int i = 0; i < 250; i++) {
                barred.incident("acme", "datadog.json", "acknowledged");
            }

            SyncReport report = barred.syncService().plan();

            assertThat(waitedInVain).isFalse();
            assertThat(report.succeeded()).isTrue();
            assertThat(report.changes().getFirst().pagerDutyIncidents()).hasSize(250);
        }
    }

    /** A filter that holds each request {@code matching} until {@code count} of them are in, and notes any it timed out on. */
    private record Barrier(
            com.sun.net.httpserver.Filter filter, java.util.concurrent.atomic.AtomicBoolean waitedInVain) {
        static Barrier of(int count, java.util.function.Predicate<com.sun.net.httpserver.HttpExchange> matching) {
            CountDownLatch arrived = new CountDownLatch(count);
            java.util.concurrent.atomic.AtomicBoolean inVain = new java.util.concurrent.atomic.AtomicBoolean();
            com.sun.net.httpserver.Filter filter = com.sun.net.httpserver.Filter.beforeHandler("barrier", exchange -> {
                if (matching.test(exchange)) {
                    arrived.countDown();
                    try {
                        if (!arrived.await(3, TimeUnit.SECONDS)) {
                            inVain.set(true);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            return new Barrier(filter, inVain);
        }
    }

    @Test
    void fiveOpeningsGoOutTogether() {
        // Each create is held until all five have arrived: sent one after another, the first would time out.
        Barrier barrier = Barrier.of(
                5,
                exchange -> exchange.getRequestMethod().equals("POST")
                        && exchange.getRequestURI().getPath().endsWith("/incidents"));
        try (FakeWorld barred = new FakeWorld(List.of(barrier.filter()))) {
            for (String fixture : List.of("datadog.json", "pingdom.json", "email.json", "alertmanager.json")) {
                barred.incident("acme", fixture, "acknowledged");
            }
            barred.incident("acme", "events-v2-custom.json", "acknowledged");

            SyncReport report = barred.syncService().pass(Set.of());

            assertThat(barrier.waitedInVain()).isFalse();
            assertThat(report.writes()).hasSize(5).allMatch(WriteOutcome::ok);
            assertThat(barred.statuspage.unresolvedIncidents()).hasSize(5);
        }
    }

    @Test
    void aNoticesOwnWritesStillGoOneAfterAnother() {
        ObjectNode incident = world.incident("acme", "datadog.json", "acknowledged");
        SyncService sync = world.syncService("severity:\n  rules:\n    - priority: P1\n      status: major_outage\n");
        sync.pass(Set.of());
        world.pagerDuty.setPriority("acme", incident.path("id").asText(), "P1");
        world.pagerDuty.addNote(
                "acme", incident.path("id").asText(), "#public We are rolling back.", "jordan@acme.example");
        world.pagerDuty.addNote(
                "acme", incident.path("id").asText(), "#public The rollback is done.", "jordan@acme.example");

        SyncReport report = sync.pass(Set.of("acme/" + incident.path("id").asText()));

        assertThat(report.writes())
                .extracting(WriteOutcome::action)
                .containsExactly(Action.ESCALATE, Action.POST_NOTE, Action.POST_NOTE);
        // Newest first: both notes and the escalation, each write building on the record the one before left.
        assertThat(world.statuspage.unresolvedIncidents().getFirst().path("incident_updates"))
                .extracting(update -> update.path("body").asText())
                .startsWith("The rollback is done.", "We are rolling back.");
        assertThat(world.statuspage
                        .unresolvedIncidents()
                        .getFirst()
                        .path("metadata")
                        .path("pagerstatus")
                        .path("notes")
                        .asText()
                        .split(","))
                .hasSize(2);
    }

    @Test
    void theCommandLinesOpeningsDoNotWaitForTheNotesOfOtherNotices() {
        // The notes of the incident behind an open notice are held until a notice for another component has been
        // created: if openings waited for those notes, neither would arrive.
        CountDownLatch created = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean waitedInVain = new java.util.concurrent.atomic.AtomicBoolean();
        com.sun.net.httpserver.Filter holdNotes =
                com.sun.net.httpserver.Filter.beforeHandler("hold notes", exchange -> {
                    String path = exchange.getRequestURI().getPath();
                    if (exchange.getRequestMethod().equals("POST") && path.endsWith("/incidents")) {
                        created.countDown();
                    } else if (path.endsWith("/notes")) {
                        try {
                            if (!created.await(3, TimeUnit.SECONDS)) {
                                waitedInVain.set(true);
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
        try (FakeWorld barred = new FakeWorld(List.of(holdNotes))) {
            barred.incident("acme", "datadog.json", "acknowledged");
            barred.syncService().pass(Set.of());
            barred.incident("acme", "pingdom.json", "acknowledged");

            SyncReport report = barred.syncService().sync();

            assertThat(waitedInVain).isFalse();
            assertThat(report.succeeded()).isTrue();
            assertThat(report.count(Action.OPEN)).isEqualTo(1);
        }
    }

    @Test
    void whenTheNotesBehindANoticeCannotBeReadOnlyThatNoticeWaits() {
        ObjectNode api = world.incident("acme", "datadog.json", "acknowledged");
        world.syncService().pass(Set.of());
        world.pagerDuty.setStatus("acme", api.path("id").asText(), "resolved");
        world.incident("globex", "pingdom.json", "acknowledged");
        ObjectNode database = world.incident("acme", "alertmanager.json", "acknowledged");
        world.syncService().pass(Set.of());
        for (int attempt = 0; attempt < FakeWorld.QUICK.maxAttempts(); attempt++) {
            world.traffic.failNextPagerDuty(
                    "GET",
                    "/incidents/" + database.path("id").asText() + "/notes",
                    500,
                    "{\"error\":{\"message\":\"Internal Server Error\",\"code\":2000}}");
        }
        world.incident("globex", "events-v2-custom.json", "acknowledged");
        world.pagerDuty.setPriority("acme", database.path("id").asText(), "P1");

        SyncReport report = world.syncService("severity:\n  rules:\n    - priority: P1\n      status: major_outage\n")
                .sync();

        assertThat(report.succeeded()).isFalse();
        assertThat(report.readFailures())
                .extracting(ReadFailure::source)
                .containsExactly(
                        "PagerDuty notes of acme/" + database.path("id").asText());
        // The new Search notice needed no notes and went out; the Database notice, whose notes could not be read,
        // was not escalated.
        assertThat(report.writes()).extracting(WriteOutcome::action).containsExactly(Action.OPEN);
        assertThat(world.openNoticeComponents()).contains(SEARCH, DATABASE);
        assertThat(world.statuspage.componentStatus(DATABASE)).isEqualTo("partial_outage");
    }

    private static ObjectNode managedNotice(String id, String component, String createdAt) {
        ObjectNode incident = Fixtures.object("statuspage/incident-created.json");
        incident.put("id", id);
        incident.put("created_at", createdAt);
        ((ObjectNode) incident.path("metadata").path("pagerstatus")).put("component", component);
        ArrayNode updates = (ArrayNode) incident.path("incident_updates");
        ((ObjectNode) updates.get(0)).put("created_at", createdAt).put("incident_id", id);
        return incident;
    }
}
