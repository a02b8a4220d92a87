package dev.pagerstatus.policy;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code components.<id>} changes; a null field keeps what the defaults (or the group) say. A rule list
 * given here replaces the whole list; templates and notification switches are changed one kind at a time.
 */
public record ComponentOverride(
        Severity defaultSeverity,
        List<SeverityRule> rules,
        PublishAfter publishAfter,
        Duration resolveAfter,
        String openName,
        Map<UpdateKind, String> bodies,
        Map<UpdateKind, Boolean> notifications) {

    public ComponentOverride {
        rules = rules == null ? null : List.copyOf(rules);
        bodies = Map.copyOf(bodies);
        notifications = Map.copyOf(notifications);
    }

    public static ComponentOverride none() {
        return new ComponentOverride(
                null, null, null, null, null, new EnumMap<>(UpdateKind.class), new EnumMap<>(UpdateKind.class));
    }

    public ComponentPolicy applyTo(ComponentPolicy base) {
        Templates templates = base.templates();
        if (openName != null) {
            templates = templates.withOpenName(openName);
        }
        for (var body : bodies.entrySet()) {
            templates = templates.withBody(body.getKey(), body.getValue());
        }
        Notify switches = base.notifications();
        for (var kind : notifications.entrySet()) {
            switches = switches.with(kind.getKey(), kind.getValue());
        }
        return new ComponentPolicy(
                defaultSeverity != null ? defaultSeverity : base.defaultSeverity(),
                rules != null ? rules : base.rules(),
                publishAfter != null ? publishAfter : base.publishAfter(),
                resolveAfter != null ? resolveAfter : base.resolveAfter(),
                templates,
                switches);
    }
}
