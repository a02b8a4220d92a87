package dev.pagerstatus.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A JVM failure ends the process non-zero, logged once with its stack trace, so a supervisor restarts it. */
class FatalTest {
    private record Exit(int status, String output) {}

    private static Exit run(String... scenario) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        FatalErrorProbe.class.getName(),
                        scenario[0],
                        scenario.length > 1 ? scenario[1] : "20"))
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(15, TimeUnit.SECONDS))
                .as("the process ended by itself")
                .isTrue();
        return new Exit(
                process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"virtual-thread", "platform-thread", "scheduled-task"})
    void aFatalErrorOnAnyThreadEndsTheProcessWithStatus70(String scenario) throws Exception {
        Exit exit = run(scenario);

        assertThat(exit.status()).isEqualTo(Fatal.EXIT_STATUS);
        List<String> fatal = exit.output()
                .lines()
                .filter(line -> line.contains("\"process.fatal\""))
                .toList();
        assertThat(fatal)
                .singleElement()
                .asString()
                .contains("\"level\":\"ERROR\"", "simulated", "\"stack\":\"java.lang.", "at dev.pagerstatus.support.");
    }

    @Test
    void aBugInAThreadIsLoggedWithItsStackButIsNotFatal() throws Exception {
        Exit exit = run("runtime-exception", "1");

        assertThat(exit.status()).isZero();
        assertThat(exit.output()).contains("\"thread.crashed\"", "a bug, not a fatal error", "\"stack\":");
    }
}
