package dev.pagerstatus.standin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagerstatus.support.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The files of {@code samples/demo}, which the build bundles into the jar: the demo starts from them, and
 * SnapStart priming runs the real code paths on them.
 */
public final class Samples {
    private Samples() {}

    public static byte[] bytes(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/dev/pagerstatus/demo/" + name)) {
            if (in == null) {
                throw new IllegalStateException(
                        "the jar lacks samples/demo/" + name + "; rebuild it with ./mvnw package");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String name) {
        try {
            return Json.MAPPER.readTree(bytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
