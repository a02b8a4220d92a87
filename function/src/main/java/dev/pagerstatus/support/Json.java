package dev.pagerstatus.support;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one ObjectMapper, built once: it is thread-safe and its caches are worth keeping warm. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            // Both vendors add fields over time; an unknown field must never fail a pass.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private Json() {}
}
