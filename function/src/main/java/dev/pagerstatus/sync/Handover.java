package dev.pagerstatus.sync;

import dev.pagerstatus.statuspage.IncidentUpdate;
import dev.pagerstatus.statuspage.StatuspageIncident;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a person has taken a notice over, read from the notice itself against its record, so that any process
 * on any pass comes to the same answer: an update whose text pagerstatus did not write, a status, name or set
 * of components other than the ones it left. Statuspage's own rule for its automation is the same: people keep
 * full control while they work on the page.
 *
 * @param at   when, as near as the notice tells (the person's update, else the notice's last change)
 * @param what what the person did, for plans and logs
 */
record Handover(Instant at, String what) {

    static Optional<Handover> of(StatuspageIncident notice, NoticeRecord record) {
        if (!record.tracked()) {
            return Optional.empty();
        }
        Optional<IncidentUpdate> foreign = notice.updates().stream()
                .filter(update -> update.body() != null && !update.body().isBlank())
                .filter(update -> !record.wrote(update.body()))
                .min(Comparator.comparing(IncidentUpdate::createdAt, Comparator.nullsLast(Comparator.naturalOrder())));
        if (foreign.isPresent()) {
            return Optional.of(new Handover(foreign.get().createdAt(), "a person posted an update"));
        }
        Instant changed = notice.updatedAt();
        if (record.noticeStatus() != null && !record.noticeStatus().equals(notice.status())) {
            return Optional.of(new Handover(changed, "a person set it to " + notice.status()));
        }
        if (record.name() != null && !record.name().equals(NoticeRecord.digest(notice.name()))) {
            return Optional.of(new Handover(changed, "a person renamed it"));
        }
        Set<String> attached = new HashSet<>(notice.componentIds());
        // A component deleted from the page drops out of its notices; that is no person's doing.
        if (!attached.isEmpty() && !attached.equals(Set.of(record.component()))) {
            return Optional.of(new Handover(changed, "a person changed its components"));
        }
        return Optional.empty();
    }

    /**
     * When a person resolved a pagerstatus notice, if one did: its resolving update is not one pagerstatus wrote.
     * Empty for notices resolved by pagerstatus, still open, or from before it kept track.
     */
    static Optional<Instant> resolvedByPerson(StatuspageIncident notice, NoticeRecord record) {
        if (!notice.resolved() || !record.tracked()) {
            return Optional.empty();
        }
        return notice.latestUpdate("resolved")
                .filter(update -> update.body() == null || update.body().isBlank() || !record.wrote(update.body()))
                .map(update -> update.createdAt() != null ? update.createdAt() : notice.resolvedAt());
    }
}
