package dev.pagerstatus.bench;

import dev.pagerstatus.testing.FakeAws;
import dev.pagerstatus.testing.FakeRuntimeApi;
import dev.pagerstatus.testing.Fixtures;
import dev.pagerstatus.testing.LambdaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * The receiver's cold start without SnapStart, as the managed runtime would see it: a fresh JVM with the
 * Lambda JVM flags runs the Runtime Interface Client, which loads the receiver from the shaded jar and
 * handles one signed API Gateway webhook (its SSM and SQS calls go to a loopback stand-in). Reported next to,
 * in the same run: a plain JVM that prints hello, and the same client running a handler that does nothing.
 * "Init" is process start to the function's first request for work; "answer" adds the first invocation.
 */
public final class LambdaColdStartBenchmark {
    private static final Duration WAIT = Duration.ofSeconds(60);

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args.length > 0 ? args[0] : "10");
        String java = ProcessHandle.current().info().command().orElse("java");
        String testClasses = Path.of("function/target/test-classes").toString();
        long[] hello = new long[runs];
        long[][] helloHandler = new long[2][runs];
        long[][] receiver = new long[2][runs];
        for (int run = 0; run < runs; run++) {
            long started = System.nanoTime();
            new ProcessBuilder(
                            java,
                            "-XX:+UseSerialGC",
                            "-XX:TieredStopAtLevel=1",
                            "-cp",
                            testClasses,
                            Hello.class.getName())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
            hello[run] = (System.nanoTime() - started) / 1_000_000;
            long[] baseline =
                    invoke(HelloHandler.class.getName() + "::handleRequest", testClasses, "{\"ping\": true}", null);
            helloHandler[0][run] = baseline[0];
            helloHandler[1][run] = baseline[1];
            try (FakeAws aws = new FakeAws()
                    .parameter("/pagerstatus/accounts/acme/api-key", "acme-pd-key")
                    .parameter("/pagerstatus/accounts/acme/webhook-secret", "Wz1kQp8vN3rT6yU9xA2cF5hJ8mL0oS4d")) {
                long[] measured = invoke(
                        "dev.pagerstatus.aws.ReceiverHandler::handleRequest",
                        LambdaProcess.SHADED_JAR.toString(),
                        Fixtures.text("events/http-api-v2-webhook-signed.json"),
                        aws);
                receiver[0][run] = measured[0];
                receiver[1][run] = measured[1];
            }
        }
        System.out.printf(
                "## Receiver cold start without SnapStart (Lambda JVM flags), %d runs, milliseconds from process start%n%n",
                runs);
        System.out.println("| process | init: min | median | max | first answer: min | median | max |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        System.out.printf("| plain JVM, print hello and exit | | | | %s |%n", stats(hello));
        System.out.printf(
                "| Runtime Interface Client, handler that does nothing | %s | %s |%n",
                stats(helloHandler[0]), stats(helloHandler[1]));
        System.out.printf(
                "| Runtime Interface Client, pagerstatus receiver, signed webhook (SSM + SQS on loopback) | %s | %s |%n",
                stats(receiver[0]), stats(receiver[1]));
        System.out.printf(
                "%nreceiver init minus the empty handler's init (median): %d ms; first answer minus the empty"
                        + " handler's (median): %d ms; shaded jar: %.1f MB%n",
                median(receiver[0]) - median(helloHandler[0]),
                median(receiver[1]) - median(helloHandler[1]),
                Files.size(LambdaProcess.SHADED_JAR) / 1e6);
        syncFunction(runs);
    }

    /**
     * The sync function's first pass, in the comparison world (1 account, 80 acknowledged incidents over 20
     * components, 15 notices open: the pass opens 5): from a cold start without SnapStart, and after SnapStart's
     * priming (the runtime runs the priming hook, then "restores" and asks for work; the first pass is what a
     * restored snapshot would run). Its SSM calls go to a loopback stand-in, its API calls to the world's.
     */
    private static void syncFunction(int runs) throws Exception {
        long[][] cold = new long[2][runs];
        long[][] primed = new long[2][runs];
        dev.pagerstatus.support.Log.threshold(dev.pagerstatus.support.Log.Level.ERROR);
        try (ComparisonWorld.Running world = ComparisonWorld.start(0)) {
            for (int run = 0; run < runs; run++) {
                for (boolean snapStart : new boolean[] {false, true}) {
                    world.reset().run();
                    try (FakeAws aws = new FakeAws()
                            .parameter(
                                    "/pagerstatus/statuspage/page-id",
                                    world.env().get("STATUSPAGE_PAGE"))
                            .parameter(
                                    "/pagerstatus/statuspage/api-key",
                                    world.env().get("STATUSPAGE_KEY"))
                            .parameter(
                                    "/pagerstatus/accounts/acme/api-key",
                                    world.env().get("PD_ACCOUNT_ACME"))
                            .parameter(
                                    "/pagerstatus/settings/pagerduty-api-url",
                                    world.env().get("PAGERDUTY_API_URL"))
                            .parameter(
                                    "/pagerstatus/settings/statuspage-api-url",
                                    world.env().get("STATUSPAGE_API_URL"))) {
                        long[] measured = invoke(
                                "dev.pagerstatus.aws.SyncHandler::handleRequest",
                                LambdaProcess.SHADED_JAR.toString(),
                                Fixtures.text("events/sqs-fifo-batch.json"),
                                aws,
                                snapStart);
                        (snapStart ? primed : cold)[0][run] = measured[0];
                        (snapStart ? primed : cold)[1][run] = measured[1] - measured[0];
                    }
                }
            }
        }
        System.out.printf(
                "%n## The sync function, one SQS batch in the comparison world (the pass opens 5 notices), %d runs,"
                        + " milliseconds%n%n",
                runs);
        System.out.println("| start | init (to the first request for work): min | median | max | first pass: min"
                + " | median | max |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        System.out.printf("| cold, without SnapStart | %s | %s |%n", stats(cold[0]), stats(cold[1]));
        System.out.printf(
                "| after SnapStart's priming (init includes the priming a snapshot would hold) | %s | %s |%n",
                stats(primed[0]), stats(primed[1]));
    }

    private static long[] invoke(String handler, String classpath, String event, FakeAws aws) throws Exception {
        return invoke(handler, classpath, event, aws, false);
    }

    /** Process start to first poll, and to the first answer, in milliseconds. */
    private static long[] invoke(String handler, String classpath, String event, FakeAws aws, boolean snapStart)
            throws Exception {
        try (FakeRuntimeApi runtime = new FakeRuntimeApi(() -> 0)) {
            runtime.enqueue(event);
            Map<String, String> env = aws == null
                    ? Map.of()
                    : Map.of(
                            "AWS_ENDPOINT_URL",
                            aws.endpoint().toString(),
                            "PAGERSTATUS_QUEUE_URL",
                            "https://sqs.eu-west-1.amazonaws.com/111122223333/pagerstatus-sync.fifo");
            Path log = Files.createTempFile("cold", ".log");
            long started = System.nanoTime();
            Process function = LambdaProcess.start(handler, classpath, runtime, snapStart, env, log);
            try {
                FakeRuntimeApi.Answer answer = runtime.awaitAnswer(WAIT);
                if (answer == null || answer.error()) {
                    throw new IllegalStateException(handler + " did not answer: " + Files.readString(log));
                }
                return new long[] {
                    (runtime.firstPollNanos() - started) / 1_000_000, (answer.atNanos() - started) / 1_000_000
                };
            } finally {
                function.destroyForcibly().waitFor();
                Files.deleteIfExists(log);
            }
        }
    }

    private static String stats(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[0] + " | " + sorted[sorted.length / 2] + " | " + sorted[sorted.length - 1];
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
