package dev.pagerstatus.policy;

import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

/**
 * The policy as it applies to one component, with its own and its group's overrides already merged in.
 *
 * @param defaultSeverity what an incident that matches no rule means
 * @param rules           first match wins
 * @param publishAfter    when an open incident reaches the page
 * @param resolveAfter    how long a recovered component is "monitoring" before its notice resolves (0: at once)
 */
public record ComponentPolicy(
        Severity defaultSeverity,
        List<SeverityRule> rules,
        PublishAfter publishAfter,
        Duration resolveAfter,
        Templates templates,
        Notify notifications) {

    public ComponentPolicy {
        rules = List.copyOf(rules);
    }

    /** Today's behaviour: partial outage, published on acknowledgement, resolved at once, today's words. */
    public static ComponentPolicy defaults() {
        return new ComponentPolicy(
                Severity.PARTIAL_OUTAGE,
                List.of(),
                PublishAfter.ACKNOWLEDGED,
                Duration.ZERO,
                Templates.defaults(),
                Notify.defaults());
    }

    /** An incident's severity on this component, and which rule decided it. */
    public record Assessment(Severity severity, String rule) {}

    public Assessment assess(String priority, String urgency) {
        for (SeverityRule rule : rules) {
            if (rule.matches(priority, urgency)) {
                return new Assessment(rule.status(), rule.describe());
            }
        }
        return new Assessment(defaultSeverity, "default");
    }

    /**
     * Everything here that decides what a notice says and when, written out the same way in every process:
     * notices carry a digest of it, so that two deployments keeping one page under different settings show.
     */
    public String canonical() {
        StringBuilder text = new StringBuilder(defaultSeverity.label());
        for (SeverityRule rule : rules) {
            text.append("|rule ")
                    .append(new TreeSet<>(rule.priorities()))
                    .append(' ')
                    .append(rule.urgency())
                    .append(' ')
                    .append(rule.status().label());
        }
        text.append("|after ").append(publishAfter).append("|resolve ").append(resolveAfter);
        text.append("|name ").append(templates.openName());
        for (UpdateKind kind : UpdateKind.values()) {
            text.append('|')
                    .append(kind)
                    .append(' ')
                    .append(notifications.of(kind))
                    .append(' ');
            text.append(templates.body(kind));
        }
        return text.toString();
    }

    /** True when something may fall due with no webhook: a delayed publish or the end of monitoring. */
    public boolean hasTimers() {
        return publishAfter instanceof PublishAfter.OpenFor || resolveAfter.isPositive();
    }
}
