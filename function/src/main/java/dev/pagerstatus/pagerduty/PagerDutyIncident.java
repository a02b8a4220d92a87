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

    /** PagerDuty's incident ids are short runs of letters and digits, such as {@code Q1F7K0ZP3XW9LM}. */
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9]{1,32}");

    public PagerDutyIncident {
        componentIds = Set.copyOf(componentIds);
        tagProblems = List.copyOf(tagProblems);
    }

    /**
     * Whether {@code id} is shaped like a PagerDuty incident id. An id from a webhook is put in a request path, so
     * one with a space, a quote or a slash, or 200 KB long, is refused before anything reads it.
     */
    public static boolean isWellFormedId(String id) {
        return id != null && ID.matcher(id).matches();
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
