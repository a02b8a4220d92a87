package dev.pagerstatus.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagerstatus.support.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** One value nested absurdly deep is skipped, and everything around it is read. */
class NestingLimitTest {
    @Test
    void anAnswerWithinTheLimitIsReadAsItCame() {
        byte[] body = "[{\"id\":\"p31zjtct2jer\",\"metadata\":{\"jira\":{\"issue_id\":\"OPS-4411\"}}}]"
                .getBytes(StandardCharsets.UTF_8);

        NestingLimit.Pruned pruned = NestingLimit.prune(body);

        assertThat(pruned.body()).isSameAs(body);
        assertThat(pruned.skipped()).isZero();
    }

    @Test
    void metadataNestedAThousandLevelsDeepBecomesNullAndTheOtherIncidentsStay() throws Exception {
        String deep = "{\"a\":".repeat(1000) + "\"[{\\\"tricky\\\" ]}\"" + "}".repeat(1000);
        String body = "[{\"id\":\"d33p00000001\",\"metadata\":{\"person\":" + deep + "}},"
                + "{\"id\":\"p31zjtct2jer\",\"name\":\"Investigating errors in API\","
                + "\"metadata\":{\"pagerstatus\":{\"managed\":\"true\"}}}]";

        NestingLimit.Pruned pruned = NestingLimit.prune(body.getBytes(StandardCharsets.UTF_8));
        JsonNode list = Json.MAPPER.readTree(pruned.body());

        assertThat(pruned.skipped()).isEqualTo(1);
        assertThat(list).hasSize(2);
        assertThat(list.get(0).path("id").asText()).isEqualTo("d33p00000001");
        assertThat(list.get(1).path("name").asText()).isEqualTo("Investigating errors in API");
        assertThat(list.get(1)
                        .path("metadata")
                        .path("pagerstatus")
                        .path("managed")
                        .asText())
                .isEqualTo("true");
    }

    @Test
    void bracketsInsideStringsAreText() throws Exception {
        String text = "\"" + "[{".repeat(200) + "\\\"" + "\"";
        byte[] body = ("{\"body\":" + text + "}").getBytes(StandardCharsets.UTF_8);

        NestingLimit.Pruned pruned = NestingLimit.prune(body);

        assertThat(pruned.skipped()).isZero();
        assertThat(Json.MAPPER.readTree(pruned.body()).path("body").asText()).startsWith("[{[{");
    }
}
