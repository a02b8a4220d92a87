package dev.pagerstatus.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeakGuardTest {
    /** Each row is a note a responder might write and what the guard does with it: published, or held for a reason. */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # What customers must not read
            Errors on 10.0.3.7 since 09:41                             | an IP address (10.0.3.7)
            We are failing over fe80::1ff:fe23:4567:890a now            | an IP address (fe80::1ff:fe23:4567:890a)
            Ask oncall@acme.example for details                         | an e-mail address (oncall@acme.example)
            See https://grafana.acme.example/d/api for graphs           | a URL (https://grafana.acme.example/d/api
            Dashboards at www.acme.example/status                       | a URL (www.acme.example/status)
            api-7.prod.acme.com is restarting                           | a host name (api-7.prod.acme.com)
            The primary db1.internal is lagging                         | a host name (db1.internal)
            nas.lan and build.corp are fine                             | a host name (nas.lan)
            Investigating {{title}}                                     | an unrendered placeholder

            # Ordinary words that must publish
            API is experiencing errors since 09:41 UTC, and the on-call engineer is investigating. | published
            Version 2.3.1 of the app, e.g. on iOS, i.e. mobile, is affected.                       | published
            Logins failed between 14:02:11 and 14:05:40.                                           | published
            Checkout and Search are degraded; acme.com customers see delays.                       | published
            We rolled back the release at 10:15.                                                   | published
            """)
    void holdsWhatAReaderWouldTakeForAnAddressAndPublishesOrdinaryWords(String note, String verdict) {
        assertThat(verdictOn(note)).contains(verdict);
    }

    private static String verdictOn(String note) {
        List<String> problems = LeakGuard.problems(note);
        return problems.isEmpty() ? "published" : "held for " + String.join(" and ", problems);
    }
}
