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

    public synchronized FakeAws parameter(String name, String value) {
        parameters.put(name, value);
        return this;
    }

    public synchronized void removeParameter(String name) {
        parameters.remove(name);
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
                        default -> null;
                    };
                    if (answer == null) {
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
                    .put("Type", name.contains("key") || name.contains("secret") ? "SecureString" : "String")
                    .put("Version", 1)
                    .put("DataType", "text")
                    .put("Tier", "Standard");
        }
        if (start + size < matching.size()) {
            response.put("NextToken", String.valueOf(start + size));
        }
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
