package dev.pagerstatus.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pagerstatus.support.HttpExchanges;
import dev.pagerstatus.support.HttpServerLimits;
import dev.pagerstatus.support.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Stateful loopback stand-ins for the parts of SSM Parameter Store and SQS that pagerstatus calls, speaking
 * their AWS JSON protocols ({@code X-Amz-Target}), so the real AWS SDK clients are exercised:
 * {@code DescribeParameters} (Path filter, pagination), {@code GetParameters}, and FIFO {@code SendMessage}
 * with its MD5 and five-minute deduplication. It records every call, to check what each function asked for.
 */
public final class FakeAws implements AutoCloseable {
    /** A call as it arrived: the operation ({@code AmazonSSM.GetParameters}) and its JSON body. */
    public record Call(String operation, JsonNode body) {}

    private final HttpServer server;
    private final Map<String, String> parameters = new TreeMap<>();
    /** Each parameter's type and KMS key as PutParameter set them; absent: seeded, typed by its name. */
    private final Map<String, String[]> written = new TreeMap<>();

    private boolean refusePuts;
    private final List<Call> calls = new ArrayList<>();
    private final List<JsonNode> messages = new ArrayList<>();
    private final Set<String> deduplicationIds = new LinkedHashSet<>();
    private int failuresToInject;
    private int pageSize = 50;

