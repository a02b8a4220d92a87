package dev.pagerstatus.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.pagerduty.PagerDutyIncident;
import dev.pagerstatus.statuspage.ComponentStatus;
import dev.pagerstatus.statuspage.IncidentUpdate;
import dev.pagerstatus.statuspage.StatuspageIncident;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.support.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * What a notice's metadata says about it, so that every pass, in any process, picks up where the last one left
 * off without state of its own. Metadata is invisible on the public page; Statuspage wants every top-level value
 * to be an object, and strings are the value type it is known to keep.
 *
 * @param pagerDuty       the PagerDuty incidents behind the notice: {@code acme/Q1F7K0ZP3XW9LM,...}
 * @param since           when the first of them triggered, for {@code {{since}}}; null on older notices
 * @param status          the component status pagerstatus last set; null on older notices
 * @param monitoringSince when pagerstatus put the notice into monitoring; null when it is not
 * @param notes           the PagerDuty notes already published on it, newest last
 * @param written         digests of the update texts pagerstatus wrote, newest last: an update with another text is
 *                        a person's. Empty on notices from before pagerstatus kept it (nothing is known of them)
 * @param noticeStatus    the notice's status after pagerstatus's last write; another one is a person's doing
 * @param name            the digest of the name pagerstatus gave it
 * @param noted           the PagerDuty incidents told that the notice opened (a note with its link)
 * @param resolveNoted    the PagerDuty incidents told that it resolved
 */
