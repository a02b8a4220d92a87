package dev.pagerstatus.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagerstatus.testing.LogLines;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LogTest {
    @RegisterExtension
    final LogLines logs = new LogLines();

    private final List<String> lines = logs.lines();

    @Test
    void writesOneJsonObjectPerLine() throws Exception {
        Log.warn("thing.happened", "count", 3, "who", "acme");

        JsonNode line = Json.MAPPER.readTree(lines.getFirst());
        assertThat(line.path("level").asText()).isEqualTo("WARN");
        assertThat(line.path("event").asText()).isEqualTo("thing.happened");
        assertThat(line.path("count").asInt()).isEqualTo(3);
        assertThat(lines.getFirst()).doesNotContain("\n");
    }

    @Test
    void cutsEveryLongValueAndSaysHowMuchWasCut() throws Exception {
        Log.info(
                "request",
                "path",
                "p".repeat(64 * 1024),
                "nested",
                Map.of("id", "i".repeat(10_000)),
                "list",
                IntStream.range(0, 1_000).mapToObj(i -> "item" + i).toList());

        assertThat(lines.getFirst().length()).isLessThan(10_000);
        JsonNode line = Json.MAPPER.readTree(lines.getFirst());
        assertThat(line.path("path").asText())
                .hasSize(Log.MAX_VALUE_CHARS + "…(63536 more)".length())
                .endsWith("…(63536 more)");
        assertThat(line.path("nested").path("id").asText()).endsWith("…(8000 more)");
        assertThat(line.path("list")).hasSize(Log.MAX_LIST_ITEMS + 1);
    }

    @Test
    void carriesAStackTraceInItsOwnLongerField() throws Exception {
        Exception failure = new IllegalStateException("boom");

        Log.error("crashed", "error", failure.toString(), "stack", Log.stack(failure));

        JsonNode line = Json.MAPPER.readTree(lines.getFirst());
        assertThat(line.path("stack").asText())
                .startsWith("java.lang.IllegalStateException: boom")
                .contains("at dev.pagerstatus.support.LogTest");
    }

    @Test
    void aQuietScopeDropsItsLinesAndThoseOfTheThreadsItStartsButNoOtherThreads() throws Exception {
        CountDownLatch inScope = new CountDownLatch(1);
        CountDownLatch loggedOutside = new CountDownLatch(1);
        Thread outside = Thread.ofPlatform().start(() -> {
            try {
                inScope.await();
                Log.info("webhook.request", "from", "another thread");
                loggedOutside.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        Log.quietly(() -> {
            Log.info("sync.pass", "page", "rehearsal000");
            try (var readers = Executors.newVirtualThreadPerTaskExecutor()) {
                readers.submit(() -> Log.warn("statuspage.write", "page", "rehearsal000"));
            }
            inScope.countDown();
            try {
                loggedOutside.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        outside.join();
        Log.info("after.scope");

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("webhook.request");
        assertThat(lines.get(1)).contains("after.scope");
    }
}
