package dev.pagerstatus.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * One JSON object per line on standard error: what CloudWatch Logs (JSON log format) and {@code jq} read best,
 * and out of the way of a command's own output on standard out. Callers pass key/value pairs; nothing here
 * ever receives a {@link Secret}'s value. A line is bounded whatever it is given: every string value is cut at
 * {@value #MAX_VALUE_CHARS} characters and every list at {@value #MAX_LIST_ITEMS} items, because some values
 * (paths, ids, event types) come from strangers on the internet.
 */
public final class Log {
    /** Levels in order; lines below the threshold are dropped. */
    public enum Level {
        INFO,
        WARN,
        ERROR
    }

    /** The longest string value a line carries; longer ones are cut and say how much was cut. */
    static final int MAX_VALUE_CHARS = 2_000;

    static final int MAX_STACK_CHARS = 16_000;
    static final int MAX_LIST_ITEMS = 100;

    private static volatile Consumer<String> sink = System.err::println;
    private static volatile Level threshold = Level.INFO;
    /** Set for a rehearsal's thread and inherited by the threads it starts: their lines are not the product's. */
    private static final InheritableThreadLocal<Boolean> QUIET = new InheritableThreadLocal<>();

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

    /**
     * Runs {@code work} with its log lines dropped, and those of the threads it starts meanwhile (the virtual
     * threads a pass reads and writes on); every other thread logs as before. For passes rehearsed against the
     * stand-ins, which must not read as passes of the real page.
     */
    public static void quietly(Runnable work) {
        Boolean before = QUIET.get();
        QUIET.set(Boolean.TRUE);
        try {
            work.run();
        } finally {
            if (before == null) {
                QUIET.remove();
            } else {
                QUIET.set(before);
            }
        }
    }

    /** Redirects log lines; tests use it to read what was logged. Returns the previous sink. */
    public static Consumer<String> redirect(Consumer<String> newSink) {
        Consumer<String> previous = sink;
        sink = newSink;
        return previous;
    }

    /** {@code text} cut to {@code max} characters, saying how much was cut; null stays null. */
    public static String clip(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "…(" + (text.length() - max) + " more)";
    }

    /** A throwable's stack trace for the {@code stack} field, which is allowed to be longer than other values. */
    public static String stack(Throwable throwable) {
        StringWriter trace = new StringWriter();
        throwable.printStackTrace(new PrintWriter(trace));
        return clip(trace.toString(), MAX_STACK_CHARS);
    }

    private static void write(Level level, String event, Object... keyValues) {
        if (level.compareTo(threshold) < 0 || QUIET.get() != null) {
            return;
        }
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("time", Instant.now().toString());
        line.put("level", level.name());
        line.put("event", event);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            String key = String.valueOf(keyValues[i]);
            int max = key.equals("stack") ? MAX_STACK_CHARS : MAX_VALUE_CHARS;
            line.set(key, bounded(Json.MAPPER.valueToTree(keyValues[i + 1]), max));
        }
        sink.accept(line.toString());
    }

    /** Every string clipped and every list cut short, however the value was built. */
    private static JsonNode bounded(JsonNode value, int maxChars) {
        if (value.isTextual()) {
            String text = value.asText();
            return text.length() <= maxChars ? value : TextNode.valueOf(clip(text, maxChars));
        }
        if (value.isArray()) {
            ArrayNode list = Json.MAPPER.createArrayNode();
            for (int i = 0; i < value.size() && i < MAX_LIST_ITEMS; i++) {
                list.add(bounded(value.get(i), maxChars));
            }
            if (value.size() > MAX_LIST_ITEMS) {
                list.add("…(" + (value.size() - MAX_LIST_ITEMS) + " more)");
            }
            return list;
        }
        if (value.isObject()) {
            ObjectNode object = Json.MAPPER.createObjectNode();
            value.properties()
                    .forEach(field -> object.set(clip(field.getKey(), 128), bounded(field.getValue(), maxChars)));
            return object;
        }
        return value;
    }
}
