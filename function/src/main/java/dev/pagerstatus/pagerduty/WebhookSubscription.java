package dev.pagerstatus.pagerduty;

import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * A PagerDuty V3 webhook subscription as listed: never its secret, which PagerDuty shows only once, in the answer
 * to the request that created it. {@code active} is the owner's switch; {@code temporarilyDisabled} is
 * PagerDuty's, set after repeated failed deliveries and cleared by enabling it.
 */
public record WebhookSubscription(
        String id,
        URI url,
        String description,
        List<String> events,
        Scope scope,
        boolean active,
        boolean temporarilyDisabled) {
    public WebhookSubscription {
        events = List.copyOf(events);
    }

    /** Whether PagerDuty sends it anything: switched on, and not disabled after failed deliveries. */
    public boolean delivering() {
        return active && !temporarilyDisabled;
    }

    public boolean receives(Set<String> needed) {
        return events.containsAll(needed);
    }

    /**
     * Which incidents a subscription hears of: the whole account's, one service's or one team's ({@code id}
     * null for the account).
     */
    public record Scope(Kind kind, String id) {
        public enum Kind {
            ACCOUNT,
            SERVICE,
            TEAM;

            /** The filter's {@code type} on the wire, {@code account_reference}... */
            public String reference() {
                return wire() + "_reference";
            }

            /** The listing's {@code filter_type}, {@code account}... */
            public String wire() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }

        public static final Scope ACCOUNT = new Scope(Kind.ACCOUNT, null);

        public Scope {
            if ((kind == Kind.ACCOUNT) != (id == null)) {
                throw new IllegalArgumentException("a service or team scope names its id; the account scope none");
            }
        }

        @Override
        public String toString() {
            return id == null ? kind.wire() : kind.wire() + " " + id;
        }
    }
}
