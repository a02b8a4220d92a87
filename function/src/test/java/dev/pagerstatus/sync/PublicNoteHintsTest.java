package dev.pagerstatus.sync;

import static dev.pagerstatus.testing.FakeWorld.API;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.testing.FakeWorld;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hints that a responder wrote a public note: read when they can be, and never what stops a pass. */
class PublicNoteHintsTest {
    private final FakeWorld world = new FakeWorld();

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void aHintWhoseNotesCannotBeReadIsDroppedAndThePassStillWritesAndSucceeds() {
        world.incident("acme", "datadog.json", "acknowledged");
        SyncService sync = world.syncService();

        SyncReport report = sync.pass(Set.of("acme/PNOSUCH404"));
        SyncReport next = sync.pass(Set.of());

        assertThat(report.succeeded()).isTrue();
        assertThat(report.readFailures()).isEmpty();
        assertThat(report.writes()).extracting(WriteOutcome::action).containsExactly(Action.OPEN);
        assertThat(world.openNoticeComponents()).containsExactly(API);
        assertThat(next.succeeded()).isTrue();
    }

    @Test
    void aHintThatIsNotAPagerDutyIncidentOfAConfiguredAccountIsNeverRead() {
        world.incident("acme", "datadog.json", "acknowledged");
        SyncService sync = world.syncService();
        world.traffic.clear();

        SyncReport report = sync.pass(Set.of("acme/Q1 \"x", "initech/Q1F7K0ZP3XW9LM", "acme/" + "Q".repeat(200_000)));

        assertThat(report.succeeded()).isTrue();
        assertThat(world.traffic.pagerDuty())
                .noneMatch(request -> request.path().contains("/notes"));
    }

    @Test
    void aPublicNoteReadInThePassThatOpensItsNoticeIsReadAgainAndPostedByTheNext() {
        ObjectNode incident = world.incident("acme", "datadog.json", "acknowledged");
        String ref = "acme/" + incident.path("id").asText();
        world.pagerDuty.addNote(
                "acme", incident.path("id").asText(), "#public We are rolling back.", "jordan@acme.example");
        SyncService sync = world.syncService();

        SyncReport opening = sync.pass(Set.of(ref));
        SyncReport next = sync.pass(opening.notesToReadAgain());

        assertThat(opening.writes()).extracting(WriteOutcome::action).containsExactly(Action.OPEN);
        assertThat(opening.notesToReadAgain()).containsExactly(ref);
        assertThat(next.writes()).extracting(WriteOutcome::action).containsExactly(Action.POST_NOTE);
        assertThat(next.notesToReadAgain()).isEmpty();
    }

    @Test
    void aFloodOfHintsReadsAtMostTwentyNotesAPassAndAHundredAndTwentyAMinute() {
        ObjectNode incident = world.incident("acme", "datadog.json", "acknowledged");
        world.pagerDuty.addNote(
                "acme", incident.path("id").asText(), "#public We are rolling back.", "jordan@acme.example");
        SyncService sync = world.syncService();
        Set<String> flood = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            flood.add("acme/P" + (100_000 + i));
        }
        world.traffic.clear();

        SyncReport first = sync.pass(flood);
        long firstReads = noteReads();
        for (int pass = 0; pass < 10; pass++) {
            sync.pass(flood);
        }

        assertThat(first.succeeded()).isTrue();
        assertThat(firstReads).isEqualTo(SyncService.MAX_HINTS_PER_PASS);
        assertThat(noteReads()).isEqualTo(PassMemory.HINT_READS_PER_MINUTE);
    }

    private long noteReads() {
        return world.traffic.pagerDuty().stream()
                .filter(request -> request.path().endsWith("/notes"))
                .count();
    }
}
