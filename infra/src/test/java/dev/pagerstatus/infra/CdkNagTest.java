package dev.pagerstatus.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * cdk-nag's AWS Solutions checks find nothing unsuppressed, in every shape the stack can take. Each suppression
 * in the stack carries its reason; this test is the gate a plain {@code app.synth()} does not have.
 */
class CdkNagTest {
    static List<Map<String, Object>> configurations() {
        return List.of(
                Map.of(),
                Map.of("alarmEmail", "oncall@acme.example"),
                Map.of(
                        "kmsKeyArn",
                        "arn:aws:kms:eu-west-1:111122223333:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789",
                        "ssmPrefix",
                        "/ops/status"));
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void awsSolutionsChecksFindNothingUnsuppressed(Map<String, Object> context) {
        Annotations annotations = Annotations.fromStack(Stacks.stack(context));

        List<SynthesisMessage> errors = annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        List<SynthesisMessage> warnings = annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));

        assertThat(errors)
                .extracting(
                        message -> message.getId() + ": " + message.getEntry().getData())
                .isEmpty();
        assertThat(warnings)
                .extracting(
                        message -> message.getId() + ": " + message.getEntry().getData())
                .isEmpty();
    }
}
