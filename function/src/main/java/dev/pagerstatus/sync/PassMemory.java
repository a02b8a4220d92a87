package dev.pagerstatus.sync;

import dev.pagerstatus.statuspage.Component;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one process remembers from pass to pass; never needed for being right, only for saving requests, because
 * a cold process must come to the same answers from what it reads.
 * <ul>
 *   <li>Which notes to PagerDuty went out, so a tag problem (which has no notice to record it on) is looked for
 *       once per process, not once per pass; and how often each failed, so that a note PagerDuty keeps refusing
 *       stops being tried after {@value #MAX_NOTE_ATTEMPTS} attempts. The marker check before each post is what
 *       keeps a note from being posted twice.</li>
 *   <li>When PagerDuty resolved the incidents behind notices a person took over: resolved incidents stay
 *       resolved, so each is read once.</li>
 *   <li>How many notes of hinted incidents it read in the last minute: a flood of {@code incident.annotated}
 *       hints (anyone may send them to an account without a webhook secret) gets at most {@value
 *       #HINT_READS_PER_MINUTE} reads a minute, an eighth of the 960 a PagerDuty key may make, so the listings
 *       and notes a pass needs always have their budget.</li>
 *   <li>When it last read every list of every page, for the net ({@link PageReads#NET_INTERVAL}), and each
 *       page's components as it read them then, so that a pass that reads only the unresolved incidents still
 *       knows the components no notice shows. Only decisions that write nothing are made on them: a write
 *       reads what it depends on first.</li>
 * </ul>
 * All are bounded; the oldest entries are forgotten first.
 */
public final class PassMemory {
    static final int MAX_NOTE_ATTEMPTS = 3;
    static final int HINT_READS_PER_MINUTE = 120;
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final int CAPACITY = 10_000;

    private final Map<String, Integer> failures = Collections.synchronizedMap(new Bounded<>(CAPACITY));
    private final Map<String, Boolean> told = Collections.synchronizedMap(new Bounded<>(CAPACITY));
    private final Map<String, Instant> resolvedAt = Collections.synchronizedMap(new Bounded<>(CAPACITY));
    private final Deque<Instant> hintReads = new ArrayDeque<>();
    private volatile Instant lastEverything;
    private final Map<String, List<Component>> components = new java.util.concurrent.ConcurrentHashMap<>();

    /** A page's components as this process last read them; empty if it never did. */
    List<Component> components(String pageId) {
        return components.getOrDefault(pageId, List.of());
    }

    void components(String pageId, List<Component> read) {
        components.put(pageId, List.copyOf(read));
    }

    /** When this process last read every list of every page; null before it first did. */
    Instant lastEverything() {
        return lastEverything;
    }

    void readEverything(Instant at) {
        lastEverything = at;
    }

    /** Takes up to {@code wanted} reads of hinted notes from the rolling minute's budget; how many it got. */
    synchronized int takeHintReads(int wanted, Instant now) {
        while (!hintReads.isEmpty() && !hintReads.peekFirst().plus(MINUTE).isAfter(now)) {
            hintReads.removeFirst();
        }
        int granted = Math.max(0, Math.min(wanted, HINT_READS_PER_MINUTE - hintReads.size()));
        for (int i = 0; i < granted; i++) {
            hintReads.addLast(now);
        }
        return granted;
    }

    boolean due(ResponderNotes.Owed note) {
        String key = key(note);
        return !told.containsKey(key) && failures.getOrDefault(key, 0) < MAX_NOTE_ATTEMPTS;
    }

    boolean wasTold(ResponderNotes.Owed note) {
        return told.containsKey(key(note));
    }

    void told(ResponderNotes.Owed note) {
        told.put(key(note), true);
        failures.remove(key(note));
    }

    /** Counts a failure; true when the note will not be tried again by this process. */
    boolean failed(ResponderNotes.Owed note) {
        return failures.merge(key(note), 1, Integer::sum) >= MAX_NOTE_ATTEMPTS;
    }

    Optional<Instant> resolvedAt(String ref) {
        return Optional.ofNullable(resolvedAt.get(ref));
    }

    void resolved(String ref, Instant at) {
        resolvedAt.put(ref, at);
    }

    private static String key(ResponderNotes.Owed note) {
        return note.ref() + " " + note.marker();
    }

    /** A map that forgets its least recently used entries past {@code capacity}. */
    private static final class Bounded<K, V> extends LinkedHashMap<K, V> {
        private final int capacity;

        Bounded(int capacity) {
            super(16, 0.75f, true);
            this.capacity = capacity;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
        }
    }
}
