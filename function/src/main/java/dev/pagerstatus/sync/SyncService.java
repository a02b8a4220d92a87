package dev.pagerstatus.sync;

import dev.pagerstatus.http.ApiCallCounter;
import dev.pagerstatus.http.ApiException;
import dev.pagerstatus.pagerduty.PagerDutyClient;
import dev.pagerstatus.pagerduty.PagerDutyIncident;
import dev.pagerstatus.policy.IncidentTemplate;
import dev.pagerstatus.statuspage.Component;
import dev.pagerstatus.statuspage.StatuspageClient;
import dev.pagerstatus.statuspage.StatuspageIncident;
import dev.pagerstatus.support.Log;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private final StatuspageClient statuspage;
    private final List<PagerDutyClient> pagerDuty;
    private final IncidentTemplate template;
    private final ApiCallCounter counter;

    public SyncService(
            StatuspageClient statuspage,
            List<PagerDutyClient> pagerDuty,
            IncidentTemplate template,
            ApiCallCounter counter) {
        this.statuspage = statuspage;
        this.pagerDuty = List.copyOf(pagerDuty);
        this.template = template;
        this.counter = counter;
    }

    /** Reads and decides, writes nothing. */
    public SyncReport plan() {
        return run(false);
    }

    /** Reads, decides and writes. */
    public SyncReport sync() {
        return run(true);
    }

    private SyncReport run(boolean apply) {
        long started = System.nanoTime();
        Map<String, Long> callsBefore = counter.snapshot();
        List<ReadFailure> failures = new ArrayList<>();
        Observation observation = observe(failures);
        if (failures.isEmpty()) {
            Reconciler.contradiction(observation).ifPresent(message -> {
                failures.add(new ReadFailure("Statuspage components", message));
                Log.error("sync.read_failed", "source", "Statuspage components", "error", message);
            });
        }
        Plan plan = failures.isEmpty() ? Reconciler.plan(observation, template) : new Plan(List.of(), List.of());
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

    private Observation observe(List<ReadFailure> failures) {
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Component>> components = readers.submit(statuspage::listComponents);
            Future<List<StatuspageIncident>> incidents = readers.submit(statuspage::listUnresolvedIncidents);
            Map<String, Future<List<PagerDutyIncident>>> accounts = new LinkedHashMap<>();
            for (PagerDutyClient client : pagerDuty) {
                accounts.put(client.accountName(), readers.submit((Callable<List<PagerDutyIncident>>)
                        client::listOpenIncidents));
            }
            List<PagerDutyIncident> open = new ArrayList<>();
            for (var account : accounts.entrySet()) {
                open.addAll(await(account.getValue(), "PagerDuty account '" + account.getKey() + "'", failures));
            }
            return new Observation(
                    open,
                    await(components, "Statuspage components", failures),
                    await(incidents, "Statuspage unresolved incidents", failures));
        }
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
        for (PlannedChange change : plan.writes().stream().sorted(WRITE_ORDER).toList()) {
            try {
                StatuspageIncident written = write(change);
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
