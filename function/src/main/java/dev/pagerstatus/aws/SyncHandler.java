package dev.pagerstatus.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.pagerstatus.config.ConfigException;
import dev.pagerstatus.config.ConfigUnavailableException;
import dev.pagerstatus.config.Settings;
import dev.pagerstatus.setup.KeyExpiry;
import dev.pagerstatus.standin.Rehearsal;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.support.Log;
import dev.pagerstatus.sync.Action;
import dev.pagerstatus.sync.ApiClients;
import dev.pagerstatus.sync.Finding;
import dev.pagerstatus.sync.NoteOutcome;
import dev.pagerstatus.sync.SyncReport;
import dev.pagerstatus.sync.SyncRequest;
import dev.pagerstatus.sync.SyncService;
import dev.pagerstatus.sync.WriteOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The sync function, fed by the SQS FIFO queue: webhooks' requests and the schedule's both arrive there, in
 * the page's one message group, so passes never overlap. A batch of any size is one pass. If the pass fails
 * (a read, a write, or the configuration), every message of the batch is reported failed, so SQS hands them
 * back later and, after a bounded number of receives, to the dead-letter queue and its alarm.
 */
public final class SyncHandler implements RequestStreamHandler {
    /** The alarm's lead: the Statuspage key's recorded expiry this close or past counts in the metric. */
    static final int KEY_EXPIRY_ALARM_DAYS = 7;

    private final Supplier<Settings> settings;
    private final Supplier<Optional<LocalDate>> keyExpires;
    private final ApiClients clients;
    private final Metrics metrics;
    private final InstantSource clock;
    /** Held so the CRaC registration (weak) lives as long as the handler. */
    private final Priming priming;

    /** What Lambda calls, once per execution environment: clients are built here, secrets read on first use. */
    public SyncHandler() {
        this(
                sources(System.getenv(), AwsEnvironment::ssm),
                ApiClients.create(),
                new Metrics(
                        System.getenv().getOrDefault(AwsEnvironment.METRICS_NAMESPACE, Metrics.DEFAULT_NAMESPACE),
                        "sync",
                        InstantSource.system(),
                        System.out::println),
                InstantSource.system());
    }

    /**
     * The settings from Parameter Store, where the environment says they are. When the environment is wrong,
     * every pass fails naming the variable, as it does for a bad parameter.
     */
    static Supplier<Settings> settings(Map<String, String> env, Supplier<SsmClient> ssm) {
        return sources(env, ssm).settings();
    }

    /** What the function reads from Parameter Store: the settings, and when the Statuspage key expires. */
    record Sources(Supplier<Settings> settings, Supplier<Optional<LocalDate>> keyExpires) {}

    static Sources sources(Map<String, String> env, Supplier<SsmClient> ssm) {
        try {
            AwsEnvironment environment = AwsEnvironment.from(env);
            ParameterStore store = new ParameterStore(ssm.get());
            String expiry = environment.layout().statuspageKeyExpires();
            Refreshing<Optional<LocalDate>> keyExpires = new Refreshing<>(
                    "statuspage key expiry",
                    environment.configTtl(),
                    InstantSource.system(),
                    () -> Optional.ofNullable(store.values(List.of(expiry)).get(expiry))
                            .map(KeyExpiry::parse));
            return new Sources(
                    new SsmSettings(store, environment.layout(), environment.configTtl(), InstantSource.system()),
                    keyExpires::get);
        } catch (ConfigException e) {
            Log.error("config.invalid", "function", "sync", "error", e.getMessage());
            return new Sources(
                    () -> {
                        throw new ConfigException(e.getMessage());
                    },
                    Optional::empty);
        }
    }

    SyncHandler(Supplier<Settings> settings, ApiClients clients, Metrics metrics, InstantSource clock) {
        this(new Sources(settings, Optional::empty), clients, metrics, clock);
    }

    SyncHandler(Sources sources, ApiClients clients, Metrics metrics, InstantSource clock) {
        this.settings = sources.settings();
        this.keyExpires = sources.keyExpires();
        this.clients = clients;
        this.metrics = metrics;
        this.clock = clock;
        this.priming = Priming.register("sync", () -> prime(clients));
    }

