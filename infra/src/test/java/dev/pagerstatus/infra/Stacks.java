package dev.pagerstatus.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * Synthesizes the stack the way {@code cdk synth} does: with the context of the repository's {@code cdk.json}
 * (its settings and the CDK feature flags), plus whatever a test adds.
 */
final class Stacks {
    private static final Path CDK_JSON = Path.of("..", "cdk.json");

    private Stacks() {}

    static PagerstatusStack stack(Map<String, Object> extraContext) {
        Map<String, Object> context = new HashMap<>(cdkJsonContext());
        context.putAll(extraContext);
        try {
            App app = App.Builder.create()
                    .outdir(Files.createTempDirectory("cdk.out").toString())
                    .context(context)
                    .build();
            return InfraApp.create(
                    app,
                    "Pagerstatus",
                    PagerstatusConfig.fromContext(key -> app.getNode().tryGetContext(key)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cdkJsonContext() {
        try {
            return (Map<String, Object>)
                    new ObjectMapper().readValue(CDK_JSON.toFile(), Map.class).get("context");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CDK_JSON, e);
        }
    }

    static Template template(Map<String, Object> extraContext) {
        return Template.fromStack(stack(extraContext));
    }
}
