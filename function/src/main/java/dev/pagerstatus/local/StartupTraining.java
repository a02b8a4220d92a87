package dev.pagerstatus.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagerstatus.config.EnvironmentSettings;
import dev.pagerstatus.standin.PagerDutyStandIn;
import dev.pagerstatus.standin.Samples;
import dev.pagerstatus.standin.StandInApis;
import dev.pagerstatus.standin.StatuspageStandIn;
import dev.pagerstatus.support.Fatal;
import dev.pagerstatus.support.Log;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The workload the build trains the JDK's ahead-of-time cache with ({@code -XX:AOTCacheOutput}, JDK 25 and later):
 * the command line's short commands, run for real against the built-in stand-ins on loopback. A later
 * {@code ./pagerstatus sync} or {@code plan} then starts with the classes it uses already loaded and linked. The
 * stand-ins run in a second JVM, so that the cache holds what the commands use and nothing that only the stand-ins
 * do (every class in it is loaded at start-up). The build runs it (function/pom.xml); nobody else needs to.
 */
final class StartupTraining {
    private static final String PAGE = "trainingpage";
    private static final String STATUSPAGE_KEY = "training-statuspage-key";
    private static final String PAGERDUTY_KEY = "training-pagerduty-key";

    private StartupTraining() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length > 0 && args[0].equals("world")) {
            world();
            return;
        }
        // Main.main installs it before anything else; trained, its class and handler come from the cache.
        Fatal.install();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process world = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), StartupTraining.class.getName(), "world")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader fromWorld =
                new BufferedReader(new InputStreamReader(world.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter toWorld = new PrintWriter(world.getOutputStream(), true, StandardCharsets.UTF_8);
        Map<String, String> env = new HashMap<>();
        String line;
        while ((line = fromWorld.readLine()) != null && !line.equals("READY")) {
            String[] pair = line.split("=", 2);
            env.put(pair[0], pair[1]);
        }
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        // Log lines are formatted as in a real run, and dropped.
        Log.redirect(ignored -> {});
        try {
            run(env, discard, "--help");
            run(env, discard, "sync", "--help");
            run(env, discard, "plan");
            run(env, discard, "sync");
            ask(toWorld, fromWorld, "note");
            run(env, discard, "sync");
            run(env, discard, "plan", "--json");
            ask(toWorld, fromWorld, "resolve");
            run(env, discard, "sync");
        } finally {
            toWorld.println("quit");
            world.waitFor();
        }
    }

    private static void ask(PrintWriter toWorld, BufferedReader fromWorld, String command) throws IOException {
        toWorld.println(command);
        fromWorld.readLine();
    }

    private static void run(Map<String, String> env, PrintStream discard, String... command) {
        int status = Main.run(command, env, discard, discard);
        if (status != 0 && !command[command.length - 1].equals("--help")) {
            throw new IllegalStateException("training: " + String.join(" ", command) + " exited " + status);
        }
    }

    /** The stand-ins, seeded from the demo's samples; prints the settings to point at them, then obeys stdin. */
    private static void world() throws IOException {
        StatuspageStandIn statuspage = new StatuspageStandIn(PAGE, STATUSPAGE_KEY);
        statuspage.addComponents(Samples.json("components.json"));
        PagerDutyStandIn pagerDuty = new PagerDutyStandIn(InstantSource.system(), Runnable::run);
        pagerDuty.addAccount("acme", PAGERDUTY_KEY);
        String incident = null;
        for (JsonNode seed : Samples.json("pagerduty-incidents.json")) {
            incident = pagerDuty
                    .addIncident(
                            "acme",
                            new PagerDutyStandIn.IncidentSeed(
                                    seed.path("title").asText(),
                                    "acknowledged",
                                    Instant.now().minus(Duration.ofMinutes(10)),
                                    seed.path("channel"),
                                    null))
                    .path("id")
                    .asText();
        }
        try (StandInApis apis = StandInApis.start(pagerDuty, statuspage, List.of())) {
            System.out.println(EnvironmentSettings.STATUSPAGE_PAGE + "=" + PAGE);
            System.out.println(EnvironmentSettings.STATUSPAGE_KEY + "=" + STATUSPAGE_KEY);
            System.out.println("PD_ACCOUNT_ACME=" + PAGERDUTY_KEY);
            System.out.println(EnvironmentSettings.PAGERDUTY_API_URL + "=" + apis.pagerDutyUrl());
            System.out.println(EnvironmentSettings.STATUSPAGE_API_URL + "=" + apis.statuspageUrl());
            System.out.println("PAGERSTATUS_LOG_LEVEL=info");
            System.out.println("READY");
            System.out.flush();
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String command;
            while ((command = commands.readLine()) != null && !command.equals("quit")) {
                switch (command) {
                    case "note" ->
                        pagerDuty.addNote(
                                "acme", incident, "#public We are rolling back the change.", "training@acme.example");
                    case "resolve" -> pagerDuty.setStatus("acme", incident, "resolved");
                    default -> {}
                }
                System.out.println("OK");
                System.out.flush();
            }
        }
    }
}
