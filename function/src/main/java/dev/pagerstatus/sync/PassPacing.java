package dev.pagerstatus.sync;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Spaces passes so that their reads cannot spend the Statuspage key's budget (60 requests in any rolling
 * minute) and starve the write that matters. A storm of webhooks that change nothing would otherwise run pass
 * after pass; a burst of them uses up the window early, and the next real acknowledgement then waits for the
 * whole window to roll over before its notice can be written.
 *
 * <p>A token bucket counted in Statuspage reads. It holds at most {@code burst} reads and refills at the rate
 * that keeps any rolling window's reads, burst included, at the budget less {@code reservedForWrites}. A pass
 * may start once the bucket holds what the previous pass read; what it really read is taken out afterwards. A
 * few webhooks in a row are served at once; a storm settles to about one pass per refill of a pass's reads
 * (3.3 s for a quiet pass, which reads a page in one request), which keeps the reserved share for writes and
 * bounds how long a real change waits after the storm. The budget is a key's, so a pass is counted by the reads its busiest key
 * made: two pages on one key cost a pass twice what one page does, and a page with a key of its own costs the
 * others nothing.
 */
public final class PassPacing {
    private final double refillPerSecond;
    private final double burst;
    private final InstantSource clock;
    private double tokens;
    private long lastPassReads;
    private Instant notBefore;
    private Instant updated;

    public PassPacing(int permits, Duration window, int reservedForWrites, int burst, InstantSource clock) {
        if (reservedForWrites + burst >= permits || burst < 1) {
            throw new IllegalArgumentException("passes need a share of the budget and room for one pass");
        }
        this.refillPerSecond = (permits - reservedForWrites - burst) / (double) window.toSeconds();
        this.burst = burst;
        this.clock = clock;
        this.tokens = burst;
        this.updated = clock.instant();
    }

    /**
     * Statuspage's budget (60 a rolling minute), 36 of it kept for writes and the reads they need first: a major
     * outage's openings, escalations and resolutions come in bursts of twenty or more, and must not wait behind
     * routine reads. A quiet pass reads one list a page, so passes in a storm still run every 3.3 s, and six in a
     * row at once.
     */
    public static PassPacing statuspage(InstantSource clock) {
        return new PassPacing(60, Duration.ofSeconds(60), 36, 6, clock);
    }

    /**
     * How long a pass that wrote holds the next one back. In a major outage changes come in bursts (twenty
     * acknowledgements, then recoveries), and a pass for each would spend the key's budget on reads before the
     * writes that matter: with the pause, the passes after the first gather the rest of the burst, and twenty
     * openings take three or four passes. A lone change never waits for it.
     */
    static final Duration AFTER_WRITES = Duration.ofSeconds(2);

    /** How long the next pass should wait before it starts; zero when the budget allows it now. */
    public synchronized Duration delayBeforeNextPass() {
        refill();
        Duration held = notBefore == null ? Duration.ZERO : Duration.between(clock.instant(), notBefore);
        double missing = Math.min(lastPassReads, burst) - tokens;
        Duration paced =
                missing <= 0 ? Duration.ZERO : Duration.ofMillis((long) Math.ceil(missing / refillPerSecond * 1000));
        return held.compareTo(paced) > 0 ? held : paced;
    }

    /** A pass wrote to the page: the next waits {@link #AFTER_WRITES}, so that the rest of a burst gathers. */
    public synchronized void wrote() {
        notBefore = clock.instant().plus(AFTER_WRITES);
    }

    /** Takes out what a pass read from Statuspage. */
    public synchronized void passRead(long statuspageReads) {
        passRead(statuspageReads, statuspageReads);
    }

    /**
     * Takes out what a pass read from Statuspage ({@code statuspageReads}), and says what the next pass reads at
     * least ({@code nextPassReads}: its first round), which is what it waits for.
     */
    public synchronized void passRead(long statuspageReads, long nextPassReads) {
        refill();
        tokens -= statuspageReads;
        lastPassReads = nextPassReads;
    }

    /**
     * What a pass read from Statuspage with its busiest key, from its report: only its first round
     * ({@code firstRoundReads}: one list a page, or the whole page when it read that at once), and the next pass
     * waits only for the first round every pass makes. What a pass reads beyond its first round, it reads for its
     * writes (an opening reads the page whole first, a change the maintenances), out of their share, so a burst's
     * next pass does not wait for it.
     */
    public void passed(SyncReport report, long firstRoundReads) {
        passRead(firstRoundReads, report.routineReadsPerKey());
    }

    /**
     * Whether a pass may read every page whole in its first round ({@code reads} with the busiest key), as one an
     * acknowledgement asked for would: only while the bucket holds that much, so that a storm of
     * acknowledgements that open nothing reads no more than other passes.
     */
    public synchronized boolean hasRoomFor(long reads) {
        refill();
        return tokens >= reads;
    }

    private void refill() {
        Instant now = clock.instant();
        double seconds = Math.max(0, Duration.between(updated, now).toNanos() / 1e9);
        tokens = Math.min(burst, tokens + seconds * refillPerSecond);
        updated = now;
    }
}
