package dev.pagerstatus.webhook;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The delivery ids recently acted on, so PagerDuty's at-least-once retries of one webhook cause one sync.
 * Bounded: the oldest ids are forgotten first; a very late retry costs one harmless extra pass.
 */
public final class DeliveryIds {
    private final Map<String, Boolean> recent;

    public DeliveryIds(int capacity) {
        this.recent = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True for the first caller with this id; false for every later one. */
    public synchronized boolean claim(String id) {
        return recent.putIfAbsent(id, Boolean.TRUE) == null;
    }

    /** Forgets an id whose sync could not be queued, so PagerDuty's retry of it is acted on. */
    public synchronized void release(String id) {
        recent.remove(id);
    }
}
