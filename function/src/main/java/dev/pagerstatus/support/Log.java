package dev.pagerstatus.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * One JSON object per line on standard error: what CloudWatch Logs (JSON log format) and {@code jq} read best,
 * and out of the way of a command's own output on standard out. Callers pass key/value pairs; nothing here
 * ever receives a {@link dev.pagerstatus.support.Secret}'s value.
 */
public final class Log {
    /** Levels in order; lines below the threshold are dropped. */
    public enum Level {
        INFO,
        WARN,
        ERROR
    }

    private static volatile Consumer<String> sink = System.err::println;
    private static volatile Level threshold = Level.INFO;

    private Log() {}

    public static void info(String event, Object... keyValues) {
        write(Level.INFO, event, keyValues);
    }

    public static void warn(String event, Object... keyValues) {
        write(Level.WARN, event, keyValues);
    }

    public static void error(String event, Object... keyValues) {
        write(Level.ERROR, event, keyValues);
    }

    public static void threshold(Level level) {
        threshold = level;
    }

    public static Level threshold() {
        return threshold;
    }

    /** Reads a level name such as {@code warn}; unknown names keep the default. */
    public static Level level(String name, Level fallback) {
        if (name == null) {
            return fallback;
        }
        try {
            return Level.valueOf(name.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    /** Redirects log lines; tests use it to read what was logged. Returns the previous sink. */
    public static Consumer<String> redirect(Consumer<String> newSink) {
        Consumer<String> previous = sink;
        sink = newSink;
        return previous;
    }

    private static void write(Level level, String event, Object... keyValues) {
        if (level.compareTo(threshold) < 0) {
            return;
        }
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("time", Instant.now().toString());
        line.put("level", level.name());
        line.put("event", event);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            line.set(String.valueOf(keyValues[i]), Json.MAPPER.valueToTree(keyValues[i + 1]));
        }
        sink.accept(line.toString());
    }
}
