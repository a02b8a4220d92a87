package dev.pagerstatus.policy;

import java.text.BreakIterator;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The public words, one body per {@link UpdateKind} and the name a new notice gets. What is substituted in comes
 * from Statuspage and from pagerstatus itself, never from PagerDuty's internal fields: {@value #COMPONENT_NAME}
 * (the component's name on the page), {@value #STATUS} (plain words such as "a major outage"), {@value #SINCE}
 * (when the first PagerDuty incident behind the notice triggered, {@code 09:41 UTC}) and, in
 * {@code public_note} only, {@value #NOTE} (what a responder chose to publish).
 */
public record Templates(String openName, Map<UpdateKind, String> bodies) {
    public static final String COMPONENT_NAME = "{{component_name}}";
    public static final String STATUS = "{{status}}";
    public static final String SINCE = "{{since}}";
    public static final String NOTE = "{{note}}";
    public static final Set<String> PLACEHOLDERS = Set.of(COMPONENT_NAME, STATUS, SINCE, NOTE);

    /** {@value #STATUS} where the notice's status is not known, or was never more than none. */
    static final String UNKNOWN_STATUS = "a service disruption";
    /** {@value #SINCE} where no time is known. */
    static final String UNKNOWN_SINCE = "earlier";

    /** Statuspage rejects longer incident names. */
    public static final int MAX_NAME_LENGTH = 255;
    /** Statuspage's limit on an incident update body. */
    public static final int MAX_BODY_LENGTH = 25_000;

    static final String DUPLICATE_BODY = "This notice duplicated another one for " + COMPONENT_NAME
            + " and has been closed. Updates continue on the remaining incident.";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    public Templates {
        bodies = Map.copyOf(bodies);
    }

    /** Today's words, which every policy starts from. */
    public static Templates defaults() {
        Map<UpdateKind, String> bodies = new EnumMap<>(UpdateKind.class);
        bodies.put(
                UpdateKind.OPEN,
                "Automated monitoring has determined that " + COMPONENT_NAME
                        + " is experiencing errors, and the on-call engineer is investigating.");
        bodies.put(
                UpdateKind.ESCALATED,
                COMPONENT_NAME + " is now experiencing " + STATUS + ". We are continuing to investigate.");
        bodies.put(
                UpdateKind.IMPROVED,
                COMPONENT_NAME + " has improved and is now experiencing " + STATUS
                        + ". We are continuing to work on a full recovery.");
        bodies.put(
                UpdateKind.MONITORING,
                "A fix has been implemented for " + COMPONENT_NAME + " and we are monitoring the results.");
        bodies.put(
                UpdateKind.RELAPSED, COMPONENT_NAME + " is experiencing " + STATUS + " again. We are investigating.");
        bodies.put(
                UpdateKind.RESOLVED, COMPONENT_NAME + " is operating normally again. This incident has been resolved.");
        bodies.put(UpdateKind.PUBLIC_NOTE, NOTE);
        return new Templates("Investigating errors in " + COMPONENT_NAME, bodies);
    }

    public Templates withOpenName(String name) {
        return new Templates(name, bodies);
    }

    public Templates withBody(UpdateKind kind, String body) {
        Map<UpdateKind, String> changed = new EnumMap<>(bodies);
        changed.put(kind, body);
        return new Templates(openName, changed);
    }

    public String body(UpdateKind kind) {
        return bodies.get(kind);
    }

    /** What the placeholders stand for in one notice. */
    public record Values(String componentName, Severity status, Instant since, String note) {}

    public String renderName(Values values) {
        return cut(render(openName, values), MAX_NAME_LENGTH);
    }

    public String renderBody(UpdateKind kind, Values values) {
        return cut(render(bodies.get(kind), values), MAX_BODY_LENGTH);
    }

    /**
     * At most {@code max} chars, ending in "…" when cut, and cut only between what a reader sees as characters:
     * never inside an emoji, a flag, a family emoji joined by zero-width joiners, or a letter and its accent.
     */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        BreakIterator characters = BreakIterator.getCharacterInstance(Locale.ROOT);
        characters.setText(text);
        int end = characters.preceding(max);
        return text.substring(0, Math.max(0, end)) + "…";
    }

    public String renderDuplicateBody(Values values) {
        return render(DUPLICATE_BODY, values);
    }

    /**
     * Every placeholder is replaced, whatever is known: a status or time that is not (a notice resolved after
     * monitoring, one adopted from the Python tool) reads in general words rather than as "{{status}}". One pass
     * over the template: what goes in (a component's name, a responder's note) is never read as a placeholder.
     */
    public static String render(String text, Values values) {
        boolean statusKnown = values.status() != null && values.status() != Severity.NONE;
        Map<String, String> with = Map.of(
                COMPONENT_NAME, values.componentName(),
                STATUS, statusKnown ? values.status().words() : UNKNOWN_STATUS,
                SINCE, values.since() != null ? TIME.format(values.since()) : UNKNOWN_SINCE,
                NOTE, values.note() != null ? values.note() : "");
        StringBuilder rendered = new StringBuilder(text.length());
        int from = 0;
        for (int open = text.indexOf("{{"); open >= 0; open = text.indexOf("{{", from)) {
            int close = text.indexOf("}}", open);
            if (close < 0) {
                break;
            }
            String placeholder = text.substring(open, close + 2);
            rendered.append(text, from, open).append(with.getOrDefault(placeholder, placeholder));
            from = close + 2;
        }
        return rendered.append(text, from, text.length()).toString();
    }
}
