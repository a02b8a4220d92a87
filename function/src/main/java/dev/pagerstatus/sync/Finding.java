package dev.pagerstatus.sync;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Set;

/**
 * Something an operator should know about: a tag that leads nowhere, a duplicate notice, an unreadable one, a
 * public note held back because it would publish something internal, a notice a person took over. {@code page}
 * is the page it is about (null when it is about none, as a tag naming no page's component is);
 * {@code incident} the PagerDuty incident it is about ({@code <account>/<id>}), if one is.
 */
@JsonPropertyOrder({"kind", "page", "message"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Finding(
        Kind kind, String message, String page, @JsonIgnore String incident) {
    public enum Kind {
        UNKNOWN_COMPONENT,
        AMBIGUOUS_COMPONENT,
        COMPONENT_GROUP,
        MALFORMED_TAG,
        DUPLICATE_INCIDENT,
        UNUSABLE_INCIDENT,
        HELD_PUBLIC_NOTE,
        /** An incident whose pagerstatus record pagerstatus cannot have written; left alone as a person's. */
        FOREIGN_RECORD,
        /** A write whose text would publish a placeholder or an address; not sent. */
        HELD_TEXT,
        /** A notice last written under another policy: two deployments, or a policy changed since. */
        OTHER_POLICY,
        HANDED_OVER;

        /** Kinds that mean an incident's tag puts nothing on any page: its responders are told in a note. */
        static final Set<Kind> TAG_PROBLEMS =
                Set.of(UNKNOWN_COMPONENT, AMBIGUOUS_COMPONENT, COMPONENT_GROUP, MALFORMED_TAG);

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public Finding(Kind kind, String message) {
        this(kind, message, null, null);
    }

    Finding onPage(String pageId) {
        return page != null ? this : new Finding(kind, message, pageId, incident);
    }

    boolean isTagProblem() {
        return incident != null && Kind.TAG_PROBLEMS.contains(kind);
    }
}
