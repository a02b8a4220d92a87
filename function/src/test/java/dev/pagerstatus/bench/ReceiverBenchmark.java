package dev.pagerstatus.bench;

import dev.pagerstatus.support.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The receiver's figures. Warm: {@code pagerstatus demo} in a child JVM receives {@code count} signed V3
 * webhooks one after another (each with its own delivery id, so each one is verified, parsed and queued, and
 * the passes they cause run meanwhile), then the same number from {@code concurrency} senders for throughput.
 * Latency is measured twice: by this client, send to answer, and by the receiver, arrival to answer (its own
 * log line per request). Cold: a fresh {@code java -jar pagerstatus.jar serve} is started and sent the same
 * webhook until it answers; the time from process start to that answer is reported next to a plain JVM that
 * prints "hello", and to {@code pagerstatus.jar version}, in the same run.
 */
public final class ReceiverBenchmark {
    private static final Path JAR = Path.of("function/target/pagerstatus.jar");
    private static final Path BODY = Path.of("samples/demo/webhook-acknowledged.json");
    private static final Path SIGNATURE = Path.of("samples/demo/webhook-acknowledged.sig");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args.length > 0 ? args[0] : "10000");
        int concurrency = Integer.parseInt(args.length > 1 ? args[1] : "16");
        int coldRuns = Integer.parseInt(args.length > 2 ? args[2] : "10");
        List<String> jvmFlags = args.length > 3 && !args[3].isBlank() ? List.of(args[3].split(" ")) : List.of();
        byte[] body = Files.readAllBytes(BODY);
        String signature = Files.readString(SIGNATURE).strip();
        String java = ProcessHandle.current().info().command().orElse("java");

        warm(java, jvmFlags, body, signature, count, concurrency);
        cold(java, jvmFlags, body, signature, coldRuns);
    }

    private static void warm(String java, List<String> flags, byte[] body, String signature, int count, int concurrency)
            throws Exception {
        int port = freePort();
        Path log = Files.createTempFile("pagerstatus-receiver", ".log");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(flags);
        command.addAll(List.of("-jar", JAR.toString(), "demo", "--port", String.valueOf(port), "--interval", "0"));
        Process demo = new ProcessBuilder(command)
                .redirectError(log.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            URI url = URI.create("http://127.0.0.1:" + port + "/acme");
            while (send(url, body, signature, "warmup-probe") < 0) {
                Thread.onSpinWait();
            }
            for (int i = 0; i < Math.max(2_000, count / 5); i++) {
                send(url, body, signature, "warmup-" + i);
            }
            long logLinesBefore = Files.lines(log).count();

            long[] latencies = new long[count];
            long started = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long sent = System.nanoTime();
                int status = send(url, body, signature, "sequential-" + i);
                latencies[i] = System.nanoTime() - sent;
                if (status != 202) {
                    throw new IllegalStateException("request " + i + " answered " + status);
                }
            }
            double sequentialSeconds = (System.nanoTime() - started) / 1e9;
            List<Long> serverSide = serverDurations(log, logLinesBefore, "sequential-");

            AtomicInteger next = new AtomicInteger();
            AtomicInteger failures = new AtomicInteger();
            long concurrentStart = System.nanoTime();
            try (ExecutorService senders = Executors.newFixedThreadPool(concurrency)) {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < concurrency; t++) {
                    futures.add(senders.submit(() -> {
                        int i;
                        while ((i = next.getAndIncrement()) < count) {
                            if (send(url, body, signature, "concurrent-" + i) != 202) {
                                failures.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> future : futures) {
                    future.get();
                }
            }
            double concurrentSeconds = (System.nanoTime() - concurrentStart) / 1e9;

            Arrays.sort(latencies);
            long[] server =
                    serverSide.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(
                    "## Warm receiver (%s), %d signed V3 webhooks%n%n",
                    flags.isEmpty() ? "default JVM flags" : flags, count);
            System.out.println("| measured by | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            System.out.printf("| client, send to answer | %s |%n", percentiles(latencies, 1e6));
            System.out.printf(
                    "| receiver, arrival to answer (%d log lines) | %s |%n", server.length, percentiles(server, 1e3));
            System.out.printf(
                    "%nsequential: %.0f requests/s; %d concurrent senders: %.0f requests/s, %d not 202%n%n",
                    count / sequentialSeconds, concurrency, count / concurrentSeconds, failures.get());
        } finally {
            demo.destroy();
            demo.waitFor();
            Files.deleteIfExists(log);
        }
    }

    private static void cold(String java, List<String> flags, byte[] body, String signature, int runs)
            throws Exception {
        String testClasses = Path.of("function/target/test-classes").toString();
        long[] hello = new long[runs];
        long[] version = new long[runs];
        long[] firstWebhook = new long[runs];
        for (int run = 0; run < runs; run++) {
            hello[run] = timeToExit(command(java, flags, "-cp", testClasses, Hello.class.getName()));
            version[run] = timeToExit(command(java, flags, "-jar", JAR.toString(), "version"));
            firstWebhook[run] = timeToFirstWebhook(java, flags, body, signature);
        }
        System.out.printf(
                "## Cold start (%s), %d runs each, milliseconds from process start%n%n",
                flags.isEmpty() ? "default JVM flags" : flags, runs);
        System.out.println("| process | min | median | max |");
        System.out.println("|---|---:|---:|---:|");
        row("plain JVM: print hello and exit", hello);
        row("java -jar pagerstatus.jar version: exit", version);
        row("java -jar pagerstatus.jar serve: first signed webhook answered 202", firstWebhook);
        System.out.println();
    }

    private static long timeToExit(List<String> command) throws Exception {
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        process.waitFor();
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static long timeToFirstWebhook(String java, List<String> flags, byte[] body, String signature)
            throws Exception {
        int port = freePort();
        List<String> command = command(
                java,
                flags,
                "-jar",
                JAR.toString(),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "--interval",
                "0");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        // The passes its webhook asks for start after the answer; nothing needs to listen on these APIs.
        builder.environment()
                .putAll(Map.of(
                        "STATUSPAGE_PAGE",
                        "benchpage001",
                        "STATUSPAGE_KEY",
                        "k",
                        "PD_ACCOUNT_ACME",
                        "k",
                        "PD_WEBHOOK_SECRET_ACME",
                        "demo-webhook-secret-not-for-production",
                        "PAGERDUTY_API_URL",
                        "http://127.0.0.1:9",
                        "STATUSPAGE_API_URL",
                        "http://127.0.0.1:9/v1"));
        long started = System.nanoTime();
        Process serve = builder.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + port + "/acme");
            int status;
            while ((status = send(url, body, signature, "cold")) < 0) {
                Thread.sleep(1);
            }
            long elapsed = (System.nanoTime() - started) / 1_000_000;
            if (status != 202) {
                throw new IllegalStateException("cold serve answered " + status);
            }
            return elapsed;
        } finally {
            serve.destroyForcibly().waitFor();
        }
    }

    /** The status, or -1 while nothing listens yet. */
    private static int send(URI url, byte[] body, String signature, String deliveryId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(url)
                .header("Content-Type", "application/json")
                .header("X-PagerDuty-Signature", signature)
                .header("X-Webhook-Id", deliveryId)
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (ConnectException e) {
            return -1;
        }
    }

    private static List<Long> serverDurations(Path log, long skip, String prefix) throws IOException {
        List<Long> durations = new ArrayList<>();
        try (var lines = Files.lines(log)) {
            lines.skip(skip)
                    .filter(line -> line.contains("\"webhook.request\"") && line.contains("\"" + prefix))
                    .forEach(line -> {
                        try {
                            durations.add(Json.MAPPER
                                    .readTree(line)
                                    .path("duration_us")
                                    .asLong());
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    });
        }
        return durations;
    }

    private static String percentiles(long[] sorted, double perMillisecond) {
        return String.format(
                "%.2f | %.2f | %.2f | %.2f | %.2f",
                at(sorted, 0.50) / perMillisecond,
                at(sorted, 0.90) / perMillisecond,
                at(sorted, 0.99) / perMillisecond,
                at(sorted, 0.999) / perMillisecond,
                sorted[sorted.length - 1] / perMillisecond);
    }

    private static long at(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)];
    }

    private static void row(String name, long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "| %s | %d | %d | %d |%n", name, sorted[0], sorted[sorted.length / 2], sorted[sorted.length - 1]);
    }

    private static List<String> command(String java, List<String> flags, String... rest) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(flags);
        command.addAll(List.of(rest));
        return command;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
