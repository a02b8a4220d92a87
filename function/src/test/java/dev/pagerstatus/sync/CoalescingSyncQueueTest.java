package dev.pagerstatus.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pagerstatus.support.Sleeper;
import dev.pagerstatus.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class CoalescingSyncQueueTest {
    private static final SyncRequest WEBHOOK = new SyncRequest("acme", "d1", "incident.acknowledged");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void tenWebhooksDuringOnePassCauseExactlyOneMorePass() throws Exception {
        CountDownLatch firstPassStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstPass = new CountDownLatch(1);
        AtomicInteger passes = new AtomicInteger();
        try (CoalescingSyncQueue queue = new CoalescingSyncQueue(() -> {
            if (passes.incrementAndGet() == 1) {
                firstPassStarted.countDown();
                await(releaseFirstPass);
            }
        })) {
            queue.request(WEBHOOK);
            assertThat(firstPassStarted.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 10; i++) {
                queue.request(WEBHOOK);
            }
            releaseFirstPass.countDown();

            assertThat(queue.awaitIdle(WAIT)).isTrue();
            assertThat(passes).hasValue(2);
            assertThat(queue.passes()).isEqualTo(2);
        }
    }

    @Test
    void passesNeverOverlapHoweverManyRequestsArriveAtOnce() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        try (CoalescingSyncQueue queue = new CoalescingSyncQueue(() -> {
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            Thread.yield();
            running.decrementAndGet();
        })) {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> senders = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                senders.add(Thread.ofVirtual().start(() -> {
                    await(go);
                    try {
                        queue.request(WEBHOOK);
                    } catch (SyncTrigger.SyncUnavailableException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            go.countDown();
            for (Thread sender : senders) {
                sender.join();
            }

            assertThat(queue.awaitIdle(WAIT)).isTrue();
            assertThat(overlaps).hasValue(0);
            assertThat(queue.passes()).isBetween(1L, 50L);
        }
    }

    @Test
    void aPassThatCrashesDoesNotStopLaterPasses() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        try (CoalescingSyncQueue queue = new CoalescingSyncQueue(() -> {
            if (passes.incrementAndGet() == 1) {
                throw new IllegalStateException("a bug");
            }
        })) {
            queue.request(WEBHOOK);
            assertThat(queue.awaitIdle(WAIT)).isTrue();
            queue.request(WEBHOOK);
            assertThat(queue.awaitIdle(WAIT)).isTrue();

            assertThat(passes).hasValue(2);
        }
    }

    @Test
    void refusesRequestsOnceShutSoTheWebhookIsRetried() {
        CoalescingSyncQueue queue = new CoalescingSyncQueue(() -> {});
        queue.close();

        assertThatThrownBy(() -> queue.request(WEBHOOK)).isInstanceOf(SyncTrigger.SyncUnavailableException.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void waitsAsLongAsThePacingAsksBeforeEachPass() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-18T09:00:00Z"));
        AtomicInteger passes = new AtomicInteger();
        try (CoalescingSyncQueue queue =
                new CoalescingSyncQueue(counting(passes), () -> Duration.ofMillis(2_700), clock)) {
            queue.request(WEBHOOK);
            assertThat(queue.awaitIdle(WAIT)).isTrue();

            assertThat(passes).hasValue(1);
            assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(2_700));
        }
    }

    @Test
    void requestsThatArriveWhileAPassWaitsForItsTurnJoinThatPass() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger passes = new AtomicInteger();
        Sleeper heldUntilReleased = duration -> {
            waiting.countDown();
            release.await();
        };
        try (CoalescingSyncQueue queue =
                new CoalescingSyncQueue(counting(passes), () -> Duration.ofSeconds(3), heldUntilReleased)) {
            queue.request(WEBHOOK);
            assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 20; i++) {
                queue.request(WEBHOOK);
            }
            release.countDown();

            assertThat(queue.awaitIdle(WAIT)).isTrue();
            assertThat(passes).hasValue(1);
        }
    }

    @Test
    void handsEachPassThePublicNotesItsRequestsNamedAndKeepsThemWhenThePassFails() throws Exception {
        List<Set<String>> seen = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        try (CoalescingSyncQueue queue = new CoalescingSyncQueue(
                notes -> {
                    seen.add(notes);
                    return calls.incrementAndGet() > 1;
                },
                () -> Duration.ZERO,
                Sleeper.SYSTEM)) {
            queue.request(new SyncRequest("acme", "d1", "incident.annotated", "Q1"));
            assertThat(queue.awaitIdle(WAIT)).isTrue();
            queue.request(WEBHOOK);
            assertThat(queue.awaitIdle(WAIT)).isTrue();
            queue.request(WEBHOOK);
            assertThat(queue.awaitIdle(WAIT)).isTrue();

            assertThat(seen).containsExactly(Set.of("acme/Q1"), Set.of("acme/Q1"), Set.of());
        }
    }

    @Test
    void aHintIsHandedToAtMostThreeFailedPassesThenDropped() throws Exception {
        List<Set<String>> seen = new CopyOnWriteArrayList<>();
        try (CoalescingSyncQueue queue = new CoalescingSyncQueue(
                notes -> {
                    seen.add(notes);
                    return false;
                },
                () -> Duration.ZERO,
                Sleeper.SYSTEM)) {
            queue.request(new SyncRequest("acme", "d1", "incident.annotated", "PGONE404"));
            for (int i = 0; i < 4; i++) {
                assertThat(queue.awaitIdle(WAIT)).isTrue();
                queue.request(WEBHOOK);
            }
            assertThat(queue.awaitIdle(WAIT)).isTrue();

            assertThat(seen)
                    .containsExactly(
                            Set.of("acme/PGONE404"),
                            Set.of("acme/PGONE404"),
                            Set.of("acme/PGONE404"),
                            Set.of(),
                            Set.of());
        }
    }

    @Test
    void aFloodOfHintsIsBoundedAndEachPassGetsAtMostWhatItReads() throws Exception {
        CountDownLatch firstPassStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstPass = new CountDownLatch(1);
        List<Set<String>> seen = new CopyOnWriteArrayList<>();
        try (CoalescingSyncQueue queue = new CoalescingSyncQueue(
                notes -> {
                    seen.add(notes);
                    if (seen.size() == 1) {
                        firstPassStarted.countDown();
                        await(releaseFirstPass);
                    }
                    return true;
                },
                () -> Duration.ZERO,
                Sleeper.SYSTEM)) {
            queue.request(WEBHOOK);
            assertThat(firstPassStarted.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 2_000; i++) {
                queue.request(new SyncRequest("acme", "d" + i, "incident.annotated", "P" + (100_000 + i)));
            }
            releaseFirstPass.countDown();
            assertThat(queue.awaitIdle(WAIT)).isTrue();

            List<Set<String>> hinted = seen.subList(1, seen.size());
            assertThat(hinted).allSatisfy(hints -> assertThat(hints).hasSizeLessThanOrEqualTo(20));
            assertThat(hinted.stream().mapToInt(Set::size).sum()).isEqualTo(CoalescingSyncQueue.MAX_PENDING_HINTS);
            assertThat(hinted.stream().flatMap(Set::stream).distinct().count())
                    .isEqualTo(CoalescingSyncQueue.MAX_PENDING_HINTS);
        }
    }

    @Test
    void aHintWhoseNoteHadNoNoticeYetIsReadAgainByAnotherPassAskedForAtOnce() throws Exception {
        List<Set<String>> seen = new CopyOnWriteArrayList<>();
        try (CoalescingSyncQueue queue = new CoalescingSyncQueue(
                wanted -> {
                    seen.add(wanted.hints());
                    return new CoalescingSyncQueue.Outcome(true, seen.size() == 1 ? wanted.hints() : Set.of());
                },
                Sleeper.SYSTEM,
                () -> Duration.ZERO)) {
            queue.request(new SyncRequest("acme", "d1", "incident.annotated", "Q1F7K0ZP3XW9LM"));
            assertThat(queue.awaitIdle(WAIT)).isTrue();

            assertThat(seen).containsExactly(Set.of("acme/Q1F7K0ZP3XW9LM"), Set.of("acme/Q1F7K0ZP3XW9LM"));
        }
    }

    @Test
    void anAcknowledgementAsksItsPassToReadThePageWholeAtOnce() throws Exception {
        List<Boolean> pageFirst = new CopyOnWriteArrayList<>();
        try (CoalescingSyncQueue queue = new CoalescingSyncQueue(
                wanted -> {
                    pageFirst.add(wanted.pageFirst());
                    return new CoalescingSyncQueue.Outcome(true, Set.of());
                },
                Sleeper.SYSTEM,
                () -> Duration.ZERO)) {
            queue.request(new SyncRequest("acme", "d1", "incident.acknowledged"));
            assertThat(queue.awaitIdle(WAIT)).isTrue();
            queue.request(new SyncRequest("acme", "d2", "incident.priority_updated"));
            assertThat(queue.awaitIdle(WAIT)).isTrue();

            assertThat(pageFirst).containsExactly(true, false);
        }
    }

    private static Predicate<Set<String>> counting(AtomicInteger passes) {
        return notes -> {
            passes.incrementAndGet();
            return true;
        };
    }
}
