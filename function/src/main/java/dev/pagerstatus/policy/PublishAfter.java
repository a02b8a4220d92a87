package dev.pagerstatus.policy;

import java.time.Duration;

/**
 * When an open PagerDuty incident reaches the page: once a person acknowledges it (the default: it keeps
 * flapping monitors off a public page), at once, or once it has been open for a while, and at once when
 * acknowledged sooner.
 */
public sealed interface PublishAfter {
    PublishAfter ACKNOWLEDGED = new Acknowledged();
    PublishAfter TRIGGERED = new Triggered();

    record Acknowledged() implements PublishAfter {
        @Override
        public String toString() {
            return "acknowledged";
        }
    }

    record Triggered() implements PublishAfter {
        @Override
        public String toString() {
            return "triggered";
        }
    }

    record OpenFor(Duration duration) implements PublishAfter {
        @Override
        public String toString() {
            return Durations.format(duration);
        }
    }
}
