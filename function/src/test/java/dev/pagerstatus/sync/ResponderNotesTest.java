package dev.pagerstatus.sync;

import static dev.pagerstatus.testing.FakeWorld.ACME_NOTE_FROM;
import static dev.pagerstatus.testing.FakeWorld.ACME_NOTE_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.pagerduty.PagerDutyNote;
import dev.pagerstatus.testing.FakeWorld;
import dev.pagerstatus.testing.Fixtures;
import dev.pagerstatus.testing.Traffic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Write-back: the responder in PagerDuty learns what customers see. Each note is posted once, with a key
 * allowed to write notes and the From user PagerDuty requires; a failed one is retried on later passes and
 * never holds back the page.
 */
class ResponderNotesTest {
    private final FakeWorld world = new FakeWorld();
    private final Map<String, String> env = world.environmentWithNotes();

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void whenANoticeOpensEachIncidentBehindItGetsOneNoteWithTheLinkTheComponentAndItsStatus() {
        ObjectNode incident = world.incident("acme", "datadog.json", "acknowledged");
        SyncService sync = world.syncService(env);

        SyncReport report = sync.pass(Set.of());
        sync.pass(Set.of());
        world.syncService(env).pass(Set.of());

        ObjectNode notice = world.statuspage.unresolvedIncidents().getFirst();
        List<ObjectNode> notes =
                world.pagerDuty.notes("acme", incident.path("id").asText());
        assertThat(notes)
                .singleElement()
                .satisfies(note -> assertThat(note.path("content").asText())
                        .startsWith("Customers see this on the status page: "
                                + notice.path("shortlink").asText() + " (API: partial outage).")
                        .endsWith("[pagerstatus opened " + notice.path("id").asText() + "]")
                        .doesNotStartWith(PagerDutyNote.PUBLIC_MARKER));
        assertThat(report.notes())
                .extracting(NoteOutcome::kind, NoteOutcome::result)
                .containsExactly(org.assertj.core.api.Assertions.tuple("opened", NoteOutcome.Result.POSTED));
        assertThat(notice.path("metadata").path("pagerstatus").path("noted").asText())
                .isEqualTo("acme/" + incident.path("id").asText());
        assertThat(world.traffic.pagerDuty())
                .filteredOn(request -> request.method().equals("POST"))
                .singleElement()
                .satisfies(request -> {
                    assertThat(request.headers()).containsEntry("authorization", "Token token=" + ACME_NOTE_KEY);
                    assertThat(request.headers()).containsEntry("from", ACME_NOTE_FROM);
                });
    }

    @Test
    void whenTheNoticeResolvesEachIncidentGetsOneMoreNote() {
        ObjectNode incident = world.incident("acme", "datadog.json", "acknowledged");
        SyncService sync = world.syncService(env);
        sync.pass(Set.of());
        String notice =
                world.statuspage.unresolvedIncidents().getFirst().path("id").asText();
        world.pagerDuty.setStatus("acme", incident.path("id").asText(), "resolved");

        sync.pass(Set.of());
        sync.pass(Set.of());
        world.syncService(env).pass(Set.of());

        assertThat(world.pagerDuty.notes("acme", incident.path("id").asText()))
                .extracting(note -> note.path("content").asText())
                .hasSize(2)
                .last()
                .satisfies(content -> assertThat(content)
                        .contains("for API is resolved")
                        .endsWith("[pagerstatus resolved " + notice + "]"));
    }

    @Test
    void aFailedNoteNeverHoldsBackTheNoticeAndIsPostedOnALaterPass() {
        ObjectNode incident = world.incident("acme", "datadog.json", "acknowledged");
        world.traffic.failNextPagerDuty(
                "POST", "/notes", 500, "{\"error\":{\"message\":\"Internal Server Error\",\"code\":2000}}");
        SyncService sync = world.syncService(env);

        SyncReport first = sync.pass(Set.of());
        SyncReport second = sync.pass(Set.of());

        assertThat(first.succeeded()).isTrue();
        assertThat(world.statuspage.unresolvedIncidents()).hasSize(1);
        assertThat(first.notes()).extracting(NoteOutcome::result).containsExactly(NoteOutcome.Result.FAILED);
        assertThat(second.notes()).extracting(NoteOutcome::result).containsExactly(NoteOutcome.Result.POSTED);
        assertThat(world.pagerDuty.notes("acme", incident.path("id").asText())).hasSize(1);
    }

    @Test
    void aNoteWhoseRecordWasLostIsFoundByItsMarkerInAColdProcessAndNotPostedAgain() {
        ObjectNode incident = world.incident("acme", "datadog.json", "acknowledged");
        SyncService warm = world.syncService(env);
        warm.pass(Set.of());
        // The open note went out, but the record of it did not reach the notice: the notice's metadata is as
        // the opening left it.
        ObjectNode notice = world.statuspage.unresolvedIncidents().getFirst();
        ((ObjectNode) notice.path("metadata").path("pagerstatus")).remove("noted");
        world.statuspage.addIncident(notice);

        SyncReport cold = world.syncService(env).pass(Set.of());

        assertThat(cold.notes()).extracting(NoteOutcome::result).containsExactly(NoteOutcome.Result.ALREADY_THERE);
        assertThat(world.pagerDuty.notes("acme", incident.path("id").asText())).hasSize(1);
        assertThat(world.statuspage
                        .unresolvedIncidents()
                        .getFirst()
                        .path("metadata")
                        .path("pagerstatus")
                        .path("noted")
                        .asText())
                .isEqualTo("acme/" + incident.path("id").asText());
    }

