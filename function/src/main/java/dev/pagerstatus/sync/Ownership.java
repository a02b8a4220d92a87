package dev.pagerstatus.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagerstatus.http.NestingLimit;
import dev.pagerstatus.pagerduty.PagerDutyIncident;
import dev.pagerstatus.statuspage.IncidentUpdate;
import dev.pagerstatus.statuspage.StatuspageIncident;
import java.util.List;
import java.util.Set;

/**
 * Decides which Statuspage incidents pagerstatus may touch. Its own carry a {@link NoticeRecord} in
 * {@code metadata.pagerstatus} ({@code {"managed": "true", "component": "<id>", "pagerduty": "<account>/<id>,..."}}
 * and what later passes need). Incidents the Python pagerstatus opened are adopted: their first update's body
 * ends with its watermark on a line of its own ({@code body + "\n⛈"}). Anything else is never modified.
 *
 * <p>Anyone with a Statuspage key can write metadata, so a record steers pagerstatus only when it is one
 * pagerstatus could have written: {@code managed} is {@code "true"}, its component is one the incident is
 * attached to, and every PagerDuty incident it names is well formed and, when the accounts are known, in one of
 * them. Any other record makes the incident a person's, left alone and reported ({@link NotOurs#reason}).
 */
public final class Ownership {
    public static final String METADATA_KEY = NoticeRecord.KEY;
    public static final String WATERMARK = "⛈";
    private static final Set<String> SCHEDULED_STATUSES = Set.of("scheduled", "in_progress", "verifying", "completed");

    /** What an unresolved incident is to pagerstatus. */
    public sealed interface Verdict permits Managed, NotOurs, Unusable {}

    /** Ours, on this component, with what its metadata records (nothing yet for an adopted one). */
    public record Managed(StatuspageIncident incident, String componentId, boolean legacy, NoticeRecord record)
            implements Verdict {
        public String recordedPagerDuty() {
            return record.pagerDuty();
        }
    }

    /** A person's; {@code reason} says why a record on it is not trusted, and is null when it carries none. */
    public record NotOurs(String reason) implements Verdict {}

    /** Ours, but it is not clear which single component it is about, so it is left alone. */
    public record Unusable(StatuspageIncident incident, String reason) implements Verdict {}

    private Ownership() {}

    /** Without the configured accounts: a record's references are checked for their shape only. */
    public static Verdict of(StatuspageIncident incident) {
        return of(incident, Set.of());
    }

    /** {@code accounts}: the PagerDuty accounts this deployment reads; empty when not known. */
    public static Verdict of(StatuspageIncident incident, Set<String> accounts) {
        Verdict verdict = judge(incident, accounts);
        if (verdict instanceof Managed && holdsSkipped(incident.metadata(), 0)) {
            return new Unusable(incident, UNREADABLE_METADATA);
        }
        return verdict;
    }

    private static Verdict judge(StatuspageIncident incident, Set<String> accounts) {
        if (SCHEDULED_STATUSES.contains(incident.status())) {
            return new NotOurs(null);
        }
        JsonNode marker = incident.metadata().path(METADATA_KEY);
        if (!marker.isMissingNode()) {
            String distrust = distrust(marker, incident, accounts);
            if (distrust != null) {
                return new NotOurs(distrust);
            }
            String component = marker.path("component").asText();
            return new Managed(incident, component, false, NoticeRecord.read(marker, component));
        }
        if (!watermarked(incident)) {
            return new NotOurs(null);
        }
        if (!incident.componentIds().isEmpty()) {
            return single(incident.componentIds(), incident);
        }
        // The Python tool read the component from the first update; fall back to that for old incidents.
        List<String> affected =
                incident.firstUpdate().map(IncidentUpdate::affectedComponentIds).orElse(List.of());
        return single(affected, incident);
    }

    /**
     * A notice whose metadata held a value nested too deep to read is left alone: every write sends the metadata
     * back, and would replace that value with the placeholder it was read as.
     */
    static final String UNREADABLE_METADATA = "its metadata holds a value nested too deep to read, which a write"
            + " would destroy; remove that value to have pagerstatus keep the notice again";

