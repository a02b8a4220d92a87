package dev.pagerstatus.standin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pagerstatus.support.Log;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RehearsalTest {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private Consumer<String> previous;

    @BeforeEach
    void capture() {
        previous = Log.redirect(lines::add);
    }

    @AfterEach
    void restore() {
        Log.redirect(previous);
    }

    @Test
    void roundsOpenPostResolveAndPassQuietlyAgainAndAgainWithoutALogLine() {
        try (Rehearsal rehearsal = Rehearsal.withOwnClients()) {
            // round() throws if any of its passes fails; the second round opens fresh notices beside resolved ones.
            rehearsal.round();
            rehearsal.round();
            rehearsal.step();
        }

        assertThat(lines).isEmpty();
    }
}
