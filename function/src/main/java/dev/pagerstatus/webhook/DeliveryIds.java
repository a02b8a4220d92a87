package dev.pagerstatus.webhook;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.SequencedSet;

/**
 * The delivery ids recently acted on, so PagerDuty's at-least-once retries of one webhook cause one sync.
 * Bounded twice: by count, and by the characters held, because ids arrive from the internet; the oldest are
 * forgotten first, and a very late retry costs one harmless extra pass.
 */
public final class DeliveryIds {
    /** What {@code serve} and the receiver function remember: 10,000 ids, a million characters at most. */
    public static final int DEFAULT_COUNT = 10_000;

    public static final long DEFAULT_CHARS = 1_000_000;

    private final int maxCount;
    private final long maxChars;
    private final SequencedSet<String> recent = new LinkedHashSet<>();
    private long chars;

    public DeliveryIds(int maxCount, long maxChars) {
        this.maxCount = maxCount;
        this.maxChars = maxChars;
    }

    public DeliveryIds(int maxCount) {
        this(maxCount, DEFAULT_CHARS);
    }

    public static DeliveryIds defaults() {
        return new DeliveryIds(DEFAULT_COUNT, DEFAULT_CHARS);
    }

    /** True for the first caller with this id; false for every later one. */
    public synchronized boolean claim(String id) {
        if (!recent.add(id)) {
            return false;
        }
        chars += id.length();
        Iterator<String> oldest = recent.iterator();
        while ((recent.size() > maxCount || chars > maxChars) && oldest.hasNext()) {
            chars -= oldest.next().length();
            oldest.remove();
        }
        return true;
    }

    /** Forgets an id whose sync could not be queued, so PagerDuty's retry of it is acted on. */
    public synchronized void release(String id) {
        if (recent.remove(id)) {
            chars -= id.length();
        }
    }

    /** How many characters of ids are held now. */
    public synchronized long heldChars() {
        return chars;
    }

    public synchronized int size() {
        return recent.size();
    }
}
