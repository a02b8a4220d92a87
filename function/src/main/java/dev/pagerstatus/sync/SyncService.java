package dev.pagerstatus.sync;

import dev.pagerstatus.http.ApiCallCounter;
import dev.pagerstatus.http.ApiException;
import dev.pagerstatus.pagerduty.PagerDutyClient;
import dev.pagerstatus.pagerduty.PagerDutyIncident;
import dev.pagerstatus.pagerduty.PagerDutyNote;
import dev.pagerstatus.policy.Policy;
import dev.pagerstatus.statuspage.Component;
import dev.pagerstatus.statuspage.StatuspageClient;
import dev.pagerstatus.statuspage.StatuspageIncident;
import dev.pagerstatus.support.Log;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One reconcile pass: read everything at once, decide with {@link Reconciler}, then write.
 *
 * <p>All reads (each account's incidents, the page's components and unresolved incidents) run concurrently,
 * so a pass that changes nothing costs one round trip plus any extra pages. If any read fails, the pass
 * writes nothing at all: a listing that failed is not a listing that came back empty, and acting on part of
 * the picture could resolve a real outage. Writes go one at a time, openings first, so a new outage reaches
 * the page before housekeeping does.
 */
public final class SyncService {
    private static final Comparator<PlannedChange> WRITE_ORDER =
            Comparator.comparingInt(change -> change.action().ordinal());

    /** How many incidents' notes a command-line pass reads at most. */
    static final int MAX_NOTE_READS = 100;

    private final StatuspageClient statuspage;
    private final List<PagerDutyClient> pagerDuty;
    private final Policy policy;
    private final ApiCallCounter counter;
    private final InstantSource clock;

    public SyncService(
            StatuspageClient statuspage,
            List<PagerDutyClient> pagerDuty,
            Policy policy,
            ApiCallCounter counter,
            InstantSource clock) {
        this.statuspage = statuspage;
        this.pagerDuty = List.copyOf(pagerDuty);
        this.policy = policy;
        this.counter = counter;
        this.clock = clock;
    }

    /** Reads and decides, writes nothing; the public notes of every incident behind an open notice are read. */
    public SyncReport plan() {
        return run(false, Set.of(), true);
    }

    /** Reads, decides and writes, as the command line's {@code sync} does: every public note is looked for. */
    public SyncReport sync() {
        return run(true, Set.of(), true);
    }

    /**
     * A pass asked for by webhooks and schedules. {@code annotated} names the incidents a responder wrote a
     * public note on ({@code <account>/<incident id>}); only their notes are read, in the same round as
     * everything else, so a pass with nothing to change costs one round of reads.
     */
    public SyncReport pass(Set<String> annotated) {
        return run(true, annotated, false);
    }

    private SyncReport run(boolean apply, Set<String> annotated, boolean everyNote) {
        long started = System.nanoTime();
        Map<String, Long> callsBefore = counter.snapshot();
        List<ReadFailure> failures = new ArrayList<>();
        Observation observation = observe(failures, annotated);
        if (everyNote && failures.isEmpty()) {
            observation = withEveryPublicNote(observation, failures);
        }
        if (failures.isEmpty()) {
            Reconciler.contradiction(observation).ifPresent(message -> {
                failures.add(new ReadFailure("Statuspage components", message));
                Log.error("sync.read_failed", "source", "Statuspage components", "error", message);
            });
        }
        Plan plan = failures.isEmpty() ? Reconciler.plan(observation, policy) : new Plan(List.of(), List.of());
        plan.findings().stream()
                .filter(finding -> finding.kind() == Finding.Kind.HELD_PUBLIC_NOTE)
                .forEach(finding ->
                        Log.warn("sync.public_note_held", "page", statuspage.pageId(), "reason", finding.message()));
        List<WriteOutcome> writes = apply && failures.isEmpty() ? apply(plan) : List.of();
        SyncReport report = new SyncReport(
                statuspage.pageId(),
                apply,
                plan.changes(),
                plan.findings(),
                failures,
                writes,
                (System.nanoTime() - started) / 1_000_000,
                ApiCallCounter.difference(counter.snapshot(), callsBefore));
        log(report);
        return report;
    }

