package dev.pagerstatus.standin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pagerstatus.testing.LogLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RehearsalTest {
    @RegisterExtension
    final LogLines logs = new LogLines();

    @Test
    void roundsOpenPostResolveAndPassQuietlyAgainAndAgainWithoutALogLine() {
        try (Rehearsal rehearsal = Rehearsal.withOwnClients()) {
            // round() throws if any of its passes fails; the second round opens fresh notices beside resolved ones.
            rehearsal.round();
            rehearsal.round();
            rehearsal.step();
        }

        assertThat(logs.lines()).isEmpty();
    }
}
