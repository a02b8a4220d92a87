package dev.pagerstatus.pagerduty;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.pagerstatus.config.PagerDutyAccount;
import dev.pagerstatus.http.ApiException;
import dev.pagerstatus.http.RetryPolicy;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.support.Secret;
import dev.pagerstatus.testing.Fixtures;
import dev.pagerstatus.testing.ManualClock;
import dev.pagerstatus.testing.Transports;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PagerDutyClientTest {
    private static final String KEY = "u+Pd3ReadOnlyKey9";

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-18T12:00:00Z"));

    private PagerDutyClient client() {
        return client(Transports.FAST);
    }

    private PagerDutyClient client(RetryPolicy policy) {
        return new PagerDutyClient(
                new PagerDutyAccount("acme", Secret.of(KEY), List.of()),
                URI.create(api.baseUrl()),
                Transports.pagerDuty(clock, policy));
    }

    @Test
    void asksForEveryOpenIncidentWithItsTriggerLogEntryAndNoDateWindow() throws Exception {
        api.stubFor(get(urlPathEqualTo("/incidents"))
                .willReturn(okJson(page(List.of("datadog.json", "pingdom.json"), false))));

        List<PagerDutyIncident> incidents = client().listOpenIncidents();

        assertThat(incidents).extracting(PagerDutyIncident::id).containsExactly("Q1F7K0ZP3XW9LM", "Q2M4X8C1V6B3NK");
        assertThat(incidents.getFirst()).satisfies(incident -> {
            assertThat(incident.account()).isEqualTo("acme");
            assertThat(incident.number()).isEqualTo(4821);
            assertThat(incident.status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
            assertThat(incident.componentIds()).containsExactly("r3n8d5w2c6hj");
        });
        api.verify(getRequestedFor(urlPathEqualTo("/incidents"))
                .withHeader("Authorization", equalTo("Token token=" + KEY))
                .withHeader("Accept", equalTo("application/vnd.pagerduty+json;version=2"))
                .withQueryParam("statuses[]", equalTo("triggered"))
                .withQueryParam("statuses[]", equalTo("acknowledged"))
                .withQueryParam("include[]", equalTo("first_trigger_log_entries"))
                .withQueryParam("date_range", equalTo("all"))
                .withQueryParam("sort_by", equalTo("incident_number:asc"))
                .withQueryParam("limit", equalTo("100"))
                .withQueryParam("offset", equalTo("0")));
    }

    @Test
    void readsEachIncidentsPriorityUrgencyAndStartForThePolicy() throws Exception {
        api.stubFor(get(urlPathEqualTo("/incidents"))
                .willReturn(okJson(page(List.of("datadog-p1.json", "pingdom.json"), false))));

        List<PagerDutyIncident> incidents = client().listOpenIncidents();

        assertThat(incidents.get(0).priority()).isEqualTo("P1");
        assertThat(incidents.get(0).urgency()).isEqualTo("high");
        assertThat(incidents.get(0).createdAt()).isEqualTo(Instant.parse("2026-03-18T09:41:07Z"));
        assertThat(incidents.get(1).priority())
                .as("no priority, or an account without priorities")
                .isNull();
    }

    @Test
    void listsAnIncidentsNotesAndKnowsAPublicOne() throws Exception {
        api.stubFor(get(urlPathEqualTo("/incidents/Q1F7K0ZP3XW9LM/notes"))
                .willReturn(okJson(Fixtures.text("pagerduty/notes.json"))));

        List<PagerDutyNote> notes = client().listNotes("Q1F7K0ZP3XW9LM");

        assertThat(notes).extracting(PagerDutyNote::id).containsExactly("P4Y2GPB", "P9R3NOTE");
        assertThat(notes).extracting(PagerDutyNote::isPublic).containsExactly(false, true);
        assertThat(notes.get(1).publicText())
                .isEqualTo("We have rolled back the change that caused the errors and are watching the recovery.");
        assertThat(notes.get(1).createdAt()).isEqualTo(Instant.parse("2026-03-18T09:52:13Z"));
        api.verify(getRequestedFor(urlPathEqualTo("/incidents/Q1F7K0ZP3XW9LM/notes"))
                .withHeader("Authorization", equalTo("Token token=" + KEY)));
    }

    @Test
    void findsThePublicNoteHintsInTheAccountsLogInOneRequest() throws Exception {
        api.stubFor(
                get(urlPathEqualTo("/log_entries")).willReturn(okJson(Fixtures.text("pagerduty/log-entries.json"))));

        Optional<Set<String>> hints =
                client().publicNoteHints(Instant.parse("2026-03-18T09:40:00Z"), Instant.parse("2026-03-18T12:00:00Z"));

        assertThat(hints).contains(Set.of("Q1F7K0ZP3XW9LM"));
        api.verify(
                1,
                getRequestedFor(urlPathEqualTo("/log_entries"))
                        .withQueryParam("since", equalTo("2026-03-18T09:40:00Z"))
                        .withQueryParam("until", equalTo("2026-03-18T12:00:00Z"))
                        .withQueryParam("include[]", equalTo("channels"))
                        .withQueryParam("limit", equalTo("100"))
                        .withQueryParam("offset", equalTo("0")));
    }

    @Test
    void aLogLongerThanFivePagesGivesNoHintsSoEveryIncidentsNotesAreRead() throws Exception {
        api.stubFor(get(urlPathEqualTo("/log_entries"))
                .willReturn(okJson(
                        Fixtures.text("pagerduty/log-entries.json").replace("\"more\": false", "\"more\": true"))));

        Optional<Set<String>> hints =
                client().publicNoteHints(Instant.parse("2026-03-18T09:40:00Z"), Instant.parse("2026-03-18T12:00:00Z"));

        assertThat(hints).isEmpty();
        api.verify(PagerDutyClient.MAX_LOG_PAGES, getRequestedFor(urlPathEqualTo("/log_entries")));
    }

    @Test
    void readsPageAfterPageWhileMoreIsTrueWithOverlappingOffsets() throws Exception {
        stubPage(0, 1, 100, true);
        stubPage(90, 91, 100, true);
        stubPage(180, 181, 20, false);

        List<PagerDutyIncident> incidents = client().listOpenIncidents();

        assertThat(incidents).hasSize(200);
        assertThat(incidents).extracting(PagerDutyIncident::number).doesNotHaveDuplicates();
        api.verify(3, getRequestedFor(urlPathEqualTo("/incidents")));
    }

    @Test
    void startsOverWhenIncidentsResolveBetweenTwoPagesSoNoneIsSkipped() throws Exception {
        // First read: after page one, 12 incidents resolved, so page two starts past what page one ended with.
        api.stubFor(get(urlPathEqualTo("/incidents"))
                .withQueryParam("offset", equalTo("0"))
                .inScenario("shift")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(numbered(1, 100, true)))
                .willSetStateTo("shifted"));
        api.stubFor(get(urlPathEqualTo("/incidents"))
                .withQueryParam("offset", equalTo("90"))
                .inScenario("shift")
                .whenScenarioStateIs("shifted")
                .willReturn(okJson(numbered(103, 50, false)))
                .willSetStateTo("settled"));
        api.stubFor(get(urlPathEqualTo("/incidents"))
                .withQueryParam("offset", equalTo("0"))
                .inScenario("shift")
                .whenScenarioStateIs("settled")
                .willReturn(okJson(numbered(1, 100, true))));
        api.stubFor(get(urlPathEqualTo("/incidents"))
                .withQueryParam("offset", equalTo("90"))
                .inScenario("shift")
                .whenScenarioStateIs("settled")
                .willReturn(okJson(numbered(91, 60, false))));

        List<PagerDutyIncident> incidents = client().listOpenIncidents();

        assertThat(incidents)
                .extracting(PagerDutyIncident::number)
                .contains(101, 102)
                .hasSize(150);
        api.verify(4, getRequestedFor(urlPathEqualTo("/incidents")));
    }

    @Test
    void asksForTheTotalOnceAndReadsTheRestAtTheOffsetsItImplies() throws Exception {
        api.stubFor(get(urlPathEqualTo("/incidents"))
                .withQueryParam("offset", equalTo("0"))
                .willReturn(okJson(numbered(1, 100, true, 250))));
        stubPage(90, 91, 100, true);
        stubPage(180, 181, 70, false);

        List<PagerDutyIncident> incidents = client().listOpenIncidents();

        assertThat(incidents).extracting(PagerDutyIncident::number).hasSize(250).doesNotHaveDuplicates();
        api.verify(1, getRequestedFor(urlPathEqualTo("/incidents")).withQueryParam("total", equalTo("true")));
        api.verify(3, getRequestedFor(urlPathEqualTo("/incidents")));
    }

    @Test
    void readsNoMorePagesThanOneAfterAnotherWould() throws Exception {
        // 1,000 open incidents: pages at 0, 90, ..., 900; the page at 900 already reaches the last one.
        for (int offset = 0; offset < 1_000; offset += 90) {
            int count = Math.min(100, 1_000 - offset);
            api.stubFor(get(urlPathEqualTo("/incidents"))
                    .withQueryParam("offset", equalTo(String.valueOf(offset)))
                    .willReturn(okJson(numbered(offset + 1, count, offset + count < 1_000, 1_000))));
        }

        List<PagerDutyIncident> incidents = client().listOpenIncidents();

        assertThat(incidents).hasSize(1_000);
        api.verify(11, getRequestedFor(urlPathEqualTo("/incidents")));
    }

    @Test
    void pagesReadAtOnceStillStartOverWhenTheListShiftedBetweenThem() throws Exception {
        api.stubFor(get(urlPathEqualTo("/incidents"))
                .withQueryParam("offset", equalTo("0"))
                .inScenario("shift")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(numbered(1, 100, true, 160)))
                .willSetStateTo("shifted"));
        // 12 incidents resolved after the first page: the second starts past where the first ended.
        api.stubFor(get(urlPathEqualTo("/incidents"))
                .withQueryParam("offset", equalTo("90"))
                .inScenario("shift")
                .whenScenarioStateIs("shifted")
                .willReturn(okJson(numbered(103, 58, false)))
                .willSetStateTo("settled"));
        api.stubFor(get(urlPathEqualTo("/incidents"))
                .withQueryParam("offset", equalTo("0"))
                .inScenario("shift")
                .whenScenarioStateIs("settled")
                .willReturn(okJson(numbered(1, 100, true, 148))));
        api.stubFor(get(urlPathEqualTo("/incidents"))
                .withQueryParam("offset", equalTo("90"))
                .inScenario("shift")
                .whenScenarioStateIs("settled")
                .willReturn(okJson(numbered(91, 58, false))));

        List<PagerDutyIncident> incidents = client().listOpenIncidents();

        assertThat(incidents)
                .extracting(PagerDutyIncident::number)
                .contains(101, 102)
                .hasSize(148);
        api.verify(4, getRequestedFor(urlPathEqualTo("/incidents")));
    }

    @Test
    void aListThatGrewWhileItWasReadIsReadOnFromItsLastPage() throws Exception {
        api.stubFor(get(urlPathEqualTo("/incidents"))
                .withQueryParam("offset", equalTo("0"))
                .willReturn(okJson(numbered(1, 100, true, 150))));
        // The total said 150, but 60 more triggered meanwhile: the page the total implied says there are more.
        stubPage(90, 91, 100, true);
        stubPage(180, 181, 30, false);

        List<PagerDutyIncident> incidents = client().listOpenIncidents();

        assertThat(incidents).extracting(PagerDutyIncident::number).hasSize(210).doesNotHaveDuplicates();
        api.verify(3, getRequestedFor(urlPathEqualTo("/incidents")));
    }

    @Test
    void failsTheReadWhenTheListKeepsShifting() {
        api.stubFor(get(urlPathEqualTo("/incidents"))
                .withQueryParam("offset", equalTo("0"))
                .willReturn(okJson(numbered(1, 100, true))));
        api.stubFor(get(urlPathEqualTo("/incidents"))
                .withQueryParam("offset", equalTo("90"))
                .willReturn(okJson(numbered(200, 10, false))));

        assertThatThrownBy(() -> client().listOpenIncidents())
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("kept changing while it was read");
    }

    @Test
    void waitsAsLongAsRateLimitResetSaysAfterA429() throws Exception {
        api.stubFor(get(urlPathEqualTo("/incidents"))
                .inScenario("429")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("ratelimit-reset", "7")
                        .withBody("{\"error\":{\"message\":\"Rate Limit Exceeded\",\"code\":2020}}"))
                .willSetStateTo("calm"));
        api.stubFor(get(urlPathEqualTo("/incidents"))
                .inScenario("429")
                .whenScenarioStateIs("calm")
                .willReturn(okJson(page(List.of("datadog.json"), false))));

        assertThat(client().listOpenIncidents()).hasSize(1);
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void retriesServerErrorsWithGrowingJitteredBackoff() throws Exception {
        api.stubFor(get(urlPathEqualTo("/incidents"))
                .inScenario("5xx")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(502))
                .willSetStateTo("again"));
        api.stubFor(get(urlPathEqualTo("/incidents"))
                .inScenario("5xx")
                .whenScenarioStateIs("again")
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("ok"));
        api.stubFor(get(urlPathEqualTo("/incidents"))
                .inScenario("5xx")
                .whenScenarioStateIs("ok")
                .willReturn(okJson(page(List.of("datadog.json"), false))));

        assertThat(client().listOpenIncidents()).hasSize(1);
        assertThat(clock.sleeps()).hasSize(2);
        assertThat(clock.sleeps().get(0)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(clock.sleeps().get(1)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void givesUpAfterABoundedNumberOfServerErrors() {
        api.stubFor(get(urlPathEqualTo("/incidents"))
                .willReturn(aResponse()
                        .withStatus(500)
                        .withBody("{\"error\":{\"message\":\"Internal Server Error\",\"code\":2000}}")));

        assertThatThrownBy(() -> client().listOpenIncidents())
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("500 Internal Server Error")
                .hasMessageContaining("gave up after 4 attempts");
        api.verify(4, getRequestedFor(urlPathEqualTo("/incidents")));
    }

    @Test
    void givesUpOnAnApiThatDoesNotAnswerInTime() {
        api.stubFor(get(urlPathEqualTo("/incidents"))
                .willReturn(okJson(page(List.of(), false)).withFixedDelay(2_000)));
        RetryPolicy impatient = new RetryPolicy(
                2,
                Duration.ofMillis(10),
                Duration.ofMillis(10),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofMillis(150));

        assertThatThrownBy(() -> client(impatient).listOpenIncidents())
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("no answer within");
        api.verify(2, getRequestedFor(urlPathEqualTo("/incidents")));
    }

    @Test
    void failsTheReadOnMalformedJson() {
        api.stubFor(get(urlPathEqualTo("/incidents"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"incidents\": [{\"id\": ")));

        assertThatThrownBy(() -> client().listOpenIncidents())
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void failsTheReadWhenAnIncidentCannotBeRead() {
        api.stubFor(get(urlPathEqualTo("/incidents"))
                .willReturn(okJson("{\"incidents\":[{\"title\":\"no id\"}],\"more\":false}")));

        assertThatThrownBy(() -> client().listOpenIncidents())
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("an incident without id or status");
    }

    @Test
    void reportsARefusedKeyClearlyWithoutRepeatingIt() {
        api.stubFor(get(urlPathEqualTo("/incidents"))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withBody("{\"error\":{\"message\":\"Unauthorized\",\"code\":2006}}")));

        assertThatThrownBy(() -> client().listOpenIncidents()).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.isAuthFailure()).isTrue();
            assertThat(e.getMessage())
                    .isEqualTo("PagerDuty GET " + api.baseUrl() + "/incidents: 401 Unauthorized")
                    .doesNotContain(KEY);
        });
        api.verify(1, getRequestedFor(urlPathEqualTo("/incidents")));
    }

    @Test
    void saysWhyTagsCouldNotBeReadWhenTheLogEntryIsOnlyAReference() throws Exception {
        api.stubFor(
                get(urlPathEqualTo("/incidents")).willReturn(okJson(page(List.of("reference-log-entry.json"), false))));

        assertThat(client().listOpenIncidents().getFirst().tagProblems())
                .containsExactly("its first trigger log entry has no channel, so its tags cannot be read");
    }

    private void stubPage(int offset, int firstNumber, int count, boolean more) {
        api.stubFor(get(urlPathEqualTo("/incidents"))
                .withQueryParam("offset", equalTo(String.valueOf(offset)))
                .willReturn(okJson(numbered(firstNumber, count, more))));
    }

    /** A page of {@code count} incidents numbered from {@code first}, as PagerDuty sorts them. */
    private static String numbered(int first, int count, boolean more) {
        return numbered(first, count, more, null);
    }

    /** The same, answering {@code total=true} with how many there are. */
    private static String numbered(int first, int count, boolean more, Integer total) {
        ObjectNode template = Fixtures.object("pagerduty/incidents/datadog.json");
        ArrayNode incidents = Json.MAPPER.createArrayNode();
        for (int number = first; number < first + count; number++) {
            ObjectNode incident = template.deepCopy();
            incident.put("id", "Q" + String.format("%013d", number));
            incident.put("incident_number", number);
            incidents.add(incident);
        }
        ObjectNode page = envelopeNode(incidents, more);
        if (total != null) {
            page.put("total", total);
        }
        return page.toString();
    }

    private static String page(List<String> fixtures, boolean more) {
        ArrayNode incidents = Json.MAPPER.createArrayNode();
        fixtures.forEach(fixture -> incidents.add(Fixtures.json("pagerduty/incidents/" + fixture)));
        return envelope(incidents, more);
    }

    private static String envelope(ArrayNode incidents, boolean more) {
        return envelopeNode(incidents, more).toString();
    }

    private static ObjectNode envelopeNode(ArrayNode incidents, boolean more) {
        ObjectNode page = Json.MAPPER.createObjectNode();
        page.set("incidents", incidents);
        page.put("limit", 100);
        page.put("offset", 0);
        page.putNull("total");
        page.put("more", more);
        return page;
    }
}