    public FakeAws() {
        try {
            HttpServerLimits.apply(); // the JDK server reads its bounds once, from whichever server comes first
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The parameters of a deployment reading {@code world}'s page and its acme account, at the stand-ins' URLs. */
    public FakeAws pointedAt(FakeWorld world) {
        return parameter("/pagerstatus/statuspage/page-id", FakeWorld.PAGE)
                .parameter("/pagerstatus/statuspage/api-key", FakeWorld.STATUSPAGE_KEY)
                .parameter("/pagerstatus/accounts/acme/api-key", FakeWorld.ACME_KEY)
                .parameter(
                        "/pagerstatus/settings/pagerduty-api-url",
                        world.apis.pagerDutyUrl().toString())
                .parameter(
                        "/pagerstatus/settings/statuspage-api-url",
                        world.apis.statuspageUrl().toString());
    }

    public synchronized FakeAws parameter(String name, String value) {
        parameters.put(name, value);
        return this;
    }

    /** A parameter of the given type ({@code String}, {@code SecureString}), as someone put it by hand. */
    public synchronized FakeAws parameter(String name, String value, String type) {
        parameters.put(name, value);
        written.put(name, new String[] {type, null});
        return this;
    }

    public synchronized void removeParameter(String name) {
        parameters.remove(name);
    }

    /** PutParameter answers AccessDeniedException from now on, as for a role that may not write. */
    public synchronized void refusePuts() {
        refusePuts = true;
    }

    /** The type PutParameter gave a parameter ({@code SecureString}) and its KMS key id, or null. */
    public synchronized String[] written(String name) {
        return written.get(name);
    }

    public synchronized String value(String name) {
        return parameters.get(name);
    }

    /** DescribeParameters pages of this size (AWS allows up to 50). */
    public synchronized void pageSize(int size) {
        pageSize = size;
    }

    /** The next {@code count} calls answer 500 InternalServerError. */
    public synchronized void failNext(int count) {
        failuresToInject = count;
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Every parameter name whose value was asked for. */
    public synchronized List<String> namesRead() {
        List<String> names = new ArrayList<>();
        calls.stream()
                .filter(call -> call.operation().equals("AmazonSSM.GetParameters"))
                .forEach(call -> call.body().path("Names").forEach(name -> names.add(name.asText())));
        return names;
    }

    /** The SQS messages accepted (duplicates within the deduplication window are not). */
    public synchronized List<JsonNode> messages() {
        return List.copyOf(messages);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = HttpExchanges.readBody(exchange, 1 << 20);
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode body =
                    Json.MAPPER.readTree(raw == null || raw.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : raw);
            int status;
            Object answer;
            synchronized (this) {
                calls.add(new Call(target, body));
                if (failuresToInject > 0) {
                    failuresToInject--;
                    status = 500;
                    answer = Map.of("__type", "InternalServerError", "message", "injected failure");
                } else {
                    status = 200;
                    answer = switch (String.valueOf(target)) {
                        case "AmazonSSM.DescribeParameters" -> describe(body);
                        case "AmazonSSM.GetParameters" -> get(body);
                        case "AmazonSQS.SendMessage" -> send(body);
                        case "AmazonSSM.PutParameter" -> refusePuts ? null : put(body);
                        default -> null;
                    };
                    if (answer == null && refusePuts && "AmazonSSM.PutParameter".equals(target)) {
                        status = 400;
                        answer = Map.of("__type", "AccessDeniedException", "message", "not authorized to PutParameter");
                    }
                    if (answer == null && status == 200) {
                        status = 400;
                        answer = Map.of("__type", "UnknownOperationException", "message", "not faked: " + target);
                    }
                }
            }
            HttpExchanges.respond(exchange, status, "application/x-amz-json-1.1", HttpExchanges.toJson(answer));
        }
    }

    private ObjectNode describe(JsonNode request) {
        String path = "";
        boolean recursive = false;
        for (JsonNode filter : request.path("ParameterFilters")) {
            if (filter.path("Key").asText().equals("Path")) {
                path = filter.path("Values").get(0).asText();
                recursive = filter.path("Option").asText().equals("Recursive");
            }
        }
        String prefix = path.endsWith("/") ? path : path + "/";
        boolean deep = recursive;
        List<String> matching = parameters.keySet().stream()
                .filter(name -> name.startsWith(prefix)
                        && (deep || !name.substring(prefix.length()).contains("/")))
                .toList();
        int start = request.has("NextToken")
                ? Integer.parseInt(request.path("NextToken").asText())
                : 0;
        int size = Math.min(pageSize, request.path("MaxResults").asInt(50));
        ObjectNode response = Json.MAPPER.createObjectNode();
        ArrayNode page = response.putArray("Parameters");
        for (String name : matching.subList(start, Math.min(start + size, matching.size()))) {
            page.addObject()
                    .put("Name", name)
                    .put("Type", type(name))
                    .put("Version", 1)
                    .put("DataType", "text")
                    .put("Tier", "Standard");
        }
        if (start + size < matching.size()) {
            response.put("NextToken", String.valueOf(start + size));
        }
        return response;
    }

    private ObjectNode put(JsonNode request) {
        String name = request.path("Name").asText();
        boolean exists = parameters.containsKey(name);
        if (exists && !request.path("Overwrite").asBoolean(false)) {
            return null;
        }
        parameters.put(name, request.path("Value").asText());
        written.put(name, new String[] {
            request.path("Type").asText("String"), request.path("KeyId").asText(null)
        });
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.put("Version", 1);
        response.put("Tier", "Standard");
        return response;
    }

    private ObjectNode get(JsonNode request) {
        ObjectNode response = Json.MAPPER.createObjectNode();
        ArrayNode found = response.putArray("Parameters");
        ArrayNode invalid = response.putArray("InvalidParameters");
        for (JsonNode name : request.path("Names")) {
            String value = parameters.get(name.asText());
            if (value == null) {
                invalid.add(name.asText());
            } else {
                found.addObject()
                        .put("Name", name.asText())
                        .put("Type", "SecureString")
                        .put("Value", value)
                        .put("Version", 1)
                        .put("ARN", "arn:aws:ssm:eu-west-1:111122223333:parameter" + name.asText())
                        .put("DataType", "text");
            }
        }
        return response;
    }

    private ObjectNode send(JsonNode request) {
        String body = request.path("MessageBody").asText();
        String deduplicationId = request.path("MessageDeduplicationId").asText("");
        if (deduplicationId.isEmpty() || deduplicationIds.add(deduplicationId)) {
            ObjectNode message = request.deepCopy();
            messages.add(message);
        }
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.put("MessageId", UUID.randomUUID().toString());
        response.put("MD5OfMessageBody", md5(body));
        response.put("SequenceNumber", String.format("%020d", messages.size()));
        return response;
    }

    private String type(String name) {
        if (written.containsKey(name)) {
            return written.get(name)[0];
        }
        return name.contains("key") && !name.endsWith("-expires") || name.contains("secret")
                ? "SecureString"
                : "String";
    }

    private static String md5(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