    /** Reads the SQS event with {@link LambdaJson} into the same classes a typed handler would get. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaJson.MAPPER.writeValue(output, handle(LambdaJson.MAPPER.readValue(input, SQSEvent.class)));
    }

    SQSBatchResponse handle(SQSEvent event) {
        List<SQSEvent.SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
        Metrics.Batch batch = new Metrics.Batch().count("Passes", 1);
        batch.count("StatuspageKeyExpiresSoon", keyExpiresSoon() ? 1 : 0);
        queueAge(messages).ifPresent(age -> batch.milliseconds("QueueAge", age));
        List<SyncReport> reports = new ArrayList<>();
        try {
            Settings current = settings.get();
            if (onlyNewIncidents(messages) && current.policy().publishesOnlyOnceAcknowledged()) {
                // Nothing reaches the page before an acknowledgement: in a major outage these are most of
                // the webhooks, and their passes' reads would spend the Statuspage budget the writes need.
                metrics.emit(batch.count("Passes", 0).count("SkippedPasses", 1));
                return new SQSBatchResponse(List.of());
            }
            SyncService sync = clients.syncService(current);
            reports.add(sync.pass(annotated(messages)));
            SyncReport first = reports.getFirst();
            if (first.succeeded() && !first.notesToReadAgain().isEmpty()) {
                // A public note read before its notice existed goes on the notice this pass opened; once.
                reports.add(sync.pass(first.notesToReadAgain()));
            }
        } catch (ConfigException | ConfigUnavailableException e) {
            Log.error("sync.config_failed", "error", e.getMessage());
            metrics.emit(batch.count("FailedPasses", 1).count("ReadFailures", 1));
            return failed(messages);
        }
        metrics.emit(counted(batch, reports));
        return reports.stream().allMatch(SyncReport::succeeded) ? new SQSBatchResponse(List.of()) : failed(messages);
    }

    /** The batch's passes, as metrics: what they wrote, told and held, summed. */
    private static Metrics.Batch counted(Metrics.Batch batch, List<SyncReport> reports) {
        return batch.count("Passes", reports.size())
                .count(
                        "FailedPasses",
                        reports.stream().filter(report -> !report.succeeded()).count())
                .count(
                        "ReadFailures",
                        sum(reports, report -> report.readFailures().size()))
                .count("IncidentsOpened", sum(reports, report -> written(report, Action.OPEN)))
                .count("IncidentsEscalated", sum(reports, report -> written(report, Action.ESCALATE)))
                .count("PublicNotesPosted", sum(reports, report -> written(report, Action.POST_NOTE)))
                .count("HeldPublicNotes", findings(reports.getLast(), Finding.Kind.HELD_PUBLIC_NOTE))
                .count("IncidentsResolved", sum(reports, report -> written(report, Action.RESOLVE)))
                .count("HandedOverNotices", findings(reports.getLast(), Finding.Kind.HANDED_OVER))
                .count(
                        "NotesToPagerDuty",
                        sum(
                                reports,
                                report -> report.notes().stream()
                                        .filter(NoteOutcome::ok)
                                        .count()))
                .count(
                        "FailedNotesToPagerDuty",
                        sum(
                                reports,
                                report -> report.notes().stream()
                                        .filter(note -> !note.ok())
                                        .count()))
                .milliseconds("PassDuration", sum(reports, SyncReport::durationMillis));
    }

    private static long sum(List<SyncReport> reports, ToLongFunction<SyncReport> count) {
        return reports.stream().mapToLong(count).sum();
    }

    /** The incidents the batch's webhooks announced public notes on: their notes are read in this pass. */
    static Set<String> annotated(List<SQSEvent.SQSMessage> messages) {
        Set<String> annotated = new TreeSet<>();
        for (SQSEvent.SQSMessage message : messages) {
            String incident = body(message).path("public_note_on").asText("");
            if (incident.matches("[a-z0-9][a-z0-9_-]{0,62}/[A-Z0-9]{1,32}")) {
                annotated.add(incident);
            }
        }
        return annotated;
    }

    /** Whether every message is a webhook announcing a new incident, and nothing else (no schedule, no note). */
    static boolean onlyNewIncidents(List<SQSEvent.SQSMessage> messages) {
        if (messages.isEmpty()) {
            return false;
        }
        for (SQSEvent.SQSMessage message : messages) {
            JsonNode body = body(message);
            SyncRequest request =
                    new SyncRequest(null, null, body.path("event_type").asText(""));
            if (!request.isTrigger() || body.has("public_note_on")) {
                return false;
            }
        }
        return true;
    }

    /** A message's JSON body; a missing node for anything else (a schedule's message is JSON too). */
    private static JsonNode body(SQSEvent.SQSMessage message) {
        try {
            return Json.MAPPER.readTree(message.getBody() == null ? "{}" : message.getBody());
        } catch (IOException notJson) {
            return MissingNode.getInstance();
        }
    }

    /**
     * Whether the recorded expiry of the Statuspage key is {@value #KEY_EXPIRY_ALARM_DAYS} days away or less (or
     * past, or unreadable), for the alarm; false when none is recorded or Parameter Store cannot be read.
     */
    private boolean keyExpiresSoon() {
        try {
            LocalDate today = LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
            return keyExpires
                    .get()
                    .filter(date -> !date.isAfter(today.plusDays(KEY_EXPIRY_ALARM_DAYS)))
                    .isPresent();
        } catch (ConfigException e) {
            Log.warn("sync.key_expiry_unreadable", "error", e.getMessage());
            return true;
        } catch (ConfigUnavailableException e) {
            return false;
        }
    }

    /** FIFO order: once a pass fails, the whole batch is handed back, in order. */
    private static SQSBatchResponse failed(List<SQSEvent.SQSMessage> messages) {
        return new SQSBatchResponse(messages.stream()
                .map(message -> new SQSBatchResponse.BatchItemFailure(message.getMessageId()))
                .toList());
    }

    private static long findings(SyncReport report, Finding.Kind kind) {
        return report.findings().stream()
                .filter(finding -> finding.kind() == kind)
                .count();
    }

    private static long written(SyncReport report, Action action) {
        return report.writes().stream()
                .filter(write -> write.action() == action)
                .filter(WriteOutcome::ok)
                .count();
    }

    /** How long the oldest message of the batch waited in the queue. */
    private Optional<Long> queueAge(List<SQSEvent.SQSMessage> messages) {
        return messages.stream()
                .map(message -> message.getAttributes() == null
                        ? null
                        : message.getAttributes().get("SentTimestamp"))
                .filter(sent -> sent != null && sent.matches("\\d{1,15}"))
                .map(Long::parseLong)
                .min(Long::compare)
                .map(sent -> Math.max(0, clock.millis() - sent));
    }

    /**
     * A rehearsal with the real clients, against the stand-in APIs on loopback seeded from the demo samples:
     * HTTP client, JSON, tag extraction, reconcile and writes all run before the snapshot, and no request leaves
     * the machine.
     */
    static void prime(ApiClients clients) {
        try (Rehearsal rehearsal = Rehearsal.with(clients)) {
            rehearsal.round();
        }
    }
}
