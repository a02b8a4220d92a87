package dev.pagerstatus.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pagerstatus.statuspage.IncidentWrite;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The last look at a plan's words before they are sent: nothing unrendered, nothing internal. */
class PublishedTextTest {
    @Test
    void aWriteWhoseTextStillHoldsAPlaceholderIsHeldWithTheOtherWritesOfItsComponentAndReported() {
        List<Finding> findings = new ArrayList<>();
        List<PlannedChange> changes = List.of(
                change(Action.POST_NOTE, "api000000001", "API", "Payments are flowing again."),
                change(Action.RESOLVE, "api000000001", "API", "API has recovered from {{status}}."),
                change(Action.RESOLVE, "web000000002", "Website", "Website is operating normally again."));

        List<PlannedChange> kept = PublishedText.checked(changes, findings);

        assertThat(kept).extracting(PlannedChange::componentId).containsExactly("web000000002");
        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(Finding.Kind.HELD_TEXT);
            assertThat(finding.message())
                    .isEqualTo("resolve on API is held, not sent: its text would publish an unrendered"
                            + " placeholder ({{status}}); check the policy's templates");
        });
    }

    @Test
    void aPublicNoteThatFailsIsHeldAloneSoTheComponentsOtherWritesStillGo() {
        List<Finding> findings = new ArrayList<>();
        PlannedChange note = change(Action.POST_NOTE, "api000000001", "API", "Back at {{eta}}.");
        PlannedChange resolve = change(Action.RESOLVE, "api000000001", "API", "API is operating normally again.");

        assertThat(PublishedText.checked(List.of(note, resolve), findings)).containsExactly(resolve);
        assertThat(findings).extracting(Finding::kind).containsExactly(Finding.Kind.HELD_TEXT);
    }

    @Test
    void aComponentNamedLikeAHostIsStatuspagesOwnNameAndPasses() {
        List<Finding> findings = new ArrayList<>();
        PlannedChange resolve = change(
                Action.RESOLVE, "app000000003", "app.acme.example", "app.acme.example is operating normally again.");

        assertThat(PublishedText.checked(List.of(resolve), findings)).containsExactly(resolve);
        assertThat(findings).isEmpty();
    }

    @Test
    void anInternalAddressInTheTextAroundTheNameIsStillHeld() {
        List<Finding> findings = new ArrayList<>();
        PlannedChange resolve =
                change(Action.RESOLVE, "api000000001", "API", "API is back; db-primary-01.prod.internal recovered.");

        assertThat(PublishedText.checked(List.of(resolve), findings)).isEmpty();
        assertThat(findings).extracting(Finding::kind).containsExactly(Finding.Kind.HELD_TEXT);
    }

    private static PlannedChange change(Action action, String componentId, String componentName, String body) {
        IncidentWrite write = new IncidentWrite(null, "resolved", body, null, null, false, null);
        return new PlannedChange(
                "kctbh9vrtdwd",
                action,
                componentId,
                componentName,
                null,
                null,
                "why",
                null,
                null,
                List.of(),
                null,
                new StatuspageWrite.Update("sp-" + componentId, write));
    }
}
