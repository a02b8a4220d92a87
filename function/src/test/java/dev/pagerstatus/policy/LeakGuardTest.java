package dev.pagerstatus.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LeakGuardTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Errors on 10.0.3.7 since 09:41|an IP address (10.0.3.7)",
                "We are failing over fe80::1ff:fe23:4567:890a now|an IP address (fe80::1ff:fe23:4567:890a)",
                "Ask oncall@acme.example for details|an e-mail address (oncall@acme.example)",
                "See https://grafana.acme.example/d/api for graphs|a URL (https://grafana.acme.example/d/api",
                "Dashboards at www.acme.example/status|a URL (www.acme.example/status)",
                "api-7.prod.acme.com is restarting|a host name (api-7.prod.acme.com)",
                "The primary db1.internal is lagging|a host name (db1.internal)",
                "nas.lan and build.corp are fine|a host name (nas.lan)",
                "Investigating {{title}}|an unrendered placeholder",
            })
    void holdsBackWhatCustomersMustNotRead(String text, String problem) {
        assertThat(LeakGuard.problems(text))
                .anySatisfy(found -> assertThat(found).startsWith(problem));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "API is experiencing errors since 09:41 UTC, and the on-call engineer is investigating.",
                "Version 2.3.1 of the app, e.g. on iOS, i.e. mobile, is affected.",
                "Logins failed between 14:02:11 and 14:05:40.",
                "Checkout and Search are degraded; acme.com customers see delays.",
                "We rolled back the release at 10:15.",
            })
    void letsOrdinaryPublicWordsThrough(String text) {
        assertThat(LeakGuard.problems(text)).isEmpty();
    }
}
