package dev.pagerstatus.policy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the public reads and when: severity, publishing, recovery, the words and the notifications, for every
 * component ({@code base}), and overrides for some by their id or their group's id. Every default is today's behaviour, so a
 * page changes only when its policy says so.
 *
 * @param peopleResolveAfter how long after PagerDuty resolved to resolve a notice a person took over, if at
 *                           all (empty: leave it to the person)
 * @param source             where the policy came from, for messages ({@code built-in defaults} or a file)
 */
public record Policy(
        ComponentPolicy base,
        Map<String, ComponentOverride> components,
        Optional<Duration> peopleResolveAfter,
        String source) {

    public Policy {
        components = Map.copyOf(components);
    }

    public static Policy defaults() {
        return new Policy(ComponentPolicy.defaults(), Map.of(), Optional.empty(), "built-in defaults");
    }

    /** The same policy on another base (the older single settings applied to it). */
    public Policy withBase(ComponentPolicy policy) {
        return new Policy(policy, components, peopleResolveAfter, source);
    }

    /** The policy for a component: the defaults, then its group's override, then its own. */
    public ComponentPolicy forComponent(String componentId, String groupId) {
        ComponentPolicy policy = base;
        if (groupId != null && components.containsKey(groupId)) {
            policy = components.get(groupId).applyTo(policy);
        }
        if (componentId != null && components.containsKey(componentId)) {
            policy = components.get(componentId).applyTo(policy);
        }
        return policy;
    }

    /**
     * Whether no incident reaches the page before a person acknowledges it, on any component: then an
     * {@code incident.triggered} can change nothing customers see.
     */
    public boolean publishesOnlyOnceAcknowledged() {
        return base.publishAfter() instanceof PublishAfter.Acknowledged
                && components.keySet().stream()
                        .allMatch(id -> forComponent(id, null).publishAfter() instanceof PublishAfter.Acknowledged);
    }

    public boolean hasTimers() {
        return base.hasTimers()
                || peopleResolveAfter.isPresent()
                || components.keySet().stream()
                        .anyMatch(id -> forComponent(id, null).hasTimers());
    }
}
