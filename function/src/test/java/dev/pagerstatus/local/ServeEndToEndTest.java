package dev.pagerstatus.local;

import static dev.pagerstatus.testing.FakeWorld.API;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagerstatus.config.EnvironmentSettings;
import dev.pagerstatus.standin.PagerDutyStandIn;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.support.Log;
import dev.pagerstatus.support.Secret;
import dev.pagerstatus.testing.FakeWorld;
import dev.pagerstatus.testing.Fixtures;
import dev.pagerstatus.webhook.WebhookSignature;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code serve} over HTTP: the receiver, the serialized queue and real passes against the stand-in APIs. */
class ServeEndToEndTest {
    private static final String SECRET = "Wz1kQp8vN3rT6yU9xA2cF5hJ8mL0oS4d";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final FakeWorld world = new FakeWorld();
    private final HttpClient http = HttpClient.newHttpClient();
    private Serve serve;

    @BeforeEach
    void start() {
        Map<String, String> env = world.environment();
        env.put("PD_WEBHOOK_SECRET_ACME", SECRET);
        LocalServer server = LocalServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        serve = Serve.start(server, EnvironmentSettings.load(env), world.clients(), Duration.ZERO, false, Map.of());
    }

    @AfterEach
    void stop() {
        serve.close();
        world.close();
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + serve.port() + path);
    }

    private HttpResponse<String> postSigned(String path, byte[] body, String webhookId) throws Exception {
        return http.send(
                HttpRequest.newBuilder(url(path))
                        .header("Content-Type", "application/json")
                        .header("X-PagerDuty-Signature", WebhookSignature.sign(Secret.of(SECRET), body))
                        .header("X-Webhook-Id", webhookId)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a request with these extra header lines over a raw loopback socket; returns what came back. */
    private String rawRequest(String extraHeaders) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), serve.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("POST /acme HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                    + extraHeaders + "Content-Length: 2\r\nConnection: close\r\n\r\n{}")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static String header(int valueLength) {
        return "X-Padding: " + "a".repeat(valueLength) + "\r\n";
    }

    // Raw loopback sockets, as the bounds are about what a client sends; ServeUnderLoadIT checks the same
    // against the jar in its own JVM, where the server's own cut-off is set as in production.
    @Test
    void headersOverThirtyTwoKilobytesAreAnswered431NotCutOff() throws Exception {
        String answer = rawRequest(header(40 * 1024));

        assertThat(answer)
                .startsWith("HTTP/1.1 431 ")
                .contains("Connection: close")
                .endsWith("{\"error\":\"request headers over 32 KB, or more than 100 of them\"}");
    }

    @Test
    void moreThanAHundredHeadersAreAnswered431() throws Exception {
        String answer = rawRequest(header(10).repeat(120));

        assertThat(answer).startsWith("HTTP/1.1 431 ");
    }

    @Test
    void headersJustUnderTheBoundReachTheReceiver() throws Exception {
        String answer = rawRequest(header(31 * 1024));

        assertThat(answer).startsWith("HTTP/1.1 401 "); // unsigned: the receiver's own answer
    }

    @Test
    void aSignedWebhookIsAnsweredAtOnceAndThePassThatFollowsOpensTheNotice() throws Exception {
        world.incident("acme", "datadog.json", "acknowledged");

        HttpResponse<String> response =
                postSigned("/acme", Fixtures.bytes("webhooks/v3-incident-acknowledged.json"), "w1");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).contains("json"));
        assertThat(serve.queue().awaitIdle(WAIT)).isTrue();
        assertThat(world.openNoticeComponents()).containsExactly(API);
    }

    @Test
    void fiftyConcurrentDeliveriesForOneIncidentEndInExactlyOneNotice() throws Exception {
        world.incident("acme", "datadog.json", "acknowledged");
        byte[] body = Fixtures.bytes("webhooks/v3-incident-acknowledged.json");

        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            responses.add(http.sendAsync(
                    HttpRequest.newBuilder(url("/acme"))
                            .header("Content-Type", "application/json")
                            .header("X-PagerDuty-Signature", WebhookSignature.sign(Secret.of(SECRET), body))
                            .header("X-Webhook-Id", "delivery-" + i)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }

        assertThat(responses)
                .allSatisfy(response -> assertThat(response.join().statusCode()).isEqualTo(202));
        assertThat(serve.queue().awaitIdle(WAIT)).isTrue();
        assertThat(world.statuspage.unresolvedIncidents()).hasSize(1);
        assertThat(world.openNoticeComponents()).containsExactly(API);
        assertThat(world.traffic.statuspage())
                .filteredOn(request -> request.method().equals("POST"))
                .hasSize(1);
        assertThat(serve.queue().passes()).isLessThan(50);
    }

    @Test
    void followsTheStandInPagerDutysOwnSignedWebhooksThroughAnIncidentsLife() throws Exception {
        world.pagerDuty.subscribe("acme", url("/acme"), Secret.of(SECRET));
        JsonNode incident = world.incident("acme", "pingdom.json", "triggered");
        String id = incident.path("id").asText();

        world.pagerDuty.setStatus("acme", id, "acknowledged");
        assertThat(serve.queue().awaitIdle(WAIT)).isTrue();
        assertThat(world.openNoticeComponents()).containsExactly(FakeWorld.WEBSITE);

        world.pagerDuty.setStatus("acme", id, "resolved");
        assertThat(serve.queue().awaitIdle(WAIT)).isTrue();
        assertThat(world.openNoticeComponents()).isEmpty();
        assertThat(world.pagerDuty.deliveries())
                .extracting(PagerDutyStandIn.Delivery::status)
                .containsOnly(202);
    }

    @Test
    void refusesAnOversizedBodyOverTheWire() throws Exception {
        HttpResponse<String> response = postSigned("/acme", new byte[300 * 1024], "big");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("larger than 256 KB");
    }

    @Test
    void acceptsALegacyV2WebhookForAnAccountWithoutASecret() throws Exception {
        world.incident("globex", "alertmanager.json", "acknowledged");

        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(url("/globex"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(
                                Fixtures.bytes("webhooks/v2-python-pagerstatus-readme-test.json")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(serve.queue().awaitIdle(WAIT)).isTrue();
        assertThat(world.openNoticeComponents()).containsExactly(FakeWorld.DATABASE);
    }

    @Test
    void answersHealthOverTheWire() throws Exception {
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(url("/")).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(response.body()).path("accounts"))
                .extracting(JsonNode::asText)
                .containsExactly("acme", "globex");
    }

    @Test
    void rehearsalsBesideRealPassesTouchNothingRealAndSayOnlyThatTheyRan() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        CountDownLatch rehearsed = new CountDownLatch(1);
        var previous = Log.redirect(line -> {
            lines.add(line);
            if (line.contains("serve.rehearsed")) {
                rehearsed.countDown();
            }
        });
        try {
            world.incident("acme", "datadog.json", "acknowledged");

            serve.rehearseWhileIdle(2);
            postSigned("/acme", Fixtures.bytes("webhooks/v3-incident-acknowledged.json"), "w-beside");

            assertThat(rehearsed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(serve.queue().awaitIdle(WAIT)).isTrue();
        } finally {
            Log.redirect(previous);
        }
        assertThat(world.openNoticeComponents()).containsExactly(API);
        assertThat(world.statuspage.incidents()).hasSize(1);
        assertThat(lines).noneMatch(line -> line.contains("rehearsal"));
        assertThat(lines)
                .filteredOn(line -> line.contains("\"event\":\"sync.pass\""))
                .hasSize(1);
        assertThat(lines)
                .filteredOn(line -> line.contains("serve.rehearsed"))
                .singleElement()
                .satisfies(line -> assertThat(
                                Json.MAPPER.readTree(line).path("rounds").asInt())
                        .isEqualTo(2));
    }
}
