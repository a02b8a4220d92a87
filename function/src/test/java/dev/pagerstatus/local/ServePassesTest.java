package dev.pagerstatus.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pagerstatus.config.PolicyParser;
import dev.pagerstatus.policy.Policy;
import dev.pagerstatus.sync.CoalescingSyncQueue;
import dev.pagerstatus.sync.SyncRequest;
import dev.pagerstatus.sync.SyncTrigger;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which webhooks ask {@code serve} for a pass. */
class ServePassesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aNewIncidentAsksForNoPassWhenNothingIsPublishedBeforeAnAcknowledgement() throws Exception {
        assertThat(passesAfter(Policy.defaults(), "incident.triggered")).isZero();
        assertThat(passesAfter(Policy.defaults(), "incident.trigger")).isZero();
        assertThat(passesAfter(Policy.defaults(), "incident.acknowledged")).isOne();
        assertThat(passesAfter(Policy.defaults(), "incident.resolved")).isOne();
    }

    @Test
    void aNewIncidentAsksForAPassWhenAnyComponentPublishesBeforeAnAcknowledgement() throws Exception {
        Policy atOnce = PolicyParser.parse("publish:\n  after: triggered\n", "test policy");
        Policy oneComponentAfterTenMinutes =
                PolicyParser.parse("components:\n  r3n8d5w2c6hj:\n    publish: {after: 10m}\n", "test policy");

        assertThat(passesAfter(atOnce, "incident.triggered")).isOne();
        assertThat(passesAfter(oneComponentAfterTenMinutes, "incident.triggered"))
                .isOne();
    }

    private static int passesAfter(Policy policy, String eventType) throws Exception {
        AtomicInteger passes = new AtomicInteger();
        try (CoalescingSyncQueue queue = new CoalescingSyncQueue(passes::incrementAndGet)) {
            SyncTrigger trigger = Serve.passesFor(policy, queue);
            trigger.request(new SyncRequest("acme", "d1", eventType));
            assertThat(queue.awaitIdle(WAIT)).isTrue();
        }
        return passes.get();
    }
}
