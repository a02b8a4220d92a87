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
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One reconcile pass over every page: read everything at once, decide with {@link Reconciler}, write, then tell
 * responders in PagerDuty what customers see.
 *
 * <p>All reads (each account's incidents; each page's components, unresolved incidents, maintenances in
 * progress and recent incidents) run concurrently, so a pass that changes nothing costs one round trip plus
 * any extra pages. If any read fails, the pass writes nothing at all, on any page: a listing that failed is not
 * a listing that came back empty, and acting on part of the picture could resolve a real outage. Writes to
 * different notices go out together (a notice's own, one after another), openings first, so five openings cost
 * one round trip, not five. Notes to PagerDuty go last and never hold a Statuspage write back.
 */
public final class SyncService {
    private static final Comparator<PlannedChange> WRITE_ORDER =
            Comparator.comparingInt(change -> change.action().sendOrder());

    /** How many incidents' notes a command-line pass reads at most. */
    static final int MAX_NOTE_READS = 100;
    /** How many hinted incidents' notes one pass reads at most; the queue hands a pass no more than these. */
    public static final int MAX_HINTS_PER_PASS = 20;
    /** How many Statuspage writes one pass has in flight at once. */
    static final int MAX_WRITES_IN_FLIGHT = 10;
    /** How many notes to PagerDuty one pass posts at most; the rest are owed to the next. */
    static final int MAX_NOTES_PER_PASS = 20;
    /** How many owed notes one pass looks for among their incidents' notes at most, posted or found there. */
    static final int MAX_NOTE_CHECKS_PER_PASS = 100;

    private final Map<String, StatuspageClient> pages = new LinkedHashMap<>();
    private final List<PagerDutyClient> pagerDuty;
    private final Policy policy;
    private final ApiCallCounter counter;
    private final InstantSource clock;
    private final PassMemory memory;
    private final int busiestKeyPages;
    /** With notes to PagerDuty on, every pass reads the recent incidents too, for the resolution notes owed. */
    private final boolean recentEveryPass;

    public SyncService(
            List<StatuspageClient> pages,
            List<PagerDutyClient> pagerDuty,
            Policy policy,
            ApiCallCounter counter,
            InstantSource clock,
            PassMemory memory) {
        pages.forEach(page -> this.pages.put(page.pageId(), page));
        this.busiestKeyPages = pages.stream()
                .mapToInt(
                        page -> (int) pages.stream().filter(page::sharesKeyWith).count())
                .max()
                .orElse(1);
        this.pagerDuty = List.copyOf(pagerDuty);
        this.recentEveryPass = this.pagerDuty.stream().anyMatch(PagerDutyClient::writesNotes);
        this.policy = policy;
        this.counter = counter;
        this.clock = clock;
        this.memory = memory;
    }

    public SyncService(
            StatuspageClient statuspage,
            List<PagerDutyClient> pagerDuty,
            Policy policy,
            ApiCallCounter counter,
            InstantSource clock) {
        this(List.of(statuspage), pagerDuty, policy, counter, clock, new PassMemory());
    }

    /** What a pass that reads every page whole in its first round reads with the busiest key: four lists a page. */
    public long wholePageReadsPerKey() {
        return 4L * busiestKeyPages;
    }

    /** Reads and decides, writes nothing; the public notes of every incident behind an open notice are read. */
    public SyncReport plan() {
        return run(false, Set.of(), true, false);
    }

    /** Reads, decides and writes, as the command line's {@code sync} does: every public note is looked for. */
    public SyncReport sync() {
        return run(true, Set.of(), true, false);
    }

    /**
     * A pass asked for by webhooks and schedules. {@code annotated} names the incidents a responder wrote a
     * public note on ({@code <account>/<incident id>}); only their notes are read, in the same round as
     * everything else, so a pass with nothing to change costs one round of reads.
     */
    public SyncReport pass(Set<String> annotated) {
        return pass(annotated, false);
    }

    /** A pass as above; with {@code pageFirst}, one that likely opens a notice, it reads every page whole at once. */
    public SyncReport pass(Set<String> annotated, boolean pageFirst) {
        return run(true, annotated, false, pageFirst);
    }

    private SyncReport run(boolean apply, Set<String> annotated, boolean everyNote, boolean pageFirst) {
        long started = System.nanoTime();
        Map<String, Long> callsBefore = counter.snapshot();
        List<ReadFailure> failures = new ArrayList<>();
        Reading first = observe(failures, annotated, pageFirst);
        Reading reading = failures.isEmpty() ? complete(first, failures) : first;
        Observation observation = reading.observation();
        if (failures.isEmpty() && reading.everything()) {
            Reconciler.contradiction(observation).ifPresent(message -> {
                failures.add(new ReadFailure("Statuspage components", message));
                Log.error("sync.read_failed", "source", "Statuspage components", "error", message);
            });
        }
        if (!failures.isEmpty()) {
            return report(
                    apply,
                    new Plan(List.of(), List.of()),
                    failures,
                    List.of(),
                    List.of(),
                    started,
                    callsBefore,
                    Set.of());
        }
        List<WriteOutcome> writes = new ArrayList<>();
        try (ExecutorService background = Executors.newVirtualThreadPerTaskExecutor()) {
            // The command line's passes read the notes behind every open notice, which no webhook named. Only
            // those notices wait for them; every other write goes out meanwhile, so an opening is not held up.
            Set<String> behind = everyNote ? PageReads.notesBehindOpenNotices(observation) : Set.of();
            Observation seen = observation;
            Future<NotesRead> notesRead = behind.isEmpty()
                    ? null
                    : background.submit(() -> readNotesBehind(behind, reading.everything(), seen));
            Set<String> held = behind.isEmpty() ? Set.of() : PageReads.noticesBehind(observation, behind);
            Plan plan = plan(observation);
            if (apply) {
                writes.addAll(apply(plan.writes().stream()
                        .filter(change -> !PageReads.waitsForNotes(change, held))
                        .toList()));
            }
            if (notesRead != null) {
                Map<String, List<PagerDutyNote>> notes = awaitNotesBehind(notesRead, failures);
                if (!failures.isEmpty()) {
                    logFindings(plan);
                    return report(apply, plan, failures, writes, List.of(), started, callsBefore, Set.of());
                }
                // A public note is a write, which may want what the pass has not read yet.
                Reading noted = complete(reading.with(observation.withNotes(notes)), failures);
                if (!failures.isEmpty()) {
                    logFindings(plan);
                    return report(apply, plan, failures, writes, List.of(), started, callsBefore, Set.of());
                }
                observation = noted.observation();
                plan = plan(observation);
                if (apply) {
                    writes.addAll(apply(plan.writes().stream()
                            .filter(change -> PageReads.waitsForNotes(change, held))
                            .toList()));
                }
            }
            logFindings(plan);
            List<NoteOutcome> notes = apply ? tellResponders(plan, observation, writes) : List.of();
            return report(
                    apply,
                    plan,
                    failures,
                    writes,
                    notes,
                    started,
                    callsBefore,
                    PageReads.notesToReadAgain(observation, plan));
        }
    }

    /** The plan, with when PagerDuty resolved the incidents behind notices a person took over, if it needs that. */
    private Plan plan(Observation observation) {
        Plan plan = Reconciler.plan(observation, policy);
        if (plan.resolutionsWanted().isEmpty()) {
            return plan;
        }
        // Only for notices a person took over whose incidents PagerDuty has resolved: a second, rare round.
        return Reconciler.plan(observation.withResolvedAt(resolutions(plan.resolutionsWanted())), policy);
    }

    private SyncReport report(
            boolean apply,
            Plan plan,
            List<ReadFailure> failures,
            List<WriteOutcome> writes,
            List<NoteOutcome> notes,
            long started,
            Map<String, Long> callsBefore,
            Set<String> notesToReadAgain) {
        Map<String, Long> calls = ApiCallCounter.difference(counter.snapshot(), callsBefore);
        SyncReport report = new SyncReport(
                List.copyOf(pages.keySet()),
                apply,
                plan.changes(),
                plan.findings(),
                failures,
                writes,
                notes,
                (System.nanoTime() - started) / 1_000_000,
                calls,
                // The first round reads each page alike, so a key pays for its share of the pages.
                (long) busiestKeyPages * (recentEveryPass ? 2 : 1),
                notesToReadAgain);
        log(report);
        return report;
    }

    /**
     * The first round, all at once: each page's unresolved incidents (and its recent ones, with notes to
     * PagerDuty on), each account's open incidents, and the hinted notes. When that cannot decide the pass
     * ({@link PageReads#everythingWanted}), or the net is due, the rest of every page is read in a second round;
     * with {@code pageFirst}, in the first.
     */
    private Reading observe(List<ReadFailure> failures, Set<String> annotated, boolean pageFirst) {
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            record FirstRound(
                    StatuspageClient client,
                    Future<List<StatuspageIncident>> unresolved,
                    Future<List<StatuspageIncident>> recent) {}
            List<FirstRound> firstRounds = new ArrayList<>();
            for (StatuspageClient page : pages.values()) {
                firstRounds.add(new FirstRound(
                        page,
                        readers.submit(page::listUnresolvedIncidents),
                        recentEveryPass ? readers.submit(page::listRecentIncidents) : null));
            }
            Map<String, Future<List<PagerDutyIncident>>> accounts = new LinkedHashMap<>();
            for (PagerDutyClient client : pagerDuty) {
                accounts.put(client.accountName(), readers.submit((Callable<List<PagerDutyIncident>>)
                        client::listOpenIncidents));
            }
            Map<String, Future<List<PagerDutyNote>>> notes = readNotes(readers, hintsToRead(annotated));
            List<TheRest> rest = pageFirst ? startTheRest(readers, recentEveryPass) : null;
            List<PagerDutyIncident> open = new ArrayList<>();
            for (var account : accounts.entrySet()) {
                open.addAll(await(account.getValue(), "PagerDuty account '" + account.getKey() + "'", failures));
            }
            List<PageState> states = new ArrayList<>();
            for (FirstRound round : firstRounds) {
                String page = round.client().pageId();
                states.add(PageReads.fromUnresolved(
                        page,
                        await(round.unresolved(), "Statuspage unresolved incidents" + of(page), failures),
                        round.recent() == null
                                ? List.of()
                                : await(round.recent(), "Statuspage recent incidents" + of(page), failures),
                        memory.components(page)));
            }
            Map<String, List<PagerDutyNote>> hinted = awaitHintedNotes(notes);
            boolean everything =
                    failures.isEmpty() && (pageFirst || everythingWanted(open, states, Set.copyOf(accounts.keySet())));
            if (everything) {
                states = withTheRest(states, rest != null ? rest : startTheRest(readers, recentEveryPass), failures);
            }
            Observation observation =
                    new Observation(open, states, hinted, Map.of(), clock.instant(), Set.copyOf(accounts.keySet()));
            return new Reading(observation, everything, Set.of());
        }
    }

    /**
     * What a pass read: whether it was everything of every page, and else the pages whose maintenances in
     * progress it read.
     */
    private record Reading(Observation observation, boolean everything, Set<String> maintenancesRead) {
        Reading with(Observation more) {
            return new Reading(more, everything, maintenancesRead);
        }
    }

    /**
     * The reading, with whatever its plan still needs: everything, when the plan would open a notice (an opening
     * is decided on the page as it is, its people's recent resolutions included); else the maintenances in
     * progress of each page it would write to, read before any write goes out, since a component under
     * maintenance belongs to the page's people meanwhile.
     */
    private Reading complete(Reading reading, List<ReadFailure> failures) {
        if (reading.everything()) {
            return reading;
        }
        Plan plan = Reconciler.plan(reading.observation(), policy);
        if (PageReads.opensANotice(plan)) {
            try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
                List<PageState> states =
                        withTheRest(reading.observation().pages(), startTheRest(readers, recentEveryPass), failures);
                return new Reading(reading.observation().withPages(states), true, Set.of());
            }
        }
        Set<String> wanted = new TreeSet<>(PageReads.maintenancesWanted(plan));
        wanted.removeAll(reading.maintenancesRead());
        if (wanted.isEmpty()) {
            return reading;
        }
        Set<String> read = new TreeSet<>(reading.maintenancesRead());
        read.addAll(wanted);
        return new Reading(withMaintenances(reading.observation(), wanted, failures), false, read);
    }

    private boolean everythingWanted(List<PagerDutyIncident> open, List<PageState> states, Set<String> accounts) {
        if (PageReads.netDue(memory.lastEverything(), clock.instant())) {
            return true;
        }
        Optional<String> why = PageReads.everythingWanted(open, states, accounts);
        why.ifPresent(reason -> Log.info("sync.read_everything", "reason", reason));
        return why.isPresent();
    }

    /** The reads of the rest of one page, under way: its components, maintenances, and recent incidents. */
    private record TheRest(
            String page,
            Future<List<Component>> components,
            Future<List<StatuspageIncident>> maintenances,
            Future<List<StatuspageIncident>> recent) {}

    /** Starts reading the rest of every page; its recent incidents too unless the first round reads them. */
    private List<TheRest> startTheRest(ExecutorService readers, boolean recentRead) {
        List<TheRest> reads = new ArrayList<>();
        for (StatuspageClient page : pages.values()) {
            reads.add(new TheRest(
                    page.pageId(),
                    readers.submit(page::listComponents),
                    readers.submit(page::listActiveMaintenances),
                    recentRead ? null : readers.submit(page::listRecentIncidents)));
        }
        return reads;
    }

    /** Every page whole: the first round's unresolved (and recent) incidents, with the rest read beside them. */
    private List<PageState> withTheRest(List<PageState> firstRound, List<TheRest> reads, List<ReadFailure> failures) {
        List<PageState> states = new ArrayList<>();
        for (int i = 0; i < firstRound.size(); i++) {
            PageState first = firstRound.get(i);
            TheRest read = reads.get(i);
            String page = first.id();
            states.add(new PageState(
                    page,
                    await(read.components(), "Statuspage components" + of(page), failures),
                    first.unresolved(),
                    await(read.maintenances(), "Statuspage maintenances in progress" + of(page), failures),
                    read.recent() == null
                            ? first.recent()
                            : await(read.recent(), "Statuspage recent incidents" + of(page), failures)));
        }
        if (failures.isEmpty()) {
            states.forEach(state -> memory.components(state.id(), state.components()));
            memory.readEverything(clock.instant());
        }
        return states;
    }

    /** The observation with the maintenances in progress on the {@code wanted} pages. */
    private Observation withMaintenances(Observation observation, Set<String> wanted, List<ReadFailure> failures) {
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<List<StatuspageIncident>>> reads = new LinkedHashMap<>();
            wanted.forEach(page -> reads.put(page, readers.submit(pages.get(page)::listActiveMaintenances)));
            List<PageState> states = new ArrayList<>();
            for (PageState state : observation.pages()) {
                Future<List<StatuspageIncident>> read = reads.get(state.id());
                states.add(
                        read == null
                                ? state
                                : new PageState(
                                        state.id(),
                                        state.components(),
                                        state.unresolved(),
                                        await(read, "Statuspage maintenances in progress" + of(state.id()), failures),
                                        state.recent()));
            }
            return observation.withPages(states);
        }
    }

    private String of(String page) {
        return pages.size() == 1 ? "" : " of page " + page;
    }

    /**
     * The hinted incidents whose notes this pass reads: well formed, in a configured account, at most {@value
     * #MAX_HINTS_PER_PASS}, and within the process's budget for them ({@link PassMemory#takeHintReads}), so that
     * no flood of hints, signed or not, can spend an account key's PagerDuty budget. The rest are dropped.
     */
    private Set<String> hintsToRead(Set<String> hints) {
        List<String> usable = hints.stream()
                .filter(this::isConfiguredIncident)
                .sorted()
                .limit(MAX_HINTS_PER_PASS)
                .toList();
        int granted = memory.takeHintReads(usable.size(), clock.instant());
        if (granted < hints.size()) {
            Log.warn("sync.hints_dropped", "hints", hints.size(), "read", granted);
        }
        return new TreeSet<>(usable.subList(0, granted));
    }

    private boolean isConfiguredIncident(String ref) {
        int slash = ref.indexOf('/');
        return slash > 0
                && PagerDutyIncident.isWellFormedId(ref.substring(slash + 1))
                && account(ref.substring(0, slash)).isPresent();
    }

    /**
     * The notes of the hinted incidents that could be read. A hint is only a hint: one whose notes cannot be read
     * (PagerDuty answers 404, or is slow) is dropped with a warning and never fails the pass, or every later pass
     * would fail on it too.
     */
    private static Map<String, List<PagerDutyNote>> awaitHintedNotes(Map<String, Future<List<PagerDutyNote>>> notes) {
        Map<String, List<PagerDutyNote>> read = new TreeMap<>();
        notes.forEach((ref, future) -> {
            List<ReadFailure> failed = new ArrayList<>();
            List<PagerDutyNote> got = await(future, "PagerDuty notes of " + ref, failed, false);
            if (failed.isEmpty()) {
                read.put(ref, got);
            } else {
                Log.warn(
                        "sync.hint_dropped",
                        "incident",
                        ref,
                        "error",
                        failed.getFirst().message());
            }
        });
        return read;
    }

    /**
     * The notes of the incidents behind open notices that may hold a public note not published yet: every one of
     * them when the pass read everything (the net), else only those the accounts' logs show a public note on.
     */
    private NotesRead readNotesBehind(Set<String> behind, boolean sweep, Observation seen) {
        List<ReadFailure> failures = new ArrayList<>();
        Set<String> toRead = sweep ? behind : hinted(behind, seen, failures);
        if (!failures.isEmpty()) {
            return new NotesRead(Map.of(), failures);
        }
        if (toRead.size() > MAX_NOTE_READS) {
            // A page this busy learns of public notes from incident.annotated webhooks, one incident at a time.
            Log.warn("sync.notes_not_read", "incidents", toRead.size(), "limit", MAX_NOTE_READS);
            return new NotesRead(Map.of(), List.of());
        }
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, List<PagerDutyNote>> notes = awaitNotes(readNotes(readers, toRead), failures);
            return new NotesRead(failures.isEmpty() ? notes : Map.of(), failures);
        }
    }

    /** What a background read of notes came to: the notes, or the reads that failed. */
    private record NotesRead(Map<String, List<PagerDutyNote>> notes, List<ReadFailure> failures) {}

    /**
     * Of {@code behind}, the incidents whose account's log shows a public note since the first of them there
     * triggered: one request per account instead of one per incident. Where the log cannot tell (it is longer
     * than the client reads, or an incident's start is unknown), every one of that account's.
     */
    private Set<String> hinted(Set<String> behind, Observation seen, List<ReadFailure> failures) {
        Map<String, Instant> triggered = new TreeMap<>();
        seen.pagerDutyIncidents().forEach(incident -> triggered.put(incident.ref(), incident.createdAt()));
        Map<String, Set<String>> byAccount = new TreeMap<>();
        behind.forEach(ref -> byAccount
                .computeIfAbsent(ref.substring(0, ref.indexOf('/')), name -> new TreeSet<>())
                .add(ref));
        Set<String> hinted = new TreeSet<>();
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<Optional<Set<String>>>> logs = new TreeMap<>();
            byAccount.forEach((name, refs) -> {
                Instant since = PageReads.earliest(refs, triggered);
                PagerDutyClient client = account(name).orElseThrow();
                logs.put(
                        name,
                        since == null
                                ? CompletableFuture.completedFuture(Optional.empty())
                                : readers.submit(() -> client.publicNoteHints(since.minusSeconds(60), seen.now())));
            });
            logs.forEach((name, log) -> {
                try {
                    Optional<Set<String>> ids = log.get();
                    byAccount.get(name).stream()
                            .filter(ref -> ids.isEmpty() || ids.get().contains(ref.substring(ref.indexOf('/') + 1)))
                            .forEach(hinted::add);
                } catch (ExecutionException e) {
                    failures.add(new ReadFailure("PagerDuty log of account '" + name + "'", describe(e.getCause())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add(new ReadFailure("PagerDuty log of account '" + name + "'", "interrupted"));
                }
            });
        }
        return hinted;
    }

    private static Map<String, List<PagerDutyNote>> awaitNotesBehind(
            Future<NotesRead> read, List<ReadFailure> failures) {
        try {
            NotesRead notes = read.get();
            failures.addAll(notes.failures());
            return notes.notes();
        } catch (ExecutionException e) {
            failures.add(new ReadFailure("PagerDuty notes", describe(e.getCause())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add(new ReadFailure("PagerDuty notes", "interrupted"));
        }
        return Map.of();
    }

    private Map<String, Future<List<PagerDutyNote>>> readNotes(ExecutorService readers, Set<String> refs) {
        Map<String, Future<List<PagerDutyNote>>> notes = new TreeMap<>();
        for (String ref : refs) {
            int slash = ref.indexOf('/');
            account(slash < 0 ? "" : ref.substring(0, slash))
                    .ifPresent(client -> notes.put(ref, readers.submit((Callable<List<PagerDutyNote>>)
                            () -> client.listNotes(ref.substring(slash + 1)))));
        }
        return notes;
    }

    /**
     * When PagerDuty resolved each incident; those still open or unreadable are left out, so the plan says
     * "PagerDuty resolved" without a time and resolves nothing by {@code people.resolve_after}. Resolved
     * incidents stay resolved, so what was read once is kept.
     */
    private Map<String, Instant> resolutions(List<String> refs) {
        Map<String, Instant> known = new TreeMap<>();
        Map<String, Future<Optional<Instant>>> reads = new TreeMap<>();
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String ref : refs) {
                Optional<Instant> cached = memory.resolvedAt(ref);
                if (cached.isPresent()) {
                    known.put(ref, cached.get());
                    continue;
                }
                int slash = ref.indexOf('/');
                account(ref.substring(0, slash))
                        .ifPresent(client ->
                                reads.put(ref, readers.submit(() -> client.resolvedAt(ref.substring(slash + 1)))));
            }
            reads.forEach((ref, read) -> {
                try {
                    read.get().ifPresent(at -> {
                        known.put(ref, at);
                        memory.resolved(ref, at);
                    });
                } catch (ExecutionException e) {
                    Log.warn("sync.resolution_unread", "incident", ref, "error", describe(e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        return known;
    }

    private Optional<PagerDutyClient> account(String name) {
        return pagerDuty.stream()
                .filter(client -> client.accountName().equals(name))
                .findFirst();
    }

    private static Map<String, List<PagerDutyNote>> awaitNotes(
            Map<String, Future<List<PagerDutyNote>>> notes, List<ReadFailure> failures) {
        Map<String, List<PagerDutyNote>> read = new TreeMap<>();
        notes.forEach((ref, future) -> read.put(ref, await(future, "PagerDuty notes of " + ref, failures)));
        return read;
    }

    private static <T> List<T> await(Future<List<T>> read, String source, List<ReadFailure> failures) {
        return await(read, source, failures, true);
    }

    private static <T> List<T> await(
            Future<List<T>> read, String source, List<ReadFailure> failures, boolean failsThePass) {
        try {
            return read.get();
        } catch (ExecutionException e) {
            String message = describe(e.getCause());
            failures.add(new ReadFailure(source, message));
            if (failsThePass) {
                Log.error("sync.read_failed", "source", source, "error", message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add(new ReadFailure(source, "interrupted"));
        }
        return List.of();
    }

    private static String describe(Throwable cause) {
        return cause instanceof ApiException api
                ? api.getMessage() + (api.isAuthFailure() ? " (the API key was refused)" : "")
                : "unexpected " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static void logFindings(Plan plan) {
        for (Finding finding : plan.findings()) {
            switch (finding.kind()) {
                case HELD_PUBLIC_NOTE ->
                    Log.warn("sync.public_note_held", "page", finding.page(), "reason", finding.message());
                case HANDED_OVER -> Log.warn("sync.handed_over", "page", finding.page(), "notice", finding.message());
                default -> {}
            }
        }
    }

    /**
     * Sends the writes, independent ones at once: a notice's own writes go one after another, in order (each
     * carries the record the one before it left), while different notices, and new ones, do not wait for each
     * other. At most {@value #MAX_WRITES_IN_FLIGHT} are in flight; the key's rate limiter spaces them within its
     * budget. Openings are started first, so when the budget is short they are the ones that go.
     */
    private List<WriteOutcome> apply(List<PlannedChange> writes) {
        Map<String, List<PlannedChange>> chains = new LinkedHashMap<>();
        for (PlannedChange change : writes.stream().sorted(WRITE_ORDER).toList()) {
            String chain = change.statuspageIncidentId() != null
                    ? change.statuspageIncidentId()
                    : "new " + change.page() + "/" + change.componentId();
            chains.computeIfAbsent(chain, key -> new ArrayList<>()).add(change);
        }
        if (chains.isEmpty()) {
            return List.of();
        }
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(MAX_WRITES_IN_FLIGHT);
        List<Future<List<WriteOutcome>>> sent = new ArrayList<>();
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (List<PlannedChange> chain : chains.values()) {
                sent.add(writers.submit(() -> sendChain(chain, inFlight)));
            }
        }
        List<WriteOutcome> outcomes = new ArrayList<>();
        for (Future<List<WriteOutcome>> chain : sent) {
            outcomes.addAll(chain.resultNow());
        }
        return outcomes;
    }

    private List<WriteOutcome> sendChain(List<PlannedChange> chain, java.util.concurrent.Semaphore inFlight)
            throws InterruptedException {
        List<WriteOutcome> outcomes = new ArrayList<>();
        boolean failed = false;
        for (PlannedChange change : chain) {
            String notice = change.statuspageIncidentId();
            if (failed) {
                // Its later writes carry the earlier one's record; sent alone, they would claim what did not happen.
                outcomes.add(new WriteOutcome(
                        change.action(),
                        change.page(),
                        change.componentId(),
                        false,
                        notice,
                        "not sent: an earlier write to this notice failed; the next pass tries again",
                        null));
                continue;
            }
            inFlight.acquire();
            try {
                StatuspageIncident written = write(pages.get(change.page()), change.write());
                outcomes.add(new WriteOutcome(
                        change.action(), change.page(), change.componentId(), true, written.id(), null, written));
                Log.info(
                        "statuspage.write",
                        "page",
                        change.page(),
                        "action",
                        change.action().label(),
                        "component",
                        change.componentId(),
                        "incident",
                        written.id(),
                        "reason",
                        change.reason());
            } catch (ApiException e) {
                failed = true;
                outcomes.add(new WriteOutcome(
                        change.action(), change.page(), change.componentId(), false, notice, e.getMessage(), null));
                Log.error(
                        "statuspage.write_failed",
                        "page",
                        change.page(),
                        "action",
                        change.action().label(),
                        "component",
                        change.componentId(),
                        "incident",
                        notice,
                        "error",
                        e.getMessage());
            } finally {
                inFlight.release();
            }
        }
        return outcomes;
    }

    private static StatuspageIncident write(StatuspageClient page, StatuspageWrite write) throws ApiException {
        return switch (write) {
            case StatuspageWrite.Create create -> page.createIncident(create.incident());
            case StatuspageWrite.Update update -> page.updateIncident(update.incidentId(), update.change());
        };
    }

    /**
     * Posts the notes responders are owed, each after a look at the incident's notes for its marker, then records
     * on each notice whom it has told. Nothing here can undo or hold back a Statuspage write.
     */
    private List<NoteOutcome> tellResponders(Plan plan, Observation observation, List<WriteOutcome> writes) {
        Set<String> accountsWithNotes = new TreeSet<>();
        pagerDuty.stream()
                .filter(PagerDutyClient::writesNotes)
                .forEach(client -> accountsWithNotes.add(client.accountName()));
        if (accountsWithNotes.isEmpty()) {
            return List.of();
        }
        Map<String, StatuspageIncident> written = new TreeMap<>();
        for (WriteOutcome outcome : writes) {
            if (outcome.ok()) {
                written.put(outcome.written().id(), outcome.written());
                if (outcome.action() == Action.OPEN) {
                    written.put(outcome.page() + "/" + outcome.component(), outcome.written());
                }
            }
        }
        List<ResponderNotes.Owed> all = ResponderNotes.owed(plan, observation, written, accountsWithNotes);
        // Told earlier by this process, but the notice's record of it was not written: write it again.
        List<ResponderNotes.Owed> told = new ArrayList<>(all.stream()
                .filter(note -> memory.wasTold(note) && note.notice() != null)
                .toList());
        List<ResponderNotes.Owed> due =
                all.stream().filter(memory::due).limit(MAX_NOTE_CHECKS_PER_PASS).toList();
        List<NoteOutcome> outcomes = new ArrayList<>();
        // A note found already there costs a read, not a post: a cold process (cron sync) goes past those to
        // the ones still owed instead of checking the same first few every run.
        int posted = 0;
        int next = 0;
        while (next < due.size() && posted < MAX_NOTES_PER_PASS) {
            List<ResponderNotes.Owed> batch =
                    due.subList(next, Math.min(due.size(), next + MAX_NOTES_PER_PASS - posted));
            next += batch.size();
            posted += post(batch, told, outcomes);
        }
        recordTold(told, written);
        return outcomes;
    }

    /** Posts each note of {@code batch} that is not there yet, at once; how many were posted or failed. */
    private int post(List<ResponderNotes.Owed> batch, List<ResponderNotes.Owed> told, List<NoteOutcome> outcomes) {
        int before = outcomes.size();
        try (ExecutorService posters = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<ResponderNotes.Owed, Future<NoteOutcome.Result>> posts = new LinkedHashMap<>();
            for (ResponderNotes.Owed note : batch) {
                PagerDutyClient client = account(note.account()).orElseThrow();
                posts.put(note, posters.submit(() -> post(client, note)));
            }
            posts.forEach((note, post) -> {
                String kind = note.kind().name().toLowerCase(java.util.Locale.ROOT);
                try {
                    NoteOutcome.Result result = post.get();
                    memory.told(note);
                    told.add(note);
                    outcomes.add(new NoteOutcome(kind, note.ref(), result, null));
                    Log.info("pagerduty.note", "kind", kind, "incident", note.ref(), "result", result.label());
                } catch (ExecutionException e) {
                    String error = describe(e.getCause());
                    boolean givenUp = memory.failed(note);
                    outcomes.add(new NoteOutcome(kind, note.ref(), NoteOutcome.Result.FAILED, error));
                    Log.error(
                            "pagerduty.note_failed",
                            "kind",
                            kind,
                            "incident",
                            note.ref(),
                            "error",
                            error,
                            "retried",
                            givenUp ? "no: attempts exhausted" : "on a later pass");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        return (int) outcomes.subList(before, outcomes.size()).stream()
                .filter(outcome -> outcome.result() != NoteOutcome.Result.ALREADY_THERE)
                .count();
    }

    private static NoteOutcome.Result post(PagerDutyClient client, ResponderNotes.Owed note) throws ApiException {
        boolean there = client.listNotes(note.incidentId()).stream()
                .anyMatch(existing -> existing.content().contains(note.marker()));
        if (there) {
            return NoteOutcome.Result.ALREADY_THERE;
        }
        client.addNote(note.incidentId(), note.content());
        return NoteOutcome.Result.POSTED;
    }

    /** One metadata write per notice told, so the next pass, in any process, knows they were. */
    private void recordTold(List<ResponderNotes.Owed> told, Map<String, StatuspageIncident> written) {
        ResponderNotes.byNotice(told).forEach((noticeId, notes) -> {
            StatuspageIncident notice =
                    written.getOrDefault(noticeId, notes.getFirst().notice());
            Optional<StatuspageWrite> write = ResponderNotes.recordWrite(notice, notes);
            if (write.isEmpty()) {
                return;
            }
            try {
                write(pages.get(notes.getFirst().page()), write.get());
            } catch (ApiException e) {
                // The notes are out; the next pass finds their markers and records them then.
                Log.warn("statuspage.record_failed", "incident", noticeId, "error", e.getMessage());
            }
        });
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
                "pages",
                report.pages(),
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
                "notes",
                report.notes().size(),
                "duration_ms",
                report.durationMillis(),
                "api_calls",
                report.apiCalls());
    }
}
