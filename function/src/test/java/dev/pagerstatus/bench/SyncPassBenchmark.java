package dev.pagerstatus.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.pagerstatus.config.EnvironmentSettings;
import dev.pagerstatus.http.ApiTransport;
import dev.pagerstatus.http.RequestGate;
import dev.pagerstatus.http.RetryPolicy;
import dev.pagerstatus.support.Log;
import dev.pagerstatus.support.Sleeper;
import dev.pagerstatus.sync.ApiClients;
import dev.pagerstatus.sync.SyncReport;
import dev.pagerstatus.sync.SyncService;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures reconcile passes: CPU time of this process during each pass, wall time, peak heap, and API calls.
 * Run it with {@code -Xmx256m} (bench/sync-pass.sh does): finishing at all is the heap figure's first proof.
 * The stand-in APIs run in a child JVM ({@link BenchmarkWorld}) so their work is not counted.
 */
public final class SyncPassBenchmark {
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** A summary only: keeping whole reports would itself grow the heap being measured. */
    record Measurement(
            String pass,
            double cpuSeconds,
            double wallSeconds,
            double peakHeapMb,
            double liveHeapMb,
            Map<String, Long> calls,
            boolean succeeded,
            int writes) {}

    public static void main(String[] args) throws Exception {
        int accounts = Integer.parseInt(args.length > 0 ? args[0] : "10");
        int perAccount = Integer.parseInt(args.length > 1 ? args[1] : "1000");
        int components = Integer.parseInt(args.length > 2 ? args[2] : "300");
        int warmPasses = Integer.parseInt(args.length > 3 ? args[3] : "5");
        String latencyMillis = args.length > 4 ? args[4] : "0";
        Log.threshold(Log.Level.WARN);

        String java = ProcessHandle.current().info().command().orElse("java");
        Process world = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        BenchmarkWorld.class.getName(),
                        String.valueOf(accounts),
                        String.valueOf(perAccount),
                        String.valueOf(components),
                        latencyMillis)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            BufferedReader fromWorld = new BufferedReader(new InputStreamReader(world.getInputStream()));
            PrintWriter toWorld = new PrintWriter(world.getOutputStream(), true);
            Map<String, String> env = new HashMap<>();
            String line;
            while ((line = fromWorld.readLine()) != null && !line.startsWith("READY")) {
                if (line.startsWith("ENV ")) {
                    String[] pair = line.substring(4).split("=", 2);
                    env.put(pair[0], pair[1]);
                }
            }
            System.out.printf(
                    "world: %d accounts x %d open incidents, %d components, %s ms added to every request, %s%n",
                    accounts, perAccount, components, latencyMillis, line);

            // Built once, as the Lambda function and the server build them, but with the client's Statuspage budget
            // off like the stand-in's: seven passes back to back read more than a key's 60 requests a minute, and a
            // deployment paces its passes (PassPacing) rather than wait in the limiter.
            RetryPolicy retries = RetryPolicy.defaults();
            SyncService sync = new ApiClients(
                            ApiTransport.newHttpClient(retries), retries, RequestGate.OPEN, Sleeper.SYSTEM)
                    .syncService(EnvironmentSettings.load(env));
            List<Measurement> measurements = new ArrayList<>();
            measurements.add(measure("first pass in a fresh JVM (no change)", sync));
            for (int i = 0; i < warmPasses; i++) {
                measurements.add(measure("warm pass (no change)", sync));
            }
            toWorld.println("churn");
            fromWorld.readLine();
            measurements.add(measure("warm pass after churn (3 resolve, 2 open)", sync));
            toWorld.println("quit");

            System.out.println();
            System.out.println(
                    "| pass | CPU s | wall s | peak heap MB | live heap after GC MB | PagerDuty reads | Statuspage reads | Statuspage writes | result |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---|");
            for (Measurement m : measurements) {
                Map<String, Long> calls = m.calls();
                System.out.printf(
                        "| %s | %.2f | %.2f | %.0f | %.0f | %d | %d | %d | %s |%n",
                        m.pass(),
                        m.cpuSeconds(),
                        m.wallSeconds(),
                        m.peakHeapMb(),
                        m.liveHeapMb(),
                        calls.getOrDefault("PagerDuty reads", 0L),
                        calls.getOrDefault("Statuspage reads", 0L),
                        calls.getOrDefault("Statuspage writes", 0L),
                        m.succeeded() ? "ok, " + m.writes() + " writes" : "FAILED");
            }
            System.out.printf(
                    "%nmax heap %.0f MB; JVM %s %s on %d cores%n",
                    Runtime.getRuntime().maxMemory() / 1048576.0,
                    System.getProperty("java.version"),
                    ManagementFactory.getRuntimeMXBean().getInputArguments(),
                    Runtime.getRuntime().availableProcessors());
            boolean failed = measurements.stream().anyMatch(m -> !m.succeeded());
            if (failed) {
                System.exit(1);
            }
        } finally {
            world.destroy();
        }
    }

    private static Measurement measure(String name, SyncService sync) {
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long cpu = OS.getProcessCpuTime();
        long wall = System.nanoTime();
        SyncReport report = sync.pass(java.util.Set.of());
        Map<String, Long> calls = report.apiCalls();
        boolean succeeded = report.succeeded();
        int writes = report.writes().size();
        report = null;
        double cpuSeconds = (OS.getProcessCpuTime() - cpu) / 1e9;
        double wallSeconds = (System.nanoTime() - wall) / 1e9;
        double peak =
                heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() / 1048576.0;
        // Outside the measured interval: how much of that peak the sync service really keeps.
        System.gc();
        double live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
        return new Measurement(name, cpuSeconds, wallSeconds, peak, live, calls, succeeded, writes);
    }
}