    private static boolean holdsSkipped(JsonNode node, int depth) {
        if (node.isTextual()) {
            return NestingLimit.SKIPPED.equals(node.textValue());
        }
        if (depth > NestingLimit.MAX_DEPTH) {
            return false;
        }
        for (JsonNode child : node) {
            if (holdsSkipped(child, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Why {@code marker} cannot be a record pagerstatus wrote on {@code incident}; null when it can. */
    private static String distrust(JsonNode marker, StatuspageIncident incident, Set<String> accounts) {
        if (!marker.isObject() || !"true".equals(marker.path("managed").textValue())) {
            return "its record does not say managed: \"true\"";
        }
        String component = marker.path("component").textValue();
        if (component == null || !shaped(component, 1, 32, "")) {
            return "its record names no well-formed component";
        }
        if (!attached(incident).contains(component)) {
            return "its record names component " + component + ", which the incident is not attached to";
        }
        JsonNode pagerDuty = marker.path("pagerduty");
        if (!pagerDuty.isMissingNode() && !pagerDuty.isTextual()) {
            return "its record's PagerDuty incidents are not a list of references";
        }
        String refs = pagerDuty.asText("");
        for (String ref : refs.isEmpty() ? List.<String>of() : List.of(refs.split(",", -1))) {
            String problem = refProblem(ref, accounts);
            if (problem != null) {
                return "its record names " + problem;
            }
        }
        return null;
    }

    private static String refProblem(String ref, Set<String> accounts) {
        if (ref.startsWith("+") && ref.endsWith(" more") && shaped(ref.substring(1, ref.length() - 5), 1, 9, "")) {
            return null;
        }
        int slash = ref.indexOf('/');
        String account = slash < 0 ? "" : ref.substring(0, slash);
        if (!shaped(account, 1, 63, "_-") || !PagerDutyIncident.isWellFormedId(ref.substring(slash + 1))) {
            return "a PagerDuty incident that is not shaped like one (" + clip(ref) + ")";
        }
        if (!accounts.isEmpty() && !accounts.contains(account)) {
            return "an incident of account " + account + ", which is not configured here (another deployment's"
                    + " notice; if this one used to read that account, resolve the notice by hand)";
        }
        return null;
    }

    /** The Python tool's oldest notices name their component only in their first update. */
    private static List<String> attached(StatuspageIncident incident) {
        return incident.componentIds().isEmpty()
                ? incident.firstUpdate()
                        .map(IncidentUpdate::affectedComponentIds)
                        .orElse(List.of())
                : incident.componentIds();
    }

    /**
     * Whether {@code text} is {@code min} to {@code max} lower-case letters and digits, with {@code more} allowed
     * after the first. Every pass judges every notice several times; a loop costs a cold process far less than
     * a regular expression does before the JIT compiles it.
     */
    private static boolean shaped(String text, int min, int max, String more) {
        if (text.length() < min || text.length() > max) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!plain && (i == 0 || more.indexOf(c) < 0)) {
                return false;
            }
        }
        return true;
    }

    /** The Python tool wrote {@code f"{body}\n⛈"}; a person's text that merely mentions the symbol is not it. */
    private static boolean watermarked(StatuspageIncident incident) {
        return incident.firstUpdate()
                .map(IncidentUpdate::body)
                .filter(body -> body != null && body.stripTrailing().endsWith("\n" + WATERMARK))
                .isPresent();
    }

    private static Verdict single(List<String> componentIds, StatuspageIncident incident) {
        List<String> distinct = componentIds.stream().distinct().toList();
        if (distinct.size() == 1) {
            return new Managed(
                    incident, distinct.getFirst(), true, NoticeRecord.fresh(distinct.getFirst(), "", null, null));
        }
        return new Unusable(
                incident,
                distinct.isEmpty()
                        ? "it names no component"
                        : "it names " + distinct.size() + " components " + distinct
                                + "; pagerstatus keeps one per incident");
    }

    private static String clip(String text) {
        return text.length() <= 60 ? text : text.substring(0, 59) + "…";
    }
}
