package dev.pagerstatus.sync;

/**
 * Why a pass is wanted: which account's webhook, which delivery, which event. {@code publicNoteOn} is the
 * PagerDuty incident a responder added a public note to, whose notes the pass then reads; null otherwise.
 */
public record SyncRequest(String account, String deliveryId, String eventType, String publicNoteOn) {
    public SyncRequest(String account, String deliveryId, String eventType) {
        this(account, deliveryId, eventType, null);
    }

    /** The incident as passes name it, {@code <account>/<incident id>}; null when there is no public note. */
    public String annotatedIncident() {
        return publicNoteOn == null || account == null ? null : account + "/" + publicNoteOn;
    }
}
