package dev.pagerstatus.aws;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads Lambda events into the aws-lambda-java-events classes and writes responses, with pagerstatus's own
 * Jackson. Left to itself, the Java runtime would do this with a second, shaded Jackson by reflection, which
 * costs a cold start about a tenth of a second. The events' JSON differs from the beans' property names only
 * in case ({@code Records}, {@code eventSourceARN}), hence case-insensitive properties.
 */
final class LambdaJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private LambdaJson() {}
}
