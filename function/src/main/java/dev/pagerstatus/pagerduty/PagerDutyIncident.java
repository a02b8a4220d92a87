package dev.pagerstatus.pagerduty;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An open PagerDuty incident as pagerstatus needs it. {@code title} is internal (it may name hosts); it is shown
 * to operators in {@code plan} output and never written to the status page. {@code priority} is the name of its
 * priority ("P1"), null when it has none; {@code urgency} is {@code high} or {@code low}, null when unknown;
 * {@code createdAt} is null when PagerDuty did not say.
 */
public record PagerDutyIncident(
        String account,
        String id,
        int number,
        IncidentStatus status,
        String title,
        String htmlUrl,
        Instant createdAt,
        String priority,
        String urgency,
        Set<String> componentIds,
        List<String> tagProblems) {

    public PagerDutyIncident {
        componentIds = Set.copyOf(componentIds);
        tagProblems = List.copyOf(tagProblems);
    }

    /**
     * Whether {@code id} is shaped like a PagerDuty incident id: 1 to 32 letters and digits, such as
     * {@code Q1F7K0ZP3XW9LM}. An id from a webhook is put in a request path, so
     * one with a space, a quote or a slash, or 200 KB long, is refused before anything reads it.
     */
    public static boolean isWellFormedId(String id) {
        if (id == null || id.isEmpty() || id.length() > 32) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    /** How notice records and hints name it: {@code acme/Q1F7K0ZP3XW9LM}. */
    public String ref() {
        return account + "/" + id;
    }

    /** The same incident, naming only {@code ids}: the components it names on one page. */
    public PagerDutyIncident withComponentIds(Set<String> ids) {
        return new PagerDutyIncident(
                account, id, number, status, title, htmlUrl, createdAt, priority, urgency, ids, tagProblems);
    }

    /** How operators name it: {@code acme#4821}. */
    public String label() {
        return account + "#" + number;
    }
}
