package dev.pagerstatus.aws;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.support.Json;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * CloudWatch metrics in the embedded metric format: one JSON line on standard output per invocation, which
 * CloudWatch Logs turns into metrics without an agent or an API call on the invoke path.
 */
public final class Metrics {
    public static final String DEFAULT_NAMESPACE = "pagerstatus";

    private final String namespace;
    private final String function;
    private final InstantSource clock;
    private final Consumer<String> out;

    public Metrics(String namespace, String function, InstantSource clock, Consumer<String> out) {
        this.namespace = namespace;
        this.function = function;
        this.clock = clock;
        this.out = out;
    }

    /** A metric set: counts and milliseconds, in the order given. */
    public static final class Batch {
        private final Map<String, Long> counts = new LinkedHashMap<>();
        private final Map<String, Long> milliseconds = new LinkedHashMap<>();

        public Batch count(String name, long value) {
            counts.put(name, value);
            return this;
        }

        public Batch milliseconds(String name, long value) {
            milliseconds.put(name, value);
            return this;
        }
    }

    public void emit(Batch batch) {
        ObjectNode line = Json.MAPPER.createObjectNode();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", namespace);
        directive.putArray("Dimensions").addArray().add("Function");
        ArrayNode metrics = directive.putArray("Metrics");
        line.put("Function", function);
        batch.counts.forEach((name, value) -> {
            metrics.addObject().put("Name", name).put("Unit", "Count");
            line.put(name, value);
        });
        batch.milliseconds.forEach((name, value) -> {
            metrics.addObject().put("Name", name).put("Unit", "Milliseconds");
            line.put(name, value);
        });
        out.accept(line.toString());
    }
}
