package dev.pagerstatus.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pagerstatus.http.ApiException;
import dev.pagerstatus.standin.PagerDutyStandIn;
import dev.pagerstatus.support.Secret;
import dev.pagerstatus.testing.FakeWorld;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The subscriptions client against the PagerDuty stand-in on loopback. */
class WebhookSubscriptionsTest {
    private static final URI RECEIVER = URI.create("http://127.0.0.1:9/acme");
    private static final List<String> EVENTS = List.of("incident.triggered", "incident.resolved");

    private final FakeWorld world = new FakeWorld();

    @AfterEach
    void close() {
        world.close();
    }

    private WebhookSubscriptions subscriptions(String key) {
        return world.clients().webhookSubscriptions(world.settings(), "acme", Secret.of(key));
    }

    private WebhookSubscriptions admin() {
        return subscriptions(FakeWorld.ACME_ADMIN_KEY);
    }

    @Test
    void createsASubscriptionAndReturnsTheSecretOnlyTheCreateAnswerShows() throws Exception {
        WebhookSubscriptions.Created created =
                admin().create(RECEIVER, "pagerstatus acme", EVENTS, WebhookSubscription.Scope.ACCOUNT);

        PagerDutyStandIn.Subscription stored =
                world.pagerDuty.subscriptions("acme").getFirst();
        assertThat(created.secret()).isEqualTo(stored.secret());
        assertThat(created.secret().toString()).doesNotContain(stored.secret().reveal());
        assertThat(created.subscription().url()).isEqualTo(RECEIVER);
        assertThat(created.subscription().events()).containsExactlyElementsOf(EVENTS);
        assertThat(created.subscription().delivering()).isTrue();
        assertThat(world.traffic.pagerDuty().getLast().body())
                .doesNotContain(stored.secret().reveal());
    }

    @Test
    void listsTheSubscriptionsOfOneScope() throws Exception {
        admin().create(RECEIVER, "account", EVENTS, WebhookSubscription.Scope.ACCOUNT);
        WebhookSubscription.Scope service =
                new WebhookSubscription.Scope(WebhookSubscription.Scope.Kind.SERVICE, "PSVC101");
        admin().create(RECEIVER, "service", EVENTS, service);

        assertThat(admin().list(WebhookSubscription.Scope.ACCOUNT))
                .extracting(WebhookSubscription::description)
                .containsExactly("account");
        assertThat(admin().list(service))
                .singleElement()
                .satisfies(subscription -> assertThat(subscription.scope()).isEqualTo(service));
    }

    @Test
    void addsEventsAndEnablesASubscriptionPagerDutyDisabled() throws Exception {
        String id = admin().create(RECEIVER, "d", EVENTS, WebhookSubscription.Scope.ACCOUNT)
                .subscription()
                .id();
        world.pagerDuty.disableTemporarily("acme", id);
        assertThat(admin().list(WebhookSubscription.Scope.ACCOUNT).getFirst().delivering())
                .isFalse();

        admin().enable(id);
        admin().update(id, List.of("incident.triggered", "incident.resolved", "incident.annotated"));

        WebhookSubscription now =
                admin().list(WebhookSubscription.Scope.ACCOUNT).getFirst();
        assertThat(now.delivering()).isTrue();
        assertThat(now.receives(Set.of("incident.annotated"))).isTrue();
    }

    @Test
    void pingsAndDeletes() throws Exception {
        String id = admin().create(RECEIVER, "d", EVENTS, WebhookSubscription.Scope.ACCOUNT)
                .subscription()
                .id();

        admin().ping(id);
        admin().delete(id);

        assertThat(world.pagerDuty.deliveries())
                .extracting(PagerDutyStandIn.Delivery::eventType)
                .containsExactly("pagey.ping");
        assertThat(admin().list(WebhookSubscription.Scope.ACCOUNT)).isEmpty();
    }

    @Test
    void refusesAnEleventhSubscriptionInOneScopeAsPagerDutyDoes() throws Exception {
        for (int i = 0; i < 10; i++) {
            admin().create(RECEIVER, "n" + i, EVENTS, WebhookSubscription.Scope.ACCOUNT);
        }

        assertThatThrownBy(() -> admin().create(RECEIVER, "n10", EVENTS, WebhookSubscription.Scope.ACCOUNT))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("limit exceeded for the selected scope");
    }

    @Test
    void refusesAReadOnlyKeyEvenForAListing() {
        world.pagerDuty.readOnly("acme");

        assertThatThrownBy(() -> subscriptions(FakeWorld.ACME_KEY).list(WebhookSubscription.Scope.ACCOUNT))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    }
}
