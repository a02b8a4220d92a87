package dev.pagerstatus.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Vendors' answers carry free-form values (Statuspage incident metadata, Events API custom details) that anyone
 * with a key can nest a thousand levels deep, which fails the JSON reader and with it the whole list: one
 * person's odd incident would stop every pass. Values nested deeper than {@link #MAX_DEPTH} are replaced with
 * the string {@value #SKIPPED} before parsing, so the rest of the answer is read, the skip is reported, and a
 * reader can tell the value is not what the vendor holds (pagerstatus never writes such metadata back).
 */
public final class NestingLimit {
    /** What stands in for a value nested too deep. */
    public static final String SKIPPED = "(pagerstatus: nested too deep to read)";

    /** Both vendors' own structures stay within about ten levels; records pagerstatus writes within four. */
    public static final int MAX_DEPTH = 64;

    /** The answer as parsed, and how many values were skipped. */
    record Pruned(byte[] body, int skipped) {}

    private NestingLimit() {}

    static Pruned prune(byte[] body) {
        if (deepest(body) <= MAX_DEPTH) {
            return new Pruned(body, 0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        int depth = 0;
        int skipped = 0;
        int i = 0;
        while (i < body.length) {
            byte b = body[i];
            if (b == '"') {
                int end = endOfString(body, i);
                out.write(body, i, end - i);
                i = end;
                continue;
            }
            if ((b == '{' || b == '[') && depth == MAX_DEPTH) {
                out.writeBytes(("\"" + SKIPPED + "\"").getBytes(StandardCharsets.UTF_8));
                i = endOfContainer(body, i);
                skipped++;
                continue;
            }
            depth += b == '{' || b == '[' ? 1 : b == '}' || b == ']' ? -1 : 0;
            out.write(b);
            i++;
        }
        return new Pruned(out.toByteArray(), skipped);
    }

    private static int deepest(byte[] body) {
        int depth = 0;
        int deepest = 0;
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (b == '"') {
                i = endOfString(body, i) - 1;
            } else if (b == '{' || b == '[') {
                deepest = Math.max(deepest, ++depth);
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        return deepest;
    }

    /** The index just past the string that opens at {@code start}, or the end when it never closes. */
    private static int endOfString(byte[] body, int start) {
        for (int i = start + 1; i < body.length; i++) {
            if (body[i] == '\\') {
                i++;
            } else if (body[i] == '"') {
                return i + 1;
            }
        }
        return body.length;
    }

    /** The index just past the container that opens at {@code start}, or the end when it never closes. */
    private static int endOfContainer(byte[] body, int start) {
        int depth = 0;
        for (int i = start; i < body.length; i++) {
            byte b = body[i];
            if (b == '"') {
                i = endOfString(body, i) - 1;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if ((b == '}' || b == ']') && --depth == 0) {
                return i + 1;
            }
        }
        return body.length;
    }
}
