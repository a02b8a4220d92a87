package dev.pagerstatus.pagerduty;

import java.time.Instant;

/** A note on a PagerDuty incident: written for colleagues, and published only when a responder marks it so. */
public record PagerDutyNote(String id, String content, Instant createdAt) {
    /** The marker a responder starts a note with to have it published on the notice. */
    public static final String PUBLIC_MARKER = "#public ";

    public boolean isPublic() {
        return content.startsWith(PUBLIC_MARKER);
    }

    /** What is published: the note without its marker. */
    public String publicText() {
        return content.substring(PUBLIC_MARKER.length()).strip();
    }
}
