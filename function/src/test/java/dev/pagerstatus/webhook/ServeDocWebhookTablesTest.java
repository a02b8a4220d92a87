package dev.pagerstatus.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The tables of webhook answers and required fields in docs/serve.md say exactly what the receiver does. */
class ServeDocWebhookTablesTest {
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private static List<String[]> table(String heading) throws IOException {
        String readme = Files.readString(Path.of("..", "docs", "serve.md"));
        int start = readme.indexOf(heading);
        assertThat(start).as("docs/serve.md has the table after '%s'", heading).isPositive();
        List<String[]> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : readme.substring(start).lines().skip(1).toList()) {
            if (line.startsWith("|")) {
                inTable = true;
                String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
                if (!cells[0].strip().startsWith("---")
                        && !cells[0].strip().equals("answer")
                        && !cells[0].strip().equals("format")) {
                    rows.add(cells);
                }
            } else if (inTable) {
                break;
            }
        }
        return rows;
    }

    private static List<String> codes(String cell) {
        List<String> codes = new ArrayList<>();
        Matcher matcher = CODE.matcher(cell);
        while (matcher.find()) {
            codes.add(matcher.group(1));
        }
        return codes;
    }

    @Test
    void theEventsThatQueueAPassAreExactlyTheReceiversList() throws IOException {
        String accepted = table("The answers PagerDuty gets").stream()
                .filter(row -> row[0].strip().equals("202"))
                .findFirst()
                .orElseThrow()[2];
        String v3 = accepted.substring(accepted.indexOf("V3:"), accepted.indexOf("V2:"));
        String v2 = accepted.substring(accepted.indexOf("V2:"));

        Set<String> v3Events = new TreeSet<>(WebhookEvents.V3_SYNC);
        v3Events.add(WebhookEvents.ANNOTATED);
        assertThat(expand(codes(v3))).isEqualTo(v3Events);
        assertThat(v3).contains("`.annotated` when its note starts with `" + WebhookEvents.PUBLIC_MARKER + "`");
        assertThat(expand(codes(v2))).isEqualTo(new TreeSet<>(WebhookEvents.V2_SYNC));
    }

    /** {@code incident.triggered}, {@code .acknowledged}: the page abbreviates repeated prefixes. */
    private static Set<String> expand(List<String> names) {
        Set<String> events = new TreeSet<>();
        for (String name : names) {
            if (!name.startsWith("#")) {
                events.add(name.startsWith(".") ? "incident" + name : name);
            }
        }
        return events;
    }

    @Test
    void theAnswersAreTheStatusesTheReceiverGives() throws IOException {
        Set<String> statuses = new TreeSet<>();
        table("The answers PagerDuty gets").forEach(row -> statuses.add(row[0].strip()));

        // 431 is the server's, before the receiver (HeaderBound; ServeEndToEndTest sends it raw headers).
        assertThat(statuses).containsExactly("200", "202", "400", "401", "404", "405", "413", "415", "431", "503");
    }

    @Test
    void everyRequiredV3FieldIsRefusedByNameWhenItIsMissing() throws Exception {
        List<String> fields = new ArrayList<>();
        for (String[] row : table("The fields a webhook must have")) {
            if (row[0].strip().equals("V3")) {
                fields.addAll(codes(row[1]));
            }
        }
        assertThat(fields)
                .containsExactly(
                        "event",
                        "event.id",
                        "event.event_type",
                        "event.resource_type",
                        "event.occurred_at",
                        "event.data");

        WebhookReceiver receiver = new WebhookReceiver(
                WebhookAccounts.of(List.of(new WebhookAccount("legacy", List.of()))),
                request -> {},
                new DeliveryIds(10));
        for (String field : fields) {
            ObjectNode body = Fixtures.object("webhooks/v3-incident-acknowledged.json");
            String[] path = field.split("\\.");
            JsonNode parent = body;
            for (int i = 0; i < path.length - 1; i++) {
                parent = parent.path(path[i]);
            }
            ((ObjectNode) parent).remove(path[path.length - 1]);

            WebhookResponse response = receiver.handle(new WebhookRequest(
                    "POST",
                    "/legacy",
                    Map.of("content-type", "application/json"),
                    body.toString().getBytes(StandardCharsets.UTF_8)));

            assertThat(response.status()).as(field).isEqualTo(400);
            String reason = Json.MAPPER.readTree(response.body()).path("error").asText();
            assertThat(reason).as(field).contains(field.equals("event") ? "not a PagerDuty webhook" : field);
        }
    }
}
