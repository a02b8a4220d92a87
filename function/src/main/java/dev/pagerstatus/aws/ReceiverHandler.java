package dev.pagerstatus.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.pagerstatus.config.ConfigException;
import dev.pagerstatus.standin.Samples;
import dev.pagerstatus.support.Log;
import dev.pagerstatus.support.Secret;
import dev.pagerstatus.sync.SyncTrigger;
import dev.pagerstatus.webhook.DeliveryIds;
import dev.pagerstatus.webhook.WebhookAccount;
import dev.pagerstatus.webhook.WebhookAccounts;
import dev.pagerstatus.webhook.WebhookReceiver;
import dev.pagerstatus.webhook.WebhookRequest;
import dev.pagerstatus.webhook.WebhookResponse;
import dev.pagerstatus.webhook.WebhookSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The receiver function behind the HTTP API ({@code POST /{account}}, {@code GET /}): translates the API
 * Gateway event into one call of {@link WebhookReceiver} and back. Requests for a sync go to the SQS FIFO queue;
 * the answer comes before any sync runs, well inside PagerDuty's five seconds. It takes the event as a stream
 * and reads it with {@link LambdaJson}, into the same event classes a typed handler would get.
 */
public final class ReceiverHandler implements RequestStreamHandler {
    private static final Map<String, String> JSON = Map.of("content-type", WebhookResponse.CONTENT_TYPE);

    private final WebhookReceiver receiver;
    private final Metrics metrics;
    /** Held so the CRaC registration (weak) lives as long as the handler. */
    private final Priming priming;

    /** What Lambda calls, once per execution environment: clients are built here, before any request. */
    public ReceiverHandler() {
        this(wiring(System.getenv(), AwsEnvironment::ssm, AwsEnvironment::sqs));
    }

    private ReceiverHandler(Wiring wiring) {
        this(wiring.accounts(), wiring.trigger(), wiring.metrics());
    }

    record Wiring(WebhookAccounts accounts, SyncTrigger trigger, Metrics metrics) {}

    /**
     * The receiver's collaborators from its environment. When the environment is wrong, the function still
     * starts, and answers every request 503 with the reason in its log line, as it does when Parameter Store
     * holds a bad value: PagerDuty retries, and the alarm names what to fix.
     */
    static Wiring wiring(Map<String, String> env, Supplier<SsmClient> ssm, Supplier<SqsClient> sqs) {
        Metrics metrics = new Metrics(
                env.getOrDefault(AwsEnvironment.METRICS_NAMESPACE, Metrics.DEFAULT_NAMESPACE),
                "receiver",
                InstantSource.system(),
                System.out::println);
        try {
            AwsEnvironment environment = AwsEnvironment.from(env);
            String queueUrl = environment.requiredQueueUrl();
            return new Wiring(
                    new SsmWebhookAccounts(
                            new ParameterStore(ssm.get()),
                            environment.layout(),
                            environment.configTtl(),
                            InstantSource.system()),
                    new SqsSyncTrigger(sqs.get(), queueUrl),
                    metrics);
        } catch (ConfigException e) {
            Log.error("config.invalid", "function", "receiver", "error", e.getMessage());
            return new Wiring(WebhookAccounts.misconfigured(e.getMessage()), request -> {}, metrics);
        }
    }

    ReceiverHandler(WebhookAccounts accounts, SyncTrigger trigger, Metrics metrics) {
        this.receiver = new WebhookReceiver(accounts, trigger, DeliveryIds.defaults());
        this.metrics = metrics;
        this.priming = Priming.register("receiver", ReceiverHandler::prime);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaJson.MAPPER.writeValue(output, handle(LambdaJson.MAPPER.readValue(input, APIGatewayV2HTTPEvent.class)));
    }

    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        String method = method(event);
        WebhookResponse response;
        try {
            response = receiver.handle(request(event));
        } catch (IllegalArgumentException badBase64) {
            response = new WebhookResponse(400, "{\"error\":\"the body is not valid base64\"}");
        }
        if (method.equals("POST")) {
            metrics.emit(new Metrics.Batch()
                    .count("Webhooks", 1)
                    .count("RejectedWebhooks", response.status() >= 400 && response.status() < 500 ? 1 : 0));
        }
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(JSON)
                .withBody(response.body())
                .withIsBase64Encoded(false)
                .build();
    }

    /**
     * HTTP API payload 2.0: header names arrive lower-case, repeated headers joined by commas, and a body
     * API Gateway considers binary arrives base64-encoded. The signature is over the decoded bytes.
     */
    static WebhookRequest request(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        byte[] bytes = body == null
                ? new byte[0]
                : event.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        String path = event.getRawPath() == null || event.getRawPath().isEmpty() ? "/" : event.getRawPath();
        return new WebhookRequest(
                method(event), path, event.getHeaders() == null ? Map.of() : event.getHeaders(), bytes);
    }

    private static String method(APIGatewayV2HTTPEvent event) {
        return Optional.ofNullable(event.getRequestContext())
                .map(APIGatewayV2HTTPEvent.RequestContext::getHttp)
                .map(APIGatewayV2HTTPEvent.RequestContext.Http::getMethod)
                .orElse("GET");
    }

    /**
     * Runs the request path on the bundled sample webhook: event translation, signature check, parsing and
     * the answer, against an account and secret that exist only here, with a trigger that goes nowhere.
     */
    static void prime() {
        byte[] body = Samples.bytes("webhook-acknowledged.json");
        Secret secret = Secret.of("priming-only-not-a-secret");
        WebhookAccounts accounts = WebhookAccounts.of(List.of(new WebhookAccount("priming", List.of(secret))));
        WebhookReceiver receiver = new WebhookReceiver(accounts, request -> {}, new DeliveryIds(1024));
        String signature = WebhookSignature.sign(secret, body);
        for (int i = 0; i < 500; i++) {
            boolean encoded = i % 2 == 0;
            APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                    .withRawPath(i % 10 == 0 ? "/" : "/priming")
                    .withHeaders(Map.of(
                            "content-type",
                            "application/json",
                            "x-pagerduty-signature",
                            signature,
                            "x-webhook-id",
                            "priming-" + i,
                            "user-agent",
                            "PagerDuty-Webhook/V3.0"))
                    .withBody(
                            encoded
                                    ? Base64.getEncoder().encodeToString(body)
                                    : new String(body, StandardCharsets.UTF_8))
                    .withIsBase64Encoded(encoded)
                    .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                    .withMethod(i % 10 == 0 ? "GET" : "POST")
                                    .withPath("/priming")
                                    .build())
                            .build())
                    .build();
            try {
                byte[] json = LambdaJson.MAPPER.writeValueAsBytes(event);
                LambdaJson.MAPPER.writeValueAsBytes(APIGatewayV2HTTPResponse.builder()
                        .withStatusCode(202)
                        .withBody(
                                receiver.handle(request(LambdaJson.MAPPER.readValue(json, APIGatewayV2HTTPEvent.class)))
                                        .body())
                        .build());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
