package dev.pagerstatus.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.policy.ComponentPolicy;
import dev.pagerstatus.policy.Severity;
import dev.pagerstatus.policy.Templates;
import dev.pagerstatus.policy.UpdateKind;
import dev.pagerstatus.statuspage.Component;
import dev.pagerstatus.statuspage.ComponentStatus;
import dev.pagerstatus.statuspage.IncidentWrite;
import dev.pagerstatus.statuspage.StatuspageIncident;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The exact Statuspage request behind each writing action; part of the pure core, like the rules themselves.
 * Every create and update says whether subscribers are notified (Statuspage's own default is yes), and every
 * change of status carries its words and the component's new status in one update.
 */
final class Writes {
    /** In a duplicate's record once it is closed: the notice it duplicated. Its responders were told of that one. */
    static final String DUPLICATE_OF = "duplicate_of";

    private Writes() {}

    static StatuspageWrite open(Component component, Situation situation, String pagerDuty) {
        ComponentPolicy policy = situation.policy();
        Severity worst = situation.worst();
        Instant since = situation.firstTriggered();
        Templates.Values values = new Templates.Values(component.name(), worst, since, null);
        String name = policy.templates().renderName(values);
        String body = policy.templates().renderBody(UpdateKind.OPEN, values);
        NoticeRecord record = NoticeRecord.fresh(component.id(), pagerDuty, since, worst.componentStatus())
                .wrote(body, "investigating")
                .named(name);
        return new StatuspageWrite.Create(new IncidentWrite(
                name,
                "investigating",
                body,
                List.of(component.id()),
                Map.of(component.id(), worst.componentStatus().wireValue()),
                policy.notifications().of(UpdateKind.OPEN),
                underPolicy(record.write(null), policy)));
    }

    static StatuspageWrite escalate(
            StatuspageIncident notice, Target target, Situation situation, NoticeRecord record) {
        return statusChange(notice, target, situation, record, UpdateKind.ESCALATED, notice.status());
    }

    static StatuspageWrite improve(StatuspageIncident notice, Target target, Situation situation, NoticeRecord record) {
        return statusChange(notice, target, situation, record, UpdateKind.IMPROVED, notice.status());
    }

    static StatuspageWrite relapse(StatuspageIncident notice, Target target, Situation situation, NoticeRecord record) {
        return statusChange(notice, target, situation, record, UpdateKind.RELAPSED, "investigating");
    }

    /** One update: the incident's status, the words, and the component's new worst status together. */
    private static StatuspageWrite statusChange(
            StatuspageIncident notice,
            Target target,
            Situation situation,
            NoticeRecord record,
            UpdateKind kind,
            String incidentStatus) {
        ComponentPolicy policy = situation.policy();
        String status = situation.worst().componentStatus().wireValue();
        String body = policy.templates().renderBody(kind, values(notice, target, situation, record, null));
        return new StatuspageWrite.Update(
                notice.id(),
                new IncidentWrite(
                        null,
                        incidentStatus,
                        body,
                        target.restore() ? attached(notice, target) : null,
                        target.restore() ? Map.of(target.id(), status) : null,
                        policy.notifications().of(kind),
                        underPolicy(record.wrote(body, incidentStatus).write(notice.metadata()), policy)));
    }

    /** Recovered: back to operational, and {@code monitoring} until the policy's time has passed. */
    static StatuspageWrite monitor(StatuspageIncident notice, Target target, Situation situation, NoticeRecord record) {
        ComponentPolicy policy = situation.policy();
        String body =
                policy.templates().renderBody(UpdateKind.MONITORING, values(notice, target, situation, record, null));
        NoticeRecord operational = record.withStatus(target.restore() ? ComponentStatus.OPERATIONAL : record.status())
                .wrote(body, "monitoring");
        return new StatuspageWrite.Update(
                notice.id(),
                new IncidentWrite(
                        null,
                        "monitoring",
                        body,
                        target.restore() ? attached(notice, target) : null,
                        target.restore() ? Map.of(target.id(), ComponentStatus.OPERATIONAL.wireValue()) : null,
                        policy.notifications().of(UpdateKind.MONITORING),
                        underPolicy(operational.write(notice.metadata()), policy)));
    }

    static StatuspageWrite resolve(StatuspageIncident notice, Target target, Situation situation, NoticeRecord record) {
        ComponentPolicy policy = situation.policy();
        String body =
                policy.templates().renderBody(UpdateKind.RESOLVED, values(notice, target, situation, record, null));
        // The record stays: a resolution pagerstatus wrote is told apart from one a person made.
        return new StatuspageWrite.Update(
                notice.id(),
                new IncidentWrite(
                        null,
                        "resolved",
                        body,
                        target.restore() ? attached(notice, target) : null,
                        target.restore() ? Map.of(target.id(), ComponentStatus.OPERATIONAL.wireValue()) : null,
                        policy.notifications().of(UpdateKind.RESOLVED),
                        underPolicy(record.wrote(body, "resolved").write(notice.metadata()), policy)));
    }

    /** Closes a second pagerstatus notice for a component quietly: subscribers already heard of the first. */
    static StatuspageWrite closeDuplicate(
            StatuspageIncident duplicate, NoticeRecord record, String keptId, Target target, Situation situation) {
        String body = situation
                .policy()
                .templates()
                .renderDuplicateBody(
                        new Templates.Values(target.name(), situation.worst(), duplicate.createdAt(), null));
        ObjectNode metadata = record.adopting(duplicate).wrote(body, "resolved").write(duplicate.metadata());
        ((ObjectNode) metadata.path(NoticeRecord.KEY)).put(DUPLICATE_OF, keptId);
        return new StatuspageWrite.Update(
                duplicate.id(), new IncidentWrite(null, "resolved", body, null, null, false, metadata));
    }

    /** A responder's words, as the {@code public_note} template frames them, with the notice's status unchanged. */
    static StatuspageWrite publicNote(
            StatuspageIncident notice,
            Target target,
            Situation situation,
            String noticeStatus,
            String note,
            NoticeRecord record) {
        ComponentPolicy policy = situation.policy();
        String body =
                policy.templates().renderBody(UpdateKind.PUBLIC_NOTE, values(notice, target, situation, record, note));
        return new StatuspageWrite.Update(
                notice.id(),
                new IncidentWrite(
                        null,
                        noticeStatus,
                        body,
                        null,
                        null,
                        policy.notifications().of(UpdateKind.PUBLIC_NOTE),
                        underPolicy(record.wrote(body, noticeStatus).write(notice.metadata()), policy)));
    }

    /** Refreshes the notice's record of the PagerDuty incidents behind it; nothing public changes. */
    static StatuspageWrite record(StatuspageIncident notice, NoticeRecord record) {
        return new StatuspageWrite.Update(
                notice.id(), new IncidentWrite(null, null, null, null, null, false, record.write(notice.metadata())));
    }

    /** The record a write leaves on the notice, so that a later write of the same pass builds on it. */
    static NoticeRecord recordAfter(StatuspageWrite write, NoticeRecord before) {
        IncidentWrite body = write.body();
        if (body.metadata() == null || !body.metadata().path(NoticeRecord.KEY).isObject()) {
            return before;
        }
        return NoticeRecord.read(body.metadata().path(NoticeRecord.KEY), before.component());
    }

    /** The notice's status once {@code write} is done; {@code current} when the write leaves it. */
    static String statusAfter(StatuspageWrite write, String current) {
        if (write instanceof StatuspageWrite.Update update && update.change().status() != null) {
            return update.change().status();
        }
        return current;
    }

    private static Templates.Values values(
            StatuspageIncident notice, Target target, Situation situation, NoticeRecord record, String note) {
        // A notice opened before pagerstatus recorded the time falls back to when the notice itself was opened.
        Instant since = record.since() != null ? record.since() : notice.createdAt();
        Severity shown = situation.worst() != null
                ? situation.worst()
                : Severity.of(record.status()).orElse(null);
        return new Templates.Values(target.name(), shown, since, note);
    }

    /** {@code metadata} with the digest of the policy its words and timing came from. */
    static ObjectNode underPolicy(ObjectNode metadata, ComponentPolicy policy) {
        ((ObjectNode) metadata.path(NoticeRecord.KEY)).put(NoticeRecord.POLICY, policyDigest(policy));
        return metadata;
    }

    static String policyDigest(ComponentPolicy policy) {
        return NoticeRecord.digest(policy.canonical());
    }

    /** Sending exactly the incident's components keeps them attached; an empty list could detach them. */
    private static List<String> attached(StatuspageIncident notice, Target target) {
        return notice.componentIds().contains(target.id()) ? notice.componentIds() : null;
    }
}
