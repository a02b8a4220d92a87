package dev.pagerstatus.testing;

import dev.pagerstatus.support.Log;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The log lines written during each test, instead of on standard error: {@code @RegisterExtension final LogLines
 * logs = new LogLines();}, then {@code logs.lines()}. The previous sink is back after the test.
 */
public final class LogLines implements BeforeEachCallback, AfterEachCallback {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private Consumer<String> previous;

    @Override
    public void beforeEach(ExtensionContext context) {
        lines.clear();
        previous = Log.redirect(lines::add);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Log.redirect(previous);
    }

    public List<String> lines() {
        return lines;
    }
}
