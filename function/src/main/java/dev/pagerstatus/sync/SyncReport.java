package dev.pagerstatus.sync;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The result of a pass over every page: the plan, what failed to be read (then nothing was written), what each
 * write did, what each note to PagerDuty did, how long it took and how many API calls it made.
 * {@code routineReadsPerKey} is how many Statuspage reads every pass makes with the busiest key (the first
 * round), which passes are paced by; {@code notesToReadAgain} are the hinted incidents whose public note
 * had no notice to go on yet.
 */
@JsonPropertyOrder({
    "pages",
    "applied",
    "succeeded",
    "changes",
    "findings",
    "read_failures",
    "writes",
    "notes",
    "duration_ms",
    "api_calls",
    "next_due"
})
public record SyncReport(
        List<String> pages,
        boolean applied,
        @JsonProperty("changes") List<PlannedChange> changes,
        List<Finding> findings,
        @JsonProperty("read_failures") List<ReadFailure> readFailures,
        List<WriteOutcome> writes,
        List<NoteOutcome> notes,
        @JsonProperty("duration_ms") long durationMillis,
        @JsonProperty("api_calls") Map<String, Long> apiCalls,
        @JsonIgnore long routineReadsPerKey,
        @JsonIgnore Set<String> notesToReadAgain) {

    public SyncReport {
        pages = List.copyOf(pages);
        changes = List.copyOf(changes);
        findings = List.copyOf(findings);
        readFailures = List.copyOf(readFailures);
        writes = List.copyOf(writes);
        notes = List.copyOf(notes);
        notesToReadAgain = Set.copyOf(notesToReadAgain);
    }

    /**
     * Whether the page is as the plan says: every read and write went through. A note that failed does not
     * count: it is retried on later passes, and the page is right without it.
     */
    @JsonProperty("succeeded")
    public boolean succeeded() {
        return readFailures.isEmpty() && writes.stream().allMatch(WriteOutcome::ok);
    }

    /** When the next pass is due by itself (a delayed publish, the end of monitoring); null when none is. */
    @JsonProperty("next_due")
    public Instant nextDue() {
        return changes.stream()
                .map(PlannedChange::due)
                .filter(Objects::nonNull)
                .min(Instant::compareTo)
                .orElse(null);
    }

    public long count(Action action) {
        return changes.stream().filter(change -> change.action() == action).count();
    }
}
