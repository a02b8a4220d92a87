package dev.pagerstatus.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Locale;

/**
 * What became of one note pagerstatus owed a PagerDuty incident ({@code <account>/<id>}): posted, found already
 * there (a retry after the record of it was lost), or failed, with why.
 */
@JsonPropertyOrder({"kind", "incident", "result", "error"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NoteOutcome(String kind, String incident, Result result, String error) {
    public enum Result {
        POSTED,
        ALREADY_THERE,
        FAILED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public boolean ok() {
        return result != Result.FAILED;
    }
}