    private Observation observe(List<ReadFailure> failures, Set<String> annotated) {
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Component>> components = readers.submit(statuspage::listComponents);
            Future<List<StatuspageIncident>> incidents = readers.submit(statuspage::listUnresolvedIncidents);
            Map<String, Future<List<PagerDutyIncident>>> accounts = new LinkedHashMap<>();
            for (PagerDutyClient client : pagerDuty) {
                accounts.put(client.accountName(), readers.submit((Callable<List<PagerDutyIncident>>)
                        client::listOpenIncidents));
            }
            Map<String, Future<List<PagerDutyNote>>> notes = readNotes(readers, annotated);
            List<PagerDutyIncident> open = new ArrayList<>();
            for (var account : accounts.entrySet()) {
                open.addAll(await(account.getValue(), "PagerDuty account '" + account.getKey() + "'", failures));
            }
            return new Observation(
                    open,
                    await(components, "Statuspage components", failures),
                    await(incidents, "Statuspage unresolved incidents", failures),
                    awaitNotes(notes, failures),
                    clock.instant());
        }
    }

    /**
     * For the command line's passes, which no webhook names notes for: the notes of every incident behind an
     * open pagerstatus notice, read once the notices are known.
     */
    private Observation withEveryPublicNote(Observation observation, List<ReadFailure> failures) {
        Set<String> behind = new TreeSet<>();
        Set<String> open = new TreeSet<>();
        observation.pagerDutyIncidents().forEach(incident -> open.add(incident.account() + "/" + incident.id()));
        for (StatuspageIncident incident : observation.statuspageIncidents()) {
            if (Ownership.of(incident) instanceof Ownership.Managed managed) {
                for (String ref : managed.recordedPagerDuty().split(",")) {
                    if (open.contains(ref)) {
                        behind.add(ref);
                    }
                }
            }
        }
        behind.removeAll(observation.notes().keySet());
        if (behind.isEmpty()) {
            return observation;
        }
        if (behind.size() > MAX_NOTE_READS) {
            // A page this busy learns of public notes from incident.annotated webhooks, one incident at a time.
            Log.warn("sync.notes_not_read", "incidents", behind.size(), "limit", MAX_NOTE_READS);
            return observation;
        }
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, List<PagerDutyNote>> notes = new TreeMap<>(observation.notes());
            notes.putAll(awaitNotes(readNotes(readers, behind), failures));
            return new Observation(
                    observation.pagerDutyIncidents(),
                    observation.components(),
                    observation.statuspageIncidents(),
                    notes,
                    observation.now());
        }
    }

    private Map<String, Future<List<PagerDutyNote>>> readNotes(ExecutorService readers, Set<String> refs) {
        Map<String, Future<List<PagerDutyNote>>> notes = new TreeMap<>();
        for (String ref : refs) {
            int slash = ref.indexOf('/');
            String account = slash < 0 ? "" : ref.substring(0, slash);
            pagerDuty.stream()
                    .filter(client -> client.accountName().equals(account))
                    .findFirst()
                    .ifPresent(client -> notes.put(ref, readers.submit((Callable<List<PagerDutyNote>>)
                            () -> client.listNotes(ref.substring(slash + 1)))));
        }
        return notes;
    }

    private static Map<String, List<PagerDutyNote>> awaitNotes(
            Map<String, Future<List<PagerDutyNote>>> notes, List<ReadFailure> failures) {
        Map<String, List<PagerDutyNote>> read = new TreeMap<>();
        notes.forEach((ref, future) -> read.put(ref, await(future, "PagerDuty notes of " + ref, failures)));
        return read;
    }

    private static <T> List<T> await(Future<List<T>> read, String source, List<ReadFailure> failures) {
        try {
            return read.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String message = cause instanceof ApiException api
                    ? api.getMessage() + (api.isAuthFailure() ? " (the API key was refused)" : "")
                    : "unexpected " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
            failures.add(new ReadFailure(source, message));
            Log.error("sync.read_failed", "source", source, "error", message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add(new ReadFailure(source, "interrupted"));
        }
        return List.of();
    }

    private List<WriteOutcome> apply(Plan plan) {
        List<WriteOutcome> outcomes = new ArrayList<>();
        Set<String> failedNotices = new TreeSet<>();
        for (PlannedChange change : plan.writes().stream().sorted(WRITE_ORDER).toList()) {
            String notice = change.statuspageIncidentId();
            if (notice != null && failedNotices.contains(notice)) {
                // Its later writes carry the earlier one's record; sent alone, they would claim what did not happen.
                outcomes.add(new WriteOutcome(
                        change.action(),
                        change.componentId(),
                        false,
                        notice,
                        "not sent: an earlier write to this notice failed; the next pass tries again"));
                continue;
            }
            try {
                StatuspageIncident written;
                try {
                    written = write(change);
                } catch (ApiException e) {
                    if (notice != null) {
                        failedNotices.add(notice);
                    }
                    throw e;
                }
                outcomes.add(new WriteOutcome(change.action(), change.componentId(), true, written.id(), null));
                Log.info(
                        "statuspage.write",
                        "action",
                        change.action().label(),
                        "component",
                        change.componentId(),
                        "incident",
                        written.id(),
                        "reason",
                        change.reason());
            } catch (ApiException e) {
                String incident = change.statuspageIncidentId();
                outcomes.add(new WriteOutcome(change.action(), change.componentId(), false, incident, e.getMessage()));
                Log.error(
                        "statuspage.write_failed",
                        "action",
                        change.action().label(),
                        "component",
                        change.componentId(),
                        "incident",
                        incident,
                        "error",
                        e.getMessage());
            }
        }
        return outcomes;
    }

    private StatuspageIncident write(PlannedChange change) throws ApiException {
        return switch (change.write()) {
            case StatuspageWrite.Create create -> statuspage.createIncident(create.incident());
            case StatuspageWrite.Update update -> statuspage.updateIncident(update.incidentId(), update.change());
        };
    }

    private static void log(SyncReport report) {
        Map<String, Long> actions = new LinkedHashMap<>();
        for (Action action : Action.values()) {
            long count = report.count(action);
            if (count > 0) {
                actions.put(action.label(), count);
            }
        }
        Log.info(
                "sync.pass",
                "page",
                report.page(),
                "applied",
                report.applied(),
                "succeeded",
                report.succeeded(),
                "actions",
                actions,
                "findings",
                report.findings().size(),
                "read_failures",
                report.readFailures().size(),
                "failed_writes",
                report.writes().stream().filter(write -> !write.ok()).count(),
                "duration_ms",
                report.durationMillis(),
                "api_calls",
                report.apiCalls());
    }
}
