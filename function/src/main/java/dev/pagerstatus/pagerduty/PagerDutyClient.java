package dev.pagerstatus.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.config.PagerDutyAccount;
import dev.pagerstatus.http.ApiException;
import dev.pagerstatus.http.ApiTransport;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.support.Timestamps;
import dev.pagerstatus.support.Version;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads one PagerDuty account's open incidents over REST API v2, and writes notes on them when the account has
 * a note writer.
 *
 * <p>Two traps of {@code GET /incidents} are handled here. Without {@code date_range=all} the listing silently
 * keeps only incidents created in the last month, so a long-running acknowledged incident would vanish and
 * its notice be resolved. And offset pagination over a list that changes while it is read can skip an entry:
 * if an incident on an earlier page resolves between two requests, everything shifts up by one. So pages are
 * sorted by incident number and overlap by {@value #OVERLAP}; when a page does not start inside the previous
 * one, the list moved under us and the read starts over, and if it keeps moving the read fails rather than
 * return a list with a hole in it. After the first page, which says how many there are, the others are read at
 * once: a busy account costs two round trips, not one per page.
 */
public final class PagerDutyClient {
    static final int PAGE_SIZE = 100;
    static final int OVERLAP = 10;
    private static final int STEP = PAGE_SIZE - OVERLAP;
    /** PagerDuty refuses offset + limit above 10,000 on classic pagination. */
    static final int MAX_OFFSET_END = 10_000;

    static final int MAX_LISTING_ATTEMPTS = 3;
    private static final String ACCEPT = "application/vnd.pagerduty+json;version=2";

    private final PagerDutyAccount account;
    private final URI baseUrl;
    private final ApiTransport transport;

    public PagerDutyClient(PagerDutyAccount account, URI baseUrl, ApiTransport transport) {
        this.account = account;
        this.baseUrl = baseUrl;
        this.transport = transport;
    }

    public String accountName() {
        return account.name();
    }

    /** Every triggered or acknowledged incident of the account, however old, each once. */
    public List<PagerDutyIncident> listOpenIncidents() throws ApiException {
        for (int attempt = 1; ; attempt++) {
            List<PagerDutyIncident> incidents = readAllPages();
            if (incidents != null) {
                return incidents;
            }
            if (attempt >= MAX_LISTING_ATTEMPTS) {
                throw new ApiException(
                        transport.vendorName(),
                        "GET",
                        path("/incidents"),
                        0,
                        "the open incident list kept changing while it was read (" + attempt
                                + " attempts); the next pass will try again");
            }
        }
    }

    /**
     * The whole listing, or null when the list shifted between two pages. The first page says how many there are
     * ({@code total=true}); the rest are then read at once, and checked after they arrive: each must start inside
     * the one before it, as when they were read one after another. A list that grew meanwhile is read on from its
     * last page.
     */
    private List<PagerDutyIncident> readAllPages() throws ApiException {
        IncidentPage first = page(0, true);
        List<IncidentPage> pages = new ArrayList<>(List.of(first));
        if (first.more() && !first.incidents().isEmpty()) {
            int expected = first.total() == IncidentPage.UNKNOWN_TOTAL ? 0 : first.total();
            List<Integer> offsets = new ArrayList<>();
            // Each page until the one before it reaches the last incident the total counts.
            for (int offset = STEP;
                    offset - STEP + PAGE_SIZE < expected && offset + PAGE_SIZE <= MAX_OFFSET_END;
                    offset += STEP) {
                offsets.add(offset);
            }
            pages.addAll(readAtOnce(offsets));
            int offset = STEP * pages.size();
            // Without a total, or when the list grew: on from the last page, one at a time.
            while (pages.getLast().more() && !pages.getLast().incidents().isEmpty()) {
                if (offset + PAGE_SIZE > MAX_OFFSET_END) {
                    throw malformed("more than " + MAX_OFFSET_END
                            + " open incidents; PagerDuty cannot list beyond that, so the read is incomplete");
                }
                pages.add(page(offset, false));
                offset += STEP;
            }
        }
        Map<String, PagerDutyIncident> seen = new LinkedHashMap<>();
        Set<String> previous = Set.of();
        for (int index = 0; index < pages.size(); index++) {
            List<IncidentPage.Raw> incidents = pages.get(index).incidents();
            if (index > 0
                    && !incidents.isEmpty()
                    && !previous.contains(incidents.getFirst().id())) {
                return null;
            }
            Set<String> ids = new HashSet<>();
            for (IncidentPage.Raw incident : incidents) {
                PagerDutyIncident parsed = parse(incident);
                seen.putIfAbsent(parsed.id(), parsed);
                ids.add(parsed.id());
            }
            previous = ids;
        }
        return new ArrayList<>(seen.values());
    }

    private List<IncidentPage> readAtOnce(List<Integer> offsets) throws ApiException {
        if (offsets.isEmpty()) {
            return List.of();
        }
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<IncidentPage>> reads = new ArrayList<>();
            for (int offset : offsets) {
                reads.add(readers.submit(() -> page(offset, false)));
            }
            List<IncidentPage> pages = new ArrayList<>();
            for (Future<IncidentPage> read : reads) {
                pages.add(await(read));
            }
            return pages;
        }
    }

    private static IncidentPage await(Future<IncidentPage> read) throws ApiException {
        try {
            return read.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw new IllegalStateException("a page read failed unexpectedly", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading incidents", e);
        }
    }

    private IncidentPage page(int offset, boolean withTotal) throws ApiException {
        IncidentPage page =
                transport.send(listRequest(offset, withTotal), ApiTransport.Repeat.SAFE, IncidentPage::read);
        if (!page.hasIncidentList()) {
            throw malformed("the response has no 'incidents' list");
        }
        return page;
    }

    private HttpRequest listRequest(int offset, boolean withTotal) {
        String query = "statuses%5B%5D=triggered&statuses%5B%5D=acknowledged"
                + "&include%5B%5D=first_trigger_log_entries"
                + "&date_range=all"
                + "&sort_by=incident_number%3Aasc"
                + "&limit=" + PAGE_SIZE
                + "&offset=" + offset
                + (withTotal ? "&total=true" : "");
        return reading(URI.create(baseUrl + "/incidents?" + query)).GET().build();
    }

    private PagerDutyIncident parse(IncidentPage.Raw incident) throws ApiException {
        if (incident.id().isEmpty() || incident.status().isEmpty()) {
            // Dropping an incident we cannot read could resolve its component: fail the read instead.
            throw malformed("an incident without id or status");
        }
        ComponentTags.Scan scan = ComponentTags.scan(incident.channel());
        List<String> problems = new ArrayList<>(scan.problems());
        if (incident.logEntryIsObject() && !incident.logEntryHasChannel()) {
            problems.add("its first trigger log entry has no channel, so its tags cannot be read");
        }
        return new PagerDutyIncident(
                account.name(),
                incident.id(),
                incident.number(),
                IncidentStatus.fromWire(incident.status()),
                incident.title().isEmpty() ? incident.summary() : incident.title(),
                incident.htmlUrl(),
                instant(incident.createdAt()),
                incident.priority(),
                incident.urgency().isEmpty() ? null : incident.urgency(),
                scan.componentIds(),
                problems);
    }

    /** PagerDuty's times; one it sends malformed reads as unknown, which never makes an incident publish early. */
    private static Instant instant(String text) {
        return text.isEmpty() ? null : Timestamps.parse(text);
    }

    /** The notes on one incident ({@code GET /incidents/{id}/notes}), oldest first as PagerDuty lists them. */
    public List<PagerDutyNote> listNotes(String incidentId) throws ApiException {
        URI uri = URI.create(baseUrl + "/incidents/" + incidentId + "/notes");
        HttpRequest request = reading(uri).GET().build();
        JsonNode body = transport.send(request, ApiTransport.Repeat.SAFE);
        if (!body.path("notes").isArray()) {
            throw new ApiException(
                    transport.vendorName(), "GET", ApiException.where(uri), 0, "the response has no 'notes' list");
        }
        List<PagerDutyNote> notes = new ArrayList<>();
        for (JsonNode note : body.path("notes")) {
            String id = note.path("id").asText("");
            if (!id.isEmpty()) {
                notes.add(new PagerDutyNote(
                        id,
                        note.path("content").asText(""),
                        instant(note.path("created_at").asText(""))));
            }
        }
        return notes;
    }

    /** How many pages of the account's log a pass reads for note hints; a longer log is read note by note. */
    static final int MAX_LOG_PAGES = 5;

    /**
     * The incidents a responder wrote a public note on between {@code since} and {@code until}, from the account's
     * log ({@code GET /log_entries}), one request for up to 100 entries: the change detector that spares a read of
     * every incident's notes. A note's entry carries its text (PagerDuty's own console reads it at
     * {@code channel.summary}), perhaps shortened, but the {@code #public } marker starts it; the note itself is
     * then read whole. Empty when the log holds more than {@value #MAX_LOG_PAGES} pages of entries.
     */
    public java.util.Optional<java.util.Set<String>> publicNoteHints(Instant since, Instant until) throws ApiException {
        java.util.Set<String> hinted = new java.util.TreeSet<>();
        for (int page = 0; page < MAX_LOG_PAGES; page++) {
            JsonNode body = logPage(since, until, page);
            for (JsonNode entry : body.path("log_entries")) {
                String incident = entry.path("incident").path("id").asText("");
                if (entry.path("type").asText("").equals("annotate_log_entry")
                        && PagerDutyIncident.isWellFormedId(incident)
                        && (startsPublic(entry.path("channel").path("summary"))
                                || startsPublic(entry.path("channel").path("content"))
                                || startsPublic(entry.path("note")))) {
                    hinted.add(incident);
                }
            }
            if (!body.path("more").asBoolean(false)) {
                return java.util.Optional.of(hinted);
            }
        }
        return java.util.Optional.empty();
    }

    /** One page of the account's log between {@code since} and {@code until}, entries with their channels. */
    private JsonNode logPage(Instant since, Instant until, int page) throws ApiException {
        URI uri = URI.create(baseUrl + "/log_entries?since=" + since + "&until=" + until
                + "&include%5B%5D=channels&limit=" + PAGE_SIZE + "&offset=" + page * PAGE_SIZE);
        JsonNode body = transport.send(reading(uri).GET().build(), ApiTransport.Repeat.SAFE);
        if (!body.path("log_entries").isArray()) {
            throw new ApiException(
                    transport.vendorName(), "GET", ApiException.where(uri), 0, "the response has no 'log_entries'");
        }
        return body;
    }

    /** How many pages of the log {@link #triggers} reads at most: 1,000 triggers. */
    static final int MAX_TRIGGER_PAGES = 10;

    /**
     * The incidents triggered between {@code since} and {@code until}, from the account's log
     * ({@code GET /log_entries}, trigger entries with their channels), newest first; at most
     * {@value #MAX_TRIGGER_PAGES} pages. {@code complete} false when there were more.
     */
    public Triggers triggers(Instant since, Instant until) throws ApiException {
        List<Trigger> triggers = new ArrayList<>();
        for (int page = 0; page < MAX_TRIGGER_PAGES; page++) {
            JsonNode body = logPage(since, until, page);
            for (JsonNode entry : body.path("log_entries")) {
                if (entry.path("type").asText("").equals("trigger_log_entry")) {
                    triggers.add(trigger(entry));
                }
            }
            if (!body.path("more").asBoolean(false)) {
                return new Triggers(triggers, true);
            }
        }
        return new Triggers(triggers, false);
    }

    /** The triggers read, and whether they are all there were. */
    public record Triggers(List<Trigger> triggers, boolean complete) {}

    private static Trigger trigger(JsonNode entry) {
        JsonNode incident = entry.path("incident");
        java.util.regex.Matcher number = java.util.regex.Pattern.compile("^\\[#(\\d+)]")
                .matcher(incident.path("summary").asText(""));
        return new Trigger(
                number.find() ? "#" + number.group(1) : incident.path("id").asText("?"),
                entry.path("service")
                        .path("summary")
                        .asText(entry.path("service").path("id").asText("?")),
                ComponentTags.scan(entry.path("channel")));
    }

    private static boolean startsPublic(JsonNode text) {
        return text.isTextual() && text.asText().startsWith(PagerDutyNote.PUBLIC_MARKER);
    }

    /**
     * When PagerDuty resolved an incident ({@code GET /incidents/{id}}); empty while it is open, or when PagerDuty
     * does not say.
     */
    public java.util.Optional<Instant> resolvedAt(String incidentId) throws ApiException {
        URI uri = URI.create(baseUrl + "/incidents/" + incidentId);
        JsonNode body = transport.send(reading(uri).GET().build(), ApiTransport.Repeat.SAFE);
        JsonNode incident = body.path("incident");
        if (!incident.isObject()) {
            throw new ApiException(
                    transport.vendorName(), "GET", ApiException.where(uri), 0, "the response has no 'incident'");
        }
        if (!incident.path("status").asText("").equals("resolved")) {
            return java.util.Optional.empty();
        }
        Instant at = instant(incident.path("resolved_at").asText(""));
        return java.util.Optional.ofNullable(
                at != null ? at : instant(incident.path("last_status_change_at").asText("")));
    }

    /** Whether pagerstatus may write notes on this account's incidents (it has a note key and a From user). */
    public boolean writesNotes() {
        return account.noteWriter().isPresent();
    }

    /**
     * Adds a note ({@code POST /incidents/{id}/notes}) with the account's note key, from its note user. Never
     * repeated on a timeout: the note may have been added, and a second would be a duplicate.
     */
    public void addNote(String incidentId, String content) throws ApiException {
        PagerDutyAccount.NoteWriter writer = account.noteWriter()
                .orElseThrow(() -> new IllegalStateException("account " + account.name() + " writes no notes"));
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putObject("note").put("content", content);
        HttpRequest request = transport
                .newRequest(URI.create(baseUrl + "/incidents/" + incidentId + "/notes"))
                .header("Authorization", "Token token=" + writer.key().reveal())
                .header("Accept", ACCEPT)
                .header("Content-Type", "application/json")
                .header("From", writer.from())
                .header("User-Agent", Version.userAgent())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        transport.send(request, ApiTransport.Repeat.ONLY_IF_NOT_ACTED_ON);
    }

    private HttpRequest.Builder reading(URI uri) {
        return transport
                .newRequest(uri)
                .header("Authorization", "Token token=" + account.apiKey().reveal())
                .header("Accept", ACCEPT)
                .header("Content-Type", "application/json")
                .header("User-Agent", Version.userAgent());
    }

    private ApiException malformed(String detail) {
        return new ApiException(transport.vendorName(), "GET", path("/incidents"), 0, detail);
    }

    private String path(String suffix) {
        return ApiException.where(URI.create(baseUrl + suffix));
    }
}
