package dev.pagerstatus.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cold processes, each a fresh JVM, in the comparison world ({@link ComparisonWorld}: one account, 80 acknowledged
 * incidents over 20 components, 15 notices open), against the baseline of a plain JVM that prints "hello" and
 * exits. For each run: {@code sync} with 5 openings, then a quiet {@code sync}, through the README's launcher and
 * as {@code java -jar}. Wall and CPU come from bash's {@code time}; the pass's own duration from its
 * {@code sync.pass} log line, so start-up is the wall time less the pass.
 *
 * <p>Arguments: how many runs, the latency in ms the world adds to every request, and the repository roots whose
 * launchers and jars are measured (this one if none; another checkout measures a build from before a change). With
 * several, each run measures them one after another, so that a slower or faster minute of the machine falls on all
 * of them alike, and each row names its checkout.
 */
public final class ColdSyncBenchmark {
    private static final Pattern TIMES = Pattern.compile("TIMES ([0-9.]+) ([0-9.]+) ([0-9.]+)");
    private static final Pattern PASS = Pattern.compile("\"duration_ms\":(\\d+)");

    record Sample(double wallMs, double cpuS, long passMs) {}

    /** A checkout measured: its launcher, its jar, and what its rows are called after. */
    record Checkout(Path root, String launcher, String jar, String label) {
        static Checkout at(Path root, boolean named) throws Exception {
            return new Checkout(
                    root,
                    root.resolve("pagerstatus").toString(),
                    root.resolve("function/target/pagerstatus.jar").toString(),
                    named ? " (" + revision(root) + ")" : "");
        }
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args.length > 0 ? args[0] : "5");
        int latency = Integer.parseInt(args.length > 1 ? args[1] : "0");
        List<String> roots = args.length > 2 ? List.of(args).subList(2, args.length) : List.of(".");
        List<Checkout> checkouts = new ArrayList<>();
        for (String root : roots) {
            checkouts.add(Checkout.at(Path.of(root).toAbsolutePath().normalize(), roots.size() > 1));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path here = Path.of(".").toAbsolutePath().normalize();
        String classes = here.resolve("function/target/test-classes").toString();

        // The world runs from this benchmark's own class path; the processes measured come from each root, which
        // may be another checkout (a build from before a change).
        Process world = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ComparisonWorld.class.getName(),
                        "" + latency)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader fromWorld =
                new BufferedReader(new InputStreamReader(world.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter toWorld = new PrintWriter(world.getOutputStream(), true, StandardCharsets.UTF_8);
        Map<String, String> env = new LinkedHashMap<>();
        String line;
        while ((line = fromWorld.readLine()) != null && !line.startsWith("READY")) {
            if (line.startsWith("ENV ")) {
                String[] pair = line.substring(4).split("=", 2);
                env.put(pair[0], pair[1]);
            }
        }
        System.out.printf(
                "world: 1 account, 80 acknowledged incidents over 20 components, 15 notices open;"
                        + " %d ms added to every request; JVM %s%n%n",
                latency, Runtime.version());

        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        // Untimed: the stand-ins' own JVM answers slowly until its code is compiled, and the first timed runs
        // would measure that instead of pagerstatus.
        for (int warm = 0; warm < 3; warm++) {
            for (Checkout checkout : checkouts) {
                toWorld.println("reset");
                fromWorld.readLine();
                time(checkout.root(), env, checkout.launcher(), "sync");
                time(checkout.root(), env, checkout.launcher(), "sync");
            }
        }
        for (int run = 0; run < runs; run++) {
            record(
                    "hello (plain JVM start, the baseline)",
                    samples,
                    time(here, env, java, "-cp", classes, Hello.class.getName()));
            for (Checkout checkout : checkouts) {
                Path root = checkout.root();
                String launcher = checkout.launcher();
                String jar = checkout.jar();
                String of = checkout.label();
                toWorld.println("reset");
                fromWorld.readLine();
                record("./pagerstatus sync, 5 openings" + of, samples, time(root, env, launcher, "sync"));
                record("./pagerstatus sync, quiet" + of, samples, time(root, env, launcher, "sync"));
                toWorld.println("reset");
                fromWorld.readLine();
                record(
                        "java -jar pagerstatus.jar sync, 5 openings" + of,
                        samples,
                        time(root, env, java, "-jar", jar, "sync"));
                record(
                        "java -jar pagerstatus.jar sync, quiet" + of,
                        samples,
                        time(root, env, java, "-jar", jar, "sync"));
            }
        }
        toWorld.println("quit");
        world.waitFor();

        double hello = median(
                samples.values().iterator().next().stream().map(Sample::wallMs).toList());
        System.out.println("| process | wall ms (each run) | median | above hello | pass ms (median) | start-up ms"
                + " (wall less pass, median) | CPU s (median) |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        samples.forEach((name, list) -> {
            double wall = median(list.stream().map(Sample::wallMs).toList());
            double pass =
                    median(list.stream().map(sample -> (double) sample.passMs()).toList());
            double startup = median(list.stream()
                    .map(sample -> sample.wallMs() - sample.passMs())
                    .toList());
            double cpu = median(list.stream().map(Sample::cpuS).toList());
            System.out.printf(
                    "| %s | %s | %.0f | %+.0f | %s | %s | %.2f |%n",
                    name,
                    String.join(
                            ", ",
                            list.stream()
                                    .map(sample -> String.format("%.0f", sample.wallMs()))
                                    .toList()),
                    wall,
                    wall - hello,
                    name.startsWith("hello") ? "-" : String.format("%.0f", pass),
                    name.startsWith("hello") ? "-" : String.format("%.0f", startup),
                    cpu);
        });
    }

    /** The checkout's commit, and a mark when its tree has changes on top of it. */
    private static String revision(Path root) throws Exception {
        Process git = new ProcessBuilder("bash", "-c", "git rev-parse --short HEAD && git status --porcelain | head -1")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .start();
        List<String> lines = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .toList();
        git.waitFor();
        return lines.isEmpty() ? root.toString() : lines.getFirst() + (lines.size() > 1 ? "+changes" : "");
    }

    private static void record(String name, Map<String, List<Sample>> samples, Sample sample) {
        samples.computeIfAbsent(name, key -> new ArrayList<>()).add(sample);
    }

    /** Runs the command under bash's {@code time}; its stderr carries the times and the pass's log line. */
    private static Sample time(Path root, Map<String, String> env, String... command) throws Exception {
        List<String> bash =
                new ArrayList<>(List.of("bash", "-c", "TIMEFORMAT='TIMES %R %U %S'; time \"$@\" >/dev/null", "timed"));
        bash.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(bash).directory(root.toFile());
        builder.environment().putAll(env);
        builder.environment().put("PAGERSTATUS_LOG_LEVEL", "info");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        Matcher times = TIMES.matcher(output);
        if (!times.find()) {
            throw new IllegalStateException("no times in:\n" + output);
        }
        Matcher pass = PASS.matcher(output);
        long passMs = pass.find() ? Long.parseLong(pass.group(1)) : 0;
        return new Sample(
                Double.parseDouble(times.group(1)) * 1000,
                Double.parseDouble(times.group(2)) + Double.parseDouble(times.group(3)),
                passMs);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
