package dev.pagerstatus.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts the requests a process sends, by vendor and by reads and writes, for logs and benchmarks. */
public final class ApiCallCounter {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void record(String vendor, String method) {
        String kind = method.equals("GET") ? "reads" : "writes";
        counts.computeIfAbsent(vendor + " " + kind, key -> new LongAdder()).increment();
    }

    /** For example {@code {"PagerDuty reads": 11, "Statuspage reads": 4, "Statuspage writes": 1}}. */
    public Map<String, Long> snapshot() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((key, value) -> snapshot.put(key, value.sum()));
        return snapshot;
    }

    public static Map<String, Long> difference(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> difference = new TreeMap<>();
        after.forEach((key, value) -> {
            long delta = value - before.getOrDefault(key, 0L);
            if (delta != 0) {
                difference.put(key, delta);
            }
        });
        return difference;
    }
}
