package dev.pagerstatus.sync;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of a pass: the plan, what failed to be read (then nothing was written), what each write did,
 * how long it took and how many API calls it made.
 */
@JsonPropertyOrder({
    "page",
    "applied",
    "succeeded",
    "changes",
    "findings",
    "read_failures",
    "writes",
    "duration_ms",
    "api_calls",
    "next_due"
})
public record SyncReport(
        String page,
        boolean applied,
        @JsonProperty("changes") List<PlannedChange> changes,
        List<Finding> findings,
        @JsonProperty("read_failures") List<ReadFailure> readFailures,
        List<WriteOutcome> writes,
        @JsonProperty("duration_ms") long durationMillis,
        @JsonProperty("api_calls") Map<String, Long> apiCalls) {

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
