package dev.pagerstatus.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryIdsTest {
    @Test
    void remembersADeliveryOnceAndForgetsOneThatCouldNotBeQueued() {
        DeliveryIds ids = new DeliveryIds(10);

        assertThat(ids.claim("acme/d1")).isTrue();
        assertThat(ids.claim("acme/d1")).isFalse();
        ids.release("acme/d1");
        assertThat(ids.claim("acme/d1")).isTrue();
    }

    @Test
    void forgetsTheOldestIdsOnceTheCountIsReached() {
        DeliveryIds ids = new DeliveryIds(3);
        for (String id : new String[] {"a", "b", "c", "d"}) {
            ids.claim(id);
        }

        assertThat(ids.size()).isEqualTo(3);
        assertThat(ids.claim("a")).as("the oldest was forgotten").isTrue();
        assertThat(ids.claim("d")).isFalse();
    }

    @Test
    void holdsAtMostItsBoundInCharactersHoweverLongTheIdsAre() {
        DeliveryIds ids = new DeliveryIds(10_000, 10_000);
        for (int i = 0; i < 1_000; i++) {
            ids.claim(i + "-" + "x".repeat(128));
        }

        assertThat(ids.heldChars()).isLessThanOrEqualTo(10_000);
        assertThat(ids.size()).isLessThan(100);
    }

    @Test
    void theDefaultsHoldTenThousandUuidsInUnderAMillionCharacters() {
        DeliveryIds ids = DeliveryIds.defaults();
        for (int i = 0; i < 20_000; i++) {
            ids.claim("acme/" + java.util.UUID.randomUUID());
        }

        assertThat(ids.size()).isEqualTo(DeliveryIds.DEFAULT_COUNT);
        assertThat(ids.heldChars()).isLessThanOrEqualTo(DeliveryIds.DEFAULT_CHARS);
    }
}
