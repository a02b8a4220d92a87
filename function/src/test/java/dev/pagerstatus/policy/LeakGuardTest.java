package dev.pagerstatus.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

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
            Failover to node10.40.2.17 done                             | an IP address (10.40.2.17)
            10.40.2.17_primary is back in the pool                      | an IP address (10.40.2.17)
            Traffic moved to 2001:4860:4860:0:0:0:0:8888 for now        | an IP address (2001:4860:4860:0:0:0:0:8888)
            Traffic moved to 2001:4860:4860::8888 and 0:0:0:0:1 for now | an IP address (2001:4860:4860::8888)
            Questions to oncall@acme please                             | an e-mail address (oncall@acme)
            Fix in github.com/acme/payments-infra/pull/412 is deployed  | a link (github.com/acme/payments-infra/pull/412)
            Latency graph: //grafana/d/api-latency                      | a link (//grafana/d/api-latency)
            See the [dashboard](/d/api-latency) for latency             | a link (](/d/api-latency))
            Logs are on \\\\fileserver\\incidents                         | a link (\\\\fileserver\\incidents)
            db-primary-01:5432 is refusing connections                  | a host and port (db-primary-01:5432)
            The health check on localhost:8080 fails                    | a host and port (localhost:8080)
            ip-10-40-2-17 was replaced                                  | an IP address (ip-10-40-2-17)
            Restarted host_fe80::1 and 2001:db8::2_primary              | an IP address (fe80::1)
            Cache on redis:6379 was flushed                             | a host and port (redis:6379)
            Replaced ip-10-40-2-17.ec2.internal                         | an IP address (ip-10-40-2-17)

            # The same, disguised: judged as a reader sees it
            Failover to 10.40.2\u200B.17 is done                       | an IP address (10.40.2.17)
            api\u200B-7.prod\u200C.acme.com is restarting              | a host name (api-7.prod.acme.com)
            Restarted db\u00AD1.prod\u00AD.acme.com after the patch      | a host name (db1.prod.acme.com)
            Failover to １０．４０．２．１７ is done                    | an IP address (10.40.2.17)
            Write to oncall＠acme.example for details                  | an e-mail address (oncall@acme.example)
            db-primary-01：5432 is refusing connections                 | a host and port (db-primary-01:5432)
            Graphs at grafana。acme。io show the recovery                | a host name (grafana.acme.io)
            Restarting api｡prod｡acme｡com now                            | a host name (api.prod.acme.com)
            пример.prod.example is degraded                             | a host name (пример.prod.example)
            Mail ops@bücher.example with questions                      | an e-mail address (ops@bücher.example)
            Mail ops@bu\u0308cher.example with questions                | an e-mail address (ops@bücher.example)
            Failover to ١٠.٤٠.٢.١٧ done                                 | an IP address (١٠.٤٠.٢.١٧)
            Failover to 10[.]40[.]2[.]17 done                           | an IP address (10.40.2.17)
            Graphs at grafana·acme·io and 10·40·2·17                    | a host name (grafana.acme.io)
            Failover to 10\\.40\\.2\\.17 is done                       | an IP address (10.40.2.17)
            Failover to 10.40.**2**.17 is done                          | an IP address (10.40.2.17)
            Mail "oncall"@acme.io with questions                        | an e-mail address ("oncall"@acme.io)
            Graphs: hxxps[:]//grafana[.]acme[.]io/d/api                 | a URL (https://grafana.acme.io/d/api)
            Primary is 10(.)40(.)2(.)17 now                             | an IP address (10.40.2.17)
            Graphs at grafana[dot]acme[dot]io                           | a host name (grafana.acme.io)
            Ask oncall [at] acme [dot] example                          | a defanged address ([at])
            Ask oncall[at]acme[dot]example                              | an e-mail address (oncall@acme.example)
            Our page acme[.]com is fine                                 | a defanged address ([.])
            Restarted \u202Emoc.emca.dorp.ipa\u202C now                | a text-direction control
            Fixed the <script> injection on the status widget           | markup (<script>)
            Customers saw <b>errors</b> on checkout                     | markup (<b>)
            See <a href=x>the graph</a> for details                     | markup (<a href=x>)
            <!-- db1 --> Checkout is back                               | markup (<!-- db1 -->)
            Failover to 10&#46;40&#46;2&#46;17 is done                  | markup (&#46;)
            Connected to ${DB_HOST} again                               | template syntax (${DB_HOST})
            Connected to ＄｛DB_HOST｝ again                             | template syntax (${DB_HOST})
            Rolled back to $(git rev-parse HEAD)                        | template syntax ($(git)
            Investigating #{component} errors                           | template syntax (#{component})
            {% if prod %}Checkout is down{% endif %}                    | template syntax ({%)
            Investigating the payments }} outage                        | an unrendered placeholder (}})
            Investigating ｛｛title｝｝                                  | an unrendered placeholder ({{title}})

            # Ordinary words that must publish
            API is experiencing errors since 09:41 UTC, and the on-call engineer is investigating. | published
            Version 2.3.1 of the app, e.g. on iOS, i.e. mobile, is affected.                       | published
            Logins failed between 14:02:11 and 14:05:40.                                           | published
            Checkout and Search are degraded; acme.com customers see delays.                       | published
            We rolled back the release at 10:15.                                                   | published
            Version 4.2.1 fixes the error; v2.3.0 and 2.3.1-rc1 are affected.                      | published
            Errors affected 0.1% of requests, well under our 99.9% target.                         | published
            Node.js and ASP.NET clients, e.g. our SDKs, saw timeouts, i.e. retries.                | published
            Both read/write paths were affected; support is available 24/7.                        | published
            Between 10:40-11:05 UTC some requests returned HTTP 503.                               | published
            Traffic was shifted 3:1 towards Frankfurt at 14:02:11.                                 | published
            Requests were retried in a ratio of 1:10:100 until 09:58:30 UTC.                       | published
            Since 09:41 UTC, Example has been experiencing a partial outage.                       | published
            Step 1: restart. Step 2: INC-4521: watch the U.S. and U.S.A. regions.                  | published
            Between 9:00 a.m./p.m. and the weekend, TCP/IP and HTTP/2 clients were slow.           | published
            Thanks @alice, the AT&T and Q&A pages are back; p95 < 200 ms for <1% of calls.          | published
            Customers in eu-west-1 and us-east-1a saw 5xx errors at 2026-03-18T09:41Z.             | published
            決済APIで遅延が発生しています。原因を調査中です。DBを再起動しました。                 | published
            発生時刻：10:40（UTC）。サービスは復旧しました．引き続き監視します．                 | published
            我们正在调查支付服务的问题。预计10:40恢复。                                          | published
            결제 서비스가 복구되었습니다. 계속 모니터링하겠습니다.                                | published
            Die Störung in Frankfurt ist behoben; wir beobachten z.B. die Fehlerrate weiter.       | published
            Résumé: naïve retries caused the outage; our team 👩\u200D💻 is on it ✅              | published
            Latency is back under 200 ms (p95 < 200 ms, p99 <1 s) in 100% of regions.              | published
            Affected customers receive a $10 credit (see your invoice) -> no action needed.        | published
            Update 2026-03-18 10:40: C++ and C# SDKs (v1.2) are fine; costs are $0 for you.         | published
            ETA:30 minutes. Error rate:10%, Uptime:99.9%, failing with code:1234.                  | published
            **Update:** the *fix* is live · thanks for your patience · see __status__ notes.       | published
            We alert if latency<threshold for 5 minutes; react@18 builds are fine.                  | published
            Capacity was split in the ratio 1:2:4:8:16 across the regions.                          | published
            """)
    void holdsWhatAReaderWouldTakeForAnAddressAndPublishesOrdinaryWords(String note, String verdict) {
        assertThat(verdictOn(note)).contains(verdict);
    }

    private static String verdictOn(String note) {
        List<String> problems = LeakGuard.problems(note);
        return problems.isEmpty() ? "published" : "held for " + String.join(" and ", problems);
    }

    /** Twice what Statuspage takes, so that work growing faster than the text shows plainly against the bound. */
    private static final int HOSTILE_LENGTH = 50_000;

    @ParameterizedTest(name = "\"{0}\" repeated")
    @MethodSource("hostileNotes")
    void aLongHostileNoteIsJudgedQuickly(String unit, String note) {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> LeakGuard.problems(note));
    }

    static Stream<Arguments> hostileNotes() {
        return Stream.of(
                        "a", "a.", "1.", "0:", "a:", "a@", "a-", "a/", "a.b/", "a:12", "ip-1", "[.]", "(", "[dot", "<a",
                        "{{", "${", "&#", "//", "\\", "](", " ", "\u200B", "\u3002a", "１．", "hxxp")
                .map(unit -> arguments(unit, unit.repeat(HOSTILE_LENGTH / unit.length()) + "!"));
    }

    @Test
    void aNoteNamingManyAddressesIsReportedByItsFirstTen() {
        String note = "Failover between " + "10.0.0.1, ".repeat(500) + "done";

        assertThat(LeakGuard.problems(note))
                .hasSize(10)
                .allSatisfy(problem -> assertThat(problem).isEqualTo("an IP address (10.0.0.1)"));
    }
}
