package dev.pagerstatus.statuspage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.pagerstatus.http.ApiException;
import dev.pagerstatus.http.RetryPolicy;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.support.Secret;
import dev.pagerstatus.sync.Ownership;
import dev.pagerstatus.testing.Fixtures;
import dev.pagerstatus.testing.ManualClock;
import dev.pagerstatus.testing.Transports;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StatuspageClientTest {
    private static final String PAGE = "kctbh9vrtdwd";
    private static final String KEY = "89a229ce1a8dbcf9ff30430fbe35eb4c";
    private static final String BASE = "/v1/pages/" + PAGE;

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-18T12:00:00Z"));

    private StatuspageClient client() {
        return client(Transports.FAST);
    }

    private StatuspageClient client(RetryPolicy policy) {
        return new StatuspageClient(
                PAGE, Secret.of(KEY), URI.create(api.baseUrl() + "/v1"), Transports.statuspage(clock, policy));
    }

    @Test
    void listsComponentsPageByPageUntilAShortPage() throws Exception {
        api.stubFor(get(urlPathEqualTo(BASE + "/components"))
                .withQueryParam("page", equalTo("1"))
                .willReturn(okJson(components(100).toString())));
        api.stubFor(get(urlPathEqualTo(BASE + "/components"))
                .withQueryParam("page", equalTo("2"))
                .willReturn(okJson(Fixtures.text("statuspage/components.json"))));

        List<Component> components = client().listComponents();

        assertThat(components).hasSize(106);
        assertThat(components)
                .filteredOn(Component::group)
                .extracting(Component::name)
                .containsExactly("Backend");
        assertThat(components)
                .filteredOn(component -> component.id().equals("m6v2c8x4b1nq"))
                .extracting(Component::status)
                .containsExactly(ComponentStatus.DEGRADED_PERFORMANCE);
        api.verify(
                2,
                getRequestedFor(urlPathEqualTo(BASE + "/components"))
                        .withQueryParam("per_page", equalTo("100"))
                        .withHeader("Authorization", equalTo("OAuth " + KEY)));
    }

    @Test
    void readsUnresolvedIncidentsWithTheirMetadataComponentsAndUpdates() throws Exception {
        api.stubFor(get(urlPathEqualTo(BASE + "/incidents/unresolved"))
                .willReturn(okJson(Fixtures.text("statuspage/incidents-unresolved.json"))));

        List<StatuspageIncident> incidents = client().listUnresolvedIncidents();

        assertThat(incidents)
                .extracting(StatuspageIncident::id)
                .containsExactly("p31zjtct2jer", "x0v9b8n7m6l5", "z5x4c3v2b1n0");
        assertThat(incidents
                        .get(0)
                        .metadata()
                        .path("pagerstatus")
                        .path("component")
                        .asText())
                .isEqualTo("r3n8d5w2c6hj");
        assertThat(incidents.get(1).firstUpdate().orElseThrow().body()).endsWith(Ownership.WATERMARK);
        assertThat(incidents.get(2).componentIds()).containsExactly("m6v2c8x4b1nq");
        api.verify(getRequestedFor(urlPathEqualTo(BASE + "/incidents/unresolved"))
                .withQueryParam("page", equalTo("1"))
                .withQueryParam("per_page", equalTo("100")));
    }

    @Test
    void anIncidentWhoseMetadataIsNestedAThousandLevelsDeepDoesNotStopTheListBeingRead() throws Exception {
        ArrayNode list = (ArrayNode) Fixtures.json("statuspage/incidents-unresolved.json");
        ((ObjectNode) list.get(2).path("metadata")).put("jira", "DEEP");
        String deep = "{\"nested\":".repeat(1_000) + "{}" + "}".repeat(1_000);
        String body = list.toString().replace("\"DEEP\"", deep);
        api.stubFor(get(urlPathEqualTo(BASE + "/incidents/unresolved")).willReturn(okJson(body)));

        List<StatuspageIncident> incidents = client().listUnresolvedIncidents();

        assertThat(incidents)
                .extracting(StatuspageIncident::id)
                .containsExactly("p31zjtct2jer", "x0v9b8n7m6l5", "z5x4c3v2b1n0");
    }

    @Test
    void createsAnIncidentWithAJsonBodyWrappedInIncident() throws Exception {
        api.stubFor(post(urlPathEqualTo(BASE + "/incidents"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody(Fixtures.text("statuspage/incident-created.json"))));
        ObjectNode metadata = Json.MAPPER.createObjectNode();
        metadata.putObject("pagerstatus")
                .put("managed", "true")
                .put("component", "r3n8d5w2c6hj")
                .put("pagerduty", "acme/Q1F7K0ZP3XW9LM");

        StatuspageIncident created = client().createIncident(new IncidentWrite(
                "Investigating errors in API",
                "investigating",
                "API is experiencing errors.",
                List.of("r3n8d5w2c6hj"),
                Map.of("r3n8d5w2c6hj", "partial_outage"),
                true,
                metadata));

        assertThat(created.id()).isEqualTo("p31zjtct2jer");
        api.verify(postRequestedFor(urlPathEqualTo(BASE + "/incidents"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"incident": {
                          "name": "Investigating errors in API",
                          "status": "investigating",
                          "body": "API is experiencing errors.",
                          "component_ids": ["r3n8d5w2c6hj"],
                          "components": {"r3n8d5w2c6hj": "partial_outage"},
                          "deliver_notifications": true,
                          "metadata": {"pagerstatus": {"managed": "true", "component": "r3n8d5w2c6hj", "pagerduty": "acme/Q1F7K0ZP3XW9LM"}}
                        }}""")));
    }

    @Test
    void leavesFieldsAnUpdateDoesNotChangeOutOfTheRequest() throws Exception {
        api.stubFor(patch(urlPathEqualTo(BASE + "/incidents/p31zjtct2jer"))
                .willReturn(okJson(Fixtures.text("statuspage/incident-created.json"))));

        client().updateIncident(
                        "p31zjtct2jer",
                        new IncidentWrite(
                                null,
                                "resolved",
                                "Resolved.",
                                null,
                                Map.of("r3n8d5w2c6hj", "operational"),
                                true,
                                null));

        api.verify(patchRequestedFor(urlPathEqualTo(BASE + "/incidents/p31zjtct2jer"))
                .withRequestBody(equalToJson("""
                {"incident": {"status": "resolved", "body": "Resolved.", "components": {"r3n8d5w2c6hj": "operational"},
                 "deliver_notifications": true}}""")));
    }

    @Test
    void waitsRetryAfterSecondsWhenStatuspageAnswers420() throws Exception {
        api.stubFor(get(urlPathEqualTo(BASE + "/components"))
                .inScenario("420")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse()
                        .withStatus(420)
                        .withHeader("Retry-After", "3")
                        .withBody("{\"error\":\"Rate limit exceeded\"}"))
                .willSetStateTo("ok"));
        api.stubFor(get(urlPathEqualTo(BASE + "/components"))
                .inScenario("420")
                .whenScenarioStateIs("ok")
                .willReturn(okJson(Fixtures.text("statuspage/components.json"))));

        assertThat(client().listComponents()).hasSize(6);
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void repeatsACreateThatWasRejectedBy429BecauseNothingWasWritten() throws Exception {
        api.stubFor(post(urlPathEqualTo(BASE + "/incidents"))
                .inScenario("429")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2"))
                .willSetStateTo("ok"));
        api.stubFor(post(urlPathEqualTo(BASE + "/incidents"))
                .inScenario("429")
                .whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(201).withBody(Fixtures.text("statuspage/incident-created.json"))));

        client().createIncident(new IncidentWrite("n", "investigating", "b", null, null, true, null));

        api.verify(2, postRequestedFor(urlPathEqualTo(BASE + "/incidents")));
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void neverRepeatsACreateWhoseOutcomeIsUnknown() {
        api.stubFor(
                post(urlPathEqualTo(BASE + "/incidents")).willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() ->
                        client().createIncident(new IncidentWrite("n", "investigating", "b", null, null, true, null)))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("503");
        api.verify(1, postRequestedFor(urlPathEqualTo(BASE + "/incidents")));
    }

    @Test
    void neverRepeatsAnUpdateThatTimedOut() {
        api.stubFor(patch(urlPathEqualTo(BASE + "/incidents/p31zjtct2jer"))
                .willReturn(okJson("{}").withFixedDelay(2_000)));
        RetryPolicy impatient = Transports.FAST.withRequestTimeout(Duration.ofMillis(150));

        assertThatThrownBy(() -> client(impatient)
                        .updateIncident(
                                "p31zjtct2jer", new IncidentWrite(null, "resolved", "b", null, null, true, null)))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("no answer within");
        api.verify(1, patchRequestedFor(urlPathEqualTo(BASE + "/incidents/p31zjtct2jer")));
    }

    @Test
    void retriesAReadAfterAServerError() throws Exception {
        api.stubFor(get(urlPathEqualTo(BASE + "/incidents/unresolved"))
                .inScenario("5xx")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500))
                .willSetStateTo("ok"));
        api.stubFor(get(urlPathEqualTo(BASE + "/incidents/unresolved"))
                .inScenario("5xx")
                .whenScenarioStateIs("ok")
                .willReturn(okJson("[]")));

        assertThat(client().listUnresolvedIncidents()).isEmpty();
        api.verify(2, getRequestedFor(urlPathEqualTo(BASE + "/incidents/unresolved")));
    }

    @Test
    void reportsAValidationErrorWithStatuspagesOwnWords() {
        api.stubFor(post(urlPathEqualTo(BASE + "/incidents"))
                .willReturn(aResponse().withStatus(422).withBody("{\"error\":[\"Name can't be blank\"]}")));

        assertThatThrownBy(() -> client().createIncident(new IncidentWrite("", null, null, null, null, null, null)))
                .isInstanceOf(ApiException.class)
                .hasMessage("Statuspage POST " + api.baseUrl() + "/v1/pages/" + PAGE
                        + "/incidents: 422 Name can't be blank");
    }

    @Test
    void reportsARefusedKeyWithoutRepeatingIt() {
        api.stubFor(get(urlPathEqualTo(BASE + "/components"))
                .willReturn(aResponse().withStatus(401).withBody("{\"error\":\"Could not authenticate\"}")));

        assertThatThrownBy(() -> client().listComponents()).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.isAuthFailure()).isTrue();
            assertThat(e.getMessage()).contains("401 Could not authenticate").doesNotContain(KEY);
        });
    }

    @Test
    void failsOnAnHtmlErrorPageInsteadOfJson() {
        api.stubFor(get(urlPathEqualTo(BASE + "/components"))
                .willReturn(aResponse().withStatus(200).withBody("<html><body>Service Unavailable</body></html>")));

        assertThatThrownBy(() -> client().listComponents())
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void failsWhenAListIsNotAList() {
        api.stubFor(get(urlPathEqualTo(BASE + "/incidents/unresolved")).willReturn(okJson("{\"incidents\": []}")));

        assertThatThrownBy(() -> client().listUnresolvedIncidents())
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("expected a JSON list of unresolved");
    }

    @Test
    void refusesToWorkFromAListThatNeverEnds() {
        api.stubFor(get(urlPathEqualTo(BASE + "/incidents/unresolved"))
                .willReturn(okJson(incidents(100).toString())));

        assertThatThrownBy(() -> client().listUnresolvedIncidents())
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("refusing to work from a partial list");
        api.verify(StatuspageClient.MAX_PAGES, getRequestedFor(urlPathEqualTo(BASE + "/incidents/unresolved")));
    }

    private static ArrayNode components(int count) {
        ObjectNode template =
                (ObjectNode) Fixtures.json("statuspage/components.json").get(0);
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (int i = 0; i < count; i++) {
            list.add(template.deepCopy().put("id", String.format("c%011d", i)).put("name", "Component " + i));
        }
        return list;
    }

    private static ArrayNode incidents(int count) {
        ObjectNode template = (ObjectNode) Fixtures.json("statuspage/incident-created.json");
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (int i = 0; i < count; i++) {
            list.add(template.deepCopy().put("id", String.format("i%011d", i)));
        }
        return list;
    }
}
