package dev.pagerstatus.support;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/** The one ObjectMapper, built once: it is thread-safe and its caches are worth keeping warm. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            // Both vendors add fields over time; an unknown field must never fail a pass.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /** Refuses a key given twice: two readers of the same bytes could otherwise see two different messages. */
    private static final ObjectReader STRICT_READER =
            MAPPER.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    /** The body held more than one JSON document, or something after it. */
    public static final class TrailingData extends IOException {
        TrailingData() {
            super("there is more after the JSON document");
        }
    }

    private Json() {}

    /**
     * Builds the mapper and reads and writes a small document, so that the first real response does not pay for
     * it; a command-line pass calls it on another thread while it starts.
     */
    public static void warmUp() {
        try {
            MAPPER.writeValueAsBytes(MAPPER.readTree("{\"warm\":[1,\"up\",true,null,{\"x\":1.5}]}"));
        } catch (IOException e) {
            throw new IllegalStateException("the JSON library cannot read its own warm-up", e);
        }
    }

    /**
     * For input from outside (webhooks): exactly one JSON document, with no key given twice in an object.
     *
     * @throws TrailingData when anything but white space follows the document
     * @throws IOException when it is not JSON, or a key appears twice (Jackson's "Duplicate field")
     */
    public static JsonNode readOneDocument(byte[] body) throws IOException {
        try (JsonParser parser = STRICT_READER.createParser(body)) {
            JsonNode tree = STRICT_READER.readTree(parser);
            boolean more;
            try {
                more = parser.nextToken() != null;
            } catch (JsonProcessingException garbage) {
                more = true;
            }
            if (more) {
                throw new TrailingData();
            }
            return tree;
        }
    }
}