public record NoticeRecord(
        String component,
        String pagerDuty,
        Instant since,
        ComponentStatus status,
        Instant monitoringSince,
        List<String> notes,
        List<String> written,
        String noticeStatus,
        String name,
        List<String> noted,
        List<String> resolveNoted) {

    public static final String KEY = "pagerstatus";
    /** In the record: the digest of the policy the notice was last written under ({@link Writes#underPolicy}). */
    static final String POLICY = "policy";
    /**
     * How many PagerDuty incidents a notice's metadata lists by name before it summarises: every incident behind
     * one component in the worst outage seen (a monitor per host), at about 4 KB a list. Only the incidents it
     * names are told when the notice opens and resolves, so past it the record still never changes pass to pass.
     */
    static final int MAX_RECORDED = 200;

    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");
    /** Enough to recognise a note again however many a long incident gathers; older ones are long past. */
    static final int MAX_NOTES = 50;
    /**
     * Every text of a notice's own updates: public notes stop at {@value #MAX_NOTES} and a notice changes status
     * a few times, so a hundred is never reached in practice (past it, the oldest would read as a person's).
     */
    static final int MAX_WRITTEN = 100;

    public NoticeRecord {
        notes = List.copyOf(notes);
        written = List.copyOf(written);
        noted = List.copyOf(noted);
        resolveNoted = List.copyOf(resolveNoted);
    }

    static NoticeRecord fresh(String component, String pagerDuty, Instant since, ComponentStatus status) {
        return new NoticeRecord(
                component, pagerDuty, since, status, null, List.of(), List.of(), null, null, List.of(), List.of());
    }

    /** The record in an incident's metadata; null fields where it says nothing. */
    static NoticeRecord read(JsonNode marker, String component) {
        return new NoticeRecord(
                component,
                marker.path("pagerduty").asText(""),
                instant(marker.path("since")),
                ComponentStatus.fromWire(marker.path("status").asText("")).orElse(null),
                instant(marker.path("monitoring_since")),
                list(marker.path("notes")),
                list(marker.path("written")),
                text(marker.path("notice_status")),
                text(marker.path("name")),
                list(marker.path("noted")),
                list(marker.path("resolve_noted")));
    }

    /** {@code existing} metadata with this record in it; other tools' keys are kept. */
    ObjectNode write(ObjectNode existing) {
        ObjectNode metadata = existing == null ? Json.MAPPER.createObjectNode() : existing.deepCopy();
        String policy = metadata.path(KEY).path(POLICY).textValue();
        ObjectNode marker = metadata.putObject(KEY);
        if (policy != null) {
            marker.put(POLICY, policy);
        }
        marker.put("managed", "true");
        marker.put("component", component);
        marker.put("pagerduty", pagerDuty);
        if (since != null) {
            marker.put("since", since.toString());
        }
        if (status != null) {
            marker.put("status", status.wireValue());
        }
        if (monitoringSince != null) {
            marker.put("monitoring_since", monitoringSince.toString());
        }
        putList(marker, "notes", notes);
        putList(marker, "written", written);
        if (noticeStatus != null) {
            marker.put("notice_status", noticeStatus);
        }
        if (name != null) {
            marker.put("name", name);
        }
        putList(marker, "noted", noted);
        putList(marker, "resolve_noted", resolveNoted);
        return metadata;
    }

    /** Whether this record knows which updates pagerstatus wrote; notices from before it did are not judged. */
    boolean tracked() {
        return !written.isEmpty();
    }

    /** Whether pagerstatus wrote this text on the notice. */
    boolean wrote(String text) {
        return written.contains(digest(text));
    }

    NoticeRecord withPagerDuty(String record) {
        return new NoticeRecord(
                component,
                record,
                since,
                status,
                monitoringSince,
                notes,
                written,
                noticeStatus,
                name,
                noted,
                resolveNoted);
    }

    NoticeRecord withStatus(ComponentStatus newStatus) {
        return new NoticeRecord(
                component,
                pagerDuty,
                since,
                newStatus,
                monitoringSince,
                notes,
                written,
                noticeStatus,
                name,
                noted,
                resolveNoted);
    }

    NoticeRecord monitoring(Instant at) {
        return new NoticeRecord(
                component, pagerDuty, since, status, at, notes, written, noticeStatus, name, noted, resolveNoted);
    }

    NoticeRecord notMonitoring() {
        return monitoring(null);
    }

    NoticeRecord withSince(Instant at) {
        return new NoticeRecord(
                component,
                pagerDuty,
                at,
                status,
                monitoringSince,
                notes,
                written,
                noticeStatus,
                name,
                noted,
                resolveNoted);
    }

    NoticeRecord withNote(String noteId) {
        return new NoticeRecord(
                component,
                pagerDuty,
                since,
                status,
                monitoringSince,
                appended(notes, List.of(noteId), MAX_NOTES),
                written,
                noticeStatus,
                name,
                noted,
                resolveNoted);
    }

    /** After pagerstatus writes {@code text} (null: none) and leaves the notice in {@code newNoticeStatus}. */
    NoticeRecord wrote(String text, String newNoticeStatus) {
        return new NoticeRecord(
                component,
                pagerDuty,
                since,
                status,
                monitoringSince,
                notes,
                text == null || text.isBlank() ? written : appended(written, List.of(digest(text)), MAX_WRITTEN),
                newNoticeStatus == null ? noticeStatus : newNoticeStatus,
                name,
                noted,
                resolveNoted);
    }

    NoticeRecord named(String noticeName) {
        return new NoticeRecord(
                component,
                pagerDuty,
                since,
                status,
                monitoringSince,
                notes,
                written,
                noticeStatus,
                digest(noticeName),
                noted,
                resolveNoted);
    }

    /**
     * A notice from before pagerstatus kept track of its own updates: what is on it now is taken as its own, so
     * that its next write starts the record and later changes by a person stand out.
     */
    NoticeRecord adopting(StatuspageIncident notice) {
        if (tracked()) {
            return this;
        }
        List<String> texts = notice.updates().stream()
                .map(IncidentUpdate::body)
                .filter(body -> body != null && !body.isBlank())
                .map(NoticeRecord::digest)
                .distinct()
                .toList();
        NoticeRecord adopted = new NoticeRecord(
                component,
                pagerDuty,
                since,
                status,
                monitoringSince,
                notes,
                appended(List.of(), texts, MAX_WRITTEN),
                notice.status(),
                digest(notice.name()),
                noted,
                resolveNoted);
        return adopted;
    }

    NoticeRecord withNoted(List<String> refs) {
        return new NoticeRecord(
                component,
                pagerDuty,
                since,
                status,
                monitoringSince,
                notes,
                written,
                noticeStatus,
                name,
                told(noted, refs),
                resolveNoted);
    }

    NoticeRecord withResolveNoted(List<String> refs) {
        return new NoticeRecord(
                component,
                pagerDuty,
                since,
                status,
                monitoringSince,
                notes,
                written,
                noticeStatus,
                name,
                noted,
                told(resolveNoted, refs));
    }

    /**
     * {@code told} and {@code more}, but only the incidents the record names: they are the only ones told, so
     * the list stays within {@link #MAX_RECORDED} and drops none that a later pass would owe again.
     */
    private List<String> told(List<String> told, List<String> more) {
        List<String> named = pagerDutyRefs();
        List<String> kept = appended(told, more, Integer.MAX_VALUE).stream()
                .filter(ref -> named.isEmpty() || named.contains(ref))
                .toList();
        return kept.subList(Math.max(0, kept.size() - MAX_RECORDED), kept.size());
    }

    /** Whether this record names {@code ref}, so that a note about the notice is owed to it. */
    boolean names(String ref) {
        List<String> named = pagerDutyRefs();
        return named.isEmpty() || named.contains(ref);
    }

    /** The PagerDuty incidents behind a notice, as stored in its metadata: {@code acme/Q1F7K0ZP3XW9LM,...}. */
    public static String refsOf(List<PagerDutyIncident> incidents) {
        List<String> refs = incidents.stream()
                .map(PagerDutyIncident::ref)
                .sorted()
                .distinct()
                .toList();
        if (refs.size() <= MAX_RECORDED) {
            return String.join(",", refs);
        }
        return String.join(",", refs.subList(0, MAX_RECORDED)) + ",+" + (refs.size() - MAX_RECORDED) + " more";
    }

    /** The PagerDuty incidents the record names ({@code +N more} left out). */
    List<String> pagerDutyRefs() {
        return pagerDuty.isEmpty()
                ? List.of()
                : Arrays.stream(pagerDuty.split(","))
                        .filter(ref -> ref.contains("/"))
                        .toList();
    }

    /**
     * A short digest of a text, blind to the whitespace Statuspage may change (line endings, trailing space): 64
     * bits of FNV-1a over its UTF-8, as 16 hex digits. It only has to tell a notice's few dozen updates apart, not
     * resist anyone, and unlike a {@code MessageDigest} it needs none of the JDK's security providers, whose
     * start-up alone was a third of a cold plan.
     */
    static String digest(String text) {
        String normal = WHITESPACE.matcher(text == null ? "" : text.strip()).replaceAll(" ");
        long hash = 0xcbf29ce484222325L;
        for (byte b : normal.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return HexFormat.of().toHexDigits(hash);
    }

    private static List<String> appended(List<String> list, List<String> more, int max) {
        List<String> all = new ArrayList<>(list);
        more.stream().filter(item -> !all.contains(item)).forEach(all::add);
        return all.subList(Math.max(0, all.size() - max), all.size());
    }

    private static void putList(ObjectNode marker, String key, List<String> values) {
        if (!values.isEmpty()) {
            marker.put(key, String.join(",", values));
        }
    }

    private static List<String> list(JsonNode value) {
        String text = value.asText("");
        return text.isEmpty() ? List.of() : Arrays.asList(text.split(","));
    }

    private static String text(JsonNode value) {
        return value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
    }

    private static Instant instant(JsonNode value) {
        if (!value.isTextual() || value.asText().isEmpty()) {
            return null;
        }
        Instant common = Timestamps.common(value.asText());
        try {
            return common != null ? common : Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
