package dev.pagerstatus.sync;

/**
 * Why a pass is wanted: which account's webhook, which delivery, which event. {@code publicNoteOn} is the
 * PagerDuty incident a responder added a public note to, whose notes the pass then reads; null otherwise.
 */
public record SyncRequest(String account, String deliveryId, String eventType, String publicNoteOn) {
    public SyncRequest(String account, String deliveryId, String eventType) {
        this(account, deliveryId, eventType, null);
    }

    /**
     * Whether the event likely opens a notice (an acknowledgement, under the default policy): its pass reads the
     * whole page in its first round, as an opening needs, rather than in a second.
     */
    public boolean likelyOpensANotice() {
        return "incident.acknowledged".equals(eventType) || "incident.acknowledge".equals(eventType);
    }

    /** Whether the event is a new incident, which reaches the page only when the policy publishes it at once. */
    public boolean isTrigger() {
        return "incident.triggered".equals(eventType) || "incident.trigger".equals(eventType);
    }

    /** The incident as passes name it, {@code <account>/<incident id>}; null when there is no public note. */
    public String annotatedIncident() {
        return publicNoteOn == null || account == null ? null : account + "/" + publicNoteOn;
    }
}
