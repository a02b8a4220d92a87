package dev.pagerstatus.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/** Synthesizes the stack the way the app does, with extra context, for assertions. */
final class Stacks {
    private Stacks() {
    }

    static PagerstatusStack stack(Map<String, Object> extraContext) {
        Map<String, Object> context = new HashMap<>(Map.of("ssmPrefix", "/pagerstatus", "scheduleMinutes", 5));
        context.putAll(extraContext);
        try {
            App app = App.Builder.create().outdir(Files.createTempDirectory("cdk.out").toString()).context(context).build();
            return InfraApp.create(app, "Pagerstatus", PagerstatusConfig.fromContext(key -> app.getNode().tryGetContext(key)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Template template(Map<String, Object> extraContext) {
        return Template.fromStack(stack(extraContext));
    }
}
