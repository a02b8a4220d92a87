package dev.pagerstatus.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: one stack per status page. {@code cdk.json} at the repository root runs it (after building
 * the function jar), so {@code npx aws-cdk synth} and {@code npx aws-cdk deploy} work from a fresh clone.
 * cdk-nag's AWS Solutions checks run on every synth; an unsuppressed finding fails {@code cdk synth}.
 */
public final class InfraApp {
    private InfraApp() {}

    public static void main(String[] args) {
        App app = new App();
        PagerstatusConfig config =
                PagerstatusConfig.fromContext(key -> app.getNode().tryGetContext(key));
        Object stackName = app.getNode().tryGetContext("stackName");
        create(app, stackName == null ? "Pagerstatus" : stackName.toString(), config);
        app.synth();
    }

    static PagerstatusStack create(App app, String stackName, PagerstatusConfig config) {
        PagerstatusStack stack = new PagerstatusStack(
                app,
                stackName,
                StackProps.builder()
                        .description("pagerstatus: keeps a Statuspage truthful from PagerDuty incidents")
                        .env(Environment.builder()
                                .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                                .region(System.getenv("CDK_DEFAULT_REGION"))
                                .build())
                        .build(),
                config);
        Aspects.of(app)
                .add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return stack;
    }
}
