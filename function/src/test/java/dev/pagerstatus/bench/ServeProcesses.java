package dev.pagerstatus.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A jar's {@code serve} started by a benchmark in its own JVM. */
final class ServeProcesses {
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");

    private ServeProcesses() {}

    /** {@code java -jar <jar> serve} on a free loopback port, passes only after webhooks, in this JVM's Java. */
    static ProcessBuilder builder(Path jar) {
        return new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--interval",
                "0");
    }

    /** The port {@code serve} says it listens on, read from its standard output. */
    static int port(Process serve) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new IllegalStateException("serve did not start");
    }
}
