package dev.pagerstatus.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pagerstatus.support.Secret;
import dev.pagerstatus.testing.FakeWorld;
import dev.pagerstatus.testing.Fixtures;
import dev.pagerstatus.webhook.WebhookSignature;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code serve} from the shaded jar, in its own JVM, as the internet can reach it: clients that send half a
 * request and stall, a declared body far over the limit. Raw sockets, because an HTTP client would not
 * misbehave on purpose.
 */
class ServeUnderLoadIT {
    private static final String SECRET = "Wz1kQp8vN3rT6yU9xA2cF5hJ8mL0oS4d";
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");

    private final FakeWorld world = new FakeWorld();
    private final List<Socket> sockets = new ArrayList<>();
    private Process serve;
    private int port;

    @BeforeEach
    void start() throws Exception {
        Map<String, String> env = world.environment();
        env.put("PD_WEBHOOK_SECRET_ACME", SECRET);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(
                        java.toString(),
                        "-Xmx128m",
                        "-jar",
                        System.getProperty(
                                "pagerstatus.jar",
                                Path.of("target", "pagerstatus.jar").toString()),
                        "serve",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        "0",
                        "--interval",
                        "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(env);
        serve = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        Matcher matcher = LISTENING.matcher(line == null ? "" : line);
        assertThat(matcher.find())
                .as("serve printed where it listens: %s", line)
                .isTrue();
        port = Integer.parseInt(matcher.group(1));
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket socket : sockets) {
            socket.close();
        }
        serve.destroy();
        serve.waitFor();
        world.close();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        sockets.add(socket);
        return socket;
    }

    /** Sends the headers of a webhook whose body never comes. */
    private Socket stall() throws IOException {
        Socket socket = connect();
        OutputStream out = socket.getOutputStream();
        out.write(("POST /acme HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{\"event\":")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** The status of a signed webhook over a fresh connection, and how long it took. */
    private int[] signedWebhook() throws IOException {
        byte[] body = Fixtures.bytes("webhooks/v3-incident-acknowledged.json");
        long started = System.nanoTime();
        try (Socket socket = connect()) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /acme HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "X-PagerDuty-Signature: " + WebhookSignature.sign(Secret.of(SECRET), body) + "\r\n"
                            + "X-Webhook-Id: " + java.util.UUID.randomUUID() + "\r\n"
                            + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            int status = status(socket.getInputStream());
            return new int[] {status, (int) ((System.nanoTime() - started) / 1_000_000)};
        }
    }

    private static int status(InputStream in) throws IOException {
        String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)).readLine();
        assertThat(line).as("a status line").startsWith("HTTP/1.1 ");
        return Integer.parseInt(line.substring(9, 12));
    }

    @Test
    void aClientThatSendsHalfARequestAndStallsIsCutOff() throws Exception {
        Socket stalled = stall();
        stalled.setSoTimeout(20_000);
        long started = System.nanoTime();

        int read;
        try {
            read = stalled.getInputStream().read();
        } catch (SocketTimeoutException e) {
            read = -2;
        } catch (IOException reset) {
            read = -1;
        }

        long waitedMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(read).as("the server closed the connection").isEqualTo(-1);
        assertThat(waitedMillis)
                .as("within the request time bound (10 s) and a timer tick")
                .isBetween(5_000L, 13_000L);
    }

    @Test
    void realWebhooksAreAnsweredPromptlyWhileHundredsOfClientsStall() throws Exception {
        for (int i = 0; i < 400; i++) {
            stall();
        }

        List<Integer> millis = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int[] answer = signedWebhook();
            assertThat(answer[0]).isEqualTo(202);
            millis.add(answer[1]);
        }

        assertThat(millis).allSatisfy(time -> assertThat(time).isLessThan(2_000));
    }

    @Test
    void aDeclaredBodyOverTheLimitIsRefusedBeforeItIsSent() throws Exception {
        Socket socket = connect();
        socket.setSoTimeout(5_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /acme HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + "Content-Length: "
                        + (10 * 1024 * 1024) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();

        assertThat(status(socket.getInputStream())).isEqualTo(413);
    }

    /** What the server sends back to a webhook with one padding header of that many bytes: "" when it hung up. */
    private String answerToHeaderOf(int paddingBytes) throws IOException {
        try (Socket socket = connect()) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /acme HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "a".repeat(paddingBytes) + "\r\n"
                            + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException reset) {
            return "";
        }
    }

    @Test
    void headersOverThirtyTwoKilobytesAreAnswered431() throws Exception {
        assertThat(answerToHeaderOf(40 * 1024)).startsWith("HTTP/1.1 431 ");
        assertThat(answerToHeaderOf(60 * 1024)).startsWith("HTTP/1.1 431 ");
    }

    @Test
    void headersPastTheServersOwnCutOffAreHungUpOnAndCostNothing() throws Exception {
        // Past 64 KB the JDK server stops reading and closes the connection: it has no way to answer.
        assertThat(answerToHeaderOf(70 * 1024)).isEmpty();
        assertThat(answerToHeaderOf(256 * 1024)).isEmpty();
        assertThat(Duration.ofMillis(signedWebhook()[1])).isLessThan(Duration.ofSeconds(2));
    }
}