    @Test
    void theFixtureNotesWithPagerstatusOwnNoteShowTheMarkerThePosterLooksFor() {
        String content = Fixtures.json("pagerduty/notes-with-pagerstatus-note.json")
                .path("notes")
                .get(0)
                .path("content")
                .asText();

        assertThat(content).endsWith(ResponderNotes.marker(ResponderNotes.Kind.OPENED, "p31zjtct2jer"));
        assertThat(new PagerDutyNote("PXNOTE1", content, null).isPublic()).isFalse();
    }

    @Test
    void fortyFiveIncidentsBehindOneNoticeEachGetTheirNotesAndQuietPassesThenWriteNothing() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            ids.add(world.incident("acme", "datadog.json", "acknowledged")
                    .path("id")
                    .asText());
        }
        // 20 notes a pass; a note whose post fails on the way is owed to a later pass.
        for (int pass = 0; pass < 8; pass++) {
            world.syncService(env).sync();
        }
        long writes = world.writesToStatuspage();

        SyncReport quiet = world.syncService(env).sync();

        assertThat(quiet.writes()).isEmpty();
        assertThat(world.writesToStatuspage()).isEqualTo(writes);
        assertThat(ids)
                .allSatisfy(id ->
                        assertThat(notesMarked(id, "[pagerstatus opened ")).isEqualTo(1));

        ids.forEach(id -> world.pagerDuty.setStatus("acme", id, "resolved"));
        for (int pass = 0; pass < 8; pass++) {
            world.syncService(env).sync();
        }

        assertThat(world.statuspage.unresolvedIncidents()).isEmpty();
        assertThat(ids)
                .allSatisfy(id ->
                        assertThat(notesMarked(id, "[pagerstatus resolved ")).isEqualTo(1));
    }

    @Test
    void twentyFiveTagProblemsEachGetTheirNoteFromColdPasses() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            ids.add(world.incidentTagged("acme", "triggered", "component:zzzz9999zzzz")
                    .path("id")
                    .asText());
        }

        for (int pass = 0; pass < 6; pass++) {
            world.syncService(env).sync();
        }

        assertThat(ids)
                .allSatisfy(
                        id -> assertThat(notesMarked(id, "[pagerstatus tag ")).isEqualTo(1));
    }

    private long notesMarked(String incidentId, String marker) {
        return world.pagerDuty.notes("acme", incidentId).stream()
                .filter(note -> note.path("content").asText().contains(marker))
                .count();
    }

    @Test
    void aTagThatPutsNothingOnAPageGetsOneNoteSayingHowToFixIt() {
        ObjectNode incident = world.incidentTagged("acme", "triggered", "component:zzzz9999zzzz");
        SyncService sync = world.syncService(env);

        sync.pass(Set.of());
        world.traffic.clear();
        sync.pass(Set.of());
        assertThat(world.traffic.pagerDuty())
                .filteredOn(request -> request.path().endsWith("/notes"))
                .isEmpty();
        world.syncService(env).pass(Set.of());

        assertThat(world.pagerDuty.notes("acme", incident.path("id").asText()))
                .singleElement()
                .satisfies(note -> assertThat(note.path("content").asText())
                        .startsWith("Customers see nothing of this incident on the status page.")
                        .contains("names component zzzz9999zzzz, which is not on the status page")
                        .contains("tag the monitor component:<component id>"));
    }

    @Test
    void aFromHeaderRefusalIsReportedAndTheNoticeStillOpens() {
        world.incident("acme", "datadog.json", "acknowledged");
        env.put("PD_NOTE_FROM_ACME", "someone-else@acme.example");

        SyncReport report = world.syncService(env).pass(Set.of());

        assertThat(report.succeeded()).isTrue();
        assertThat(world.statuspage.unresolvedIncidents()).hasSize(1);
        assertThat(report.notes()).singleElement().satisfies(note -> {
            assertThat(note.result()).isEqualTo(NoteOutcome.Result.FAILED);
            assertThat(note.error()).contains("400").contains("Requester User Not Found");
        });
        assertThat(Fixtures.json("pagerduty/errors/from-user-not-found.json")
                        .path("error")
                        .path("message")
                        .asText())
                .isEqualTo("Requester User Not Found");
    }

    @Test
    void withoutANoteKeyNothingIsWrittenToPagerDuty() {
        world.incident("acme", "datadog.json", "acknowledged");

        world.syncService().pass(Set.of());

        assertThat(world.traffic.pagerDuty())
                .extracting(Traffic.RecordedRequest::method)
                .containsOnly("GET");
    }
}
