package dev.pagerstatus.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The synthesized CloudFormation, resource by resource, and each function's IAM policy. */
class PagerstatusStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Template template;
    private static JsonNode resources;

    @BeforeAll
    static void synth() {
        template = Stacks.template(Map.of());
        resources = JSON.valueToTree(template.toJSON()).path("Resources");
    }

    @Test
    void bothFunctionsRunTheShadedJarOnJava25Arm64WithSnapStartAndJsonLogs() {
        template.resourceCountIs("AWS::Lambda::Function", 2);
        for (String handler : List.of(PagerstatusStack.RECEIVER_HANDLER, PagerstatusStack.SYNC_HANDLER)) {
            template.hasResourceProperties(
                    "AWS::Lambda::Function",
                    Match.objectLike(Map.of(
                            "Handler",
                            handler,
                            "Runtime",
                            "java25",
                            "Architectures",
                            List.of("arm64"),
                            "MemorySize",
                            1024,
                            "SnapStart",
                            Map.of("ApplyOn", "PublishedVersions"),
                            "LoggingConfig",
                            Match.objectLike(Map.of("LogFormat", "JSON")))));
        }
        template.hasResourceProperties(
                "AWS::Lambda::Function",
                Match.objectLike(Map.of("Handler", PagerstatusStack.RECEIVER_HANDLER, "Timeout", 10)));
        template.hasResourceProperties(
                "AWS::Lambda::Function",
                Match.objectLike(Map.of("Handler", PagerstatusStack.SYNC_HANDLER, "Timeout", 180)));
    }

    @Test
    void everyTriggerInvokesTheLiveAliasNeverLatest() {
        template.resourceCountIs("AWS::Lambda::Alias", 2);
        template.allResourcesProperties("AWS::Lambda::Alias", Match.objectLike(Map.of("Name", "live")));
        String receiverAlias = logicalId("AWS::Lambda::Alias", "ReceiverLive");
        String syncAlias = logicalId("AWS::Lambda::Alias", "SyncLive");
        template.hasResourceProperties(
                "AWS::ApiGatewayV2::Integration",
                Match.objectLike(Map.of(
                        "IntegrationType",
                        "AWS_PROXY",
                        "PayloadFormatVersion",
                        "2.0",
                        "IntegrationUri",
                        Map.of("Ref", receiverAlias))));
        // The mapping names the alias as "<function name>:live", derived from the alias's own Ref.
        JsonNode mapping = resourcesOfType("AWS::Lambda::EventSourceMapping")
                .getFirst()
                .path("Properties")
                .path("FunctionName");
        assertThat(mapping.toString()).contains("{\"Ref\":\"" + syncAlias + "\"}", "\":live\"");
        template.hasResourceProperties(
                "AWS::Scheduler::Schedule",
                Match.objectLike(Map.of("Target", Match.objectLike(Map.of("Arn", Map.of("Ref", receiverAlias))))));
    }

    @Test
    void theApiRoutesWebhooksAndHealthThrottlesAndLogsNoHeaders() {
        template.hasResourceProperties(
                "AWS::ApiGatewayV2::Route", Match.objectLike(Map.of("RouteKey", "POST /{account}")));
        template.hasResourceProperties("AWS::ApiGatewayV2::Route", Match.objectLike(Map.of("RouteKey", "GET /")));
        template.resourceCountIs("AWS::ApiGatewayV2::Route", 2);
        template.hasResourceProperties(
                "AWS::ApiGatewayV2::Stage",
                Match.objectLike(Map.of(
                        "StageName",
                        "$default",
                        "AutoDeploy",
                        true,
                        "DefaultRouteSettings",
                        Map.of("ThrottlingRateLimit", 20, "ThrottlingBurstLimit", 50),
                        "AccessLogSettings",
                        Match.objectLike(Map.of("DestinationArn", Match.anyValue())))));
        String format = resourcesOfType("AWS::ApiGatewayV2::Stage")
                .getFirst()
                .path("Properties")
                .path("AccessLogSettings")
                .path("Format")
                .asText();
        assertThat(format).contains("$context.requestId", "$context.status").doesNotContain("header");
    }

    @Test
    void syncRequestsGoThroughAFifoQueueWithADeadLetterQueue() {
        template.resourceCountIs("AWS::SQS::Queue", 2);
        String deadLetters = logicalId("AWS::SQS::Queue", "SyncDeadLetters");
        template.hasResourceProperties(
                "AWS::SQS::Queue",
                Match.objectLike(Map.of(
                        "FifoQueue", true,
                        "ContentBasedDeduplication", true,
                        "VisibilityTimeout", 1080,
                        "SqsManagedSseEnabled", true,
                        "RedrivePolicy",
                                Map.of(
                                        "deadLetterTargetArn",
                                        Map.of("Fn::GetAtt", List.of(deadLetters, "Arn")),
                                        "maxReceiveCount",
                                        PagerstatusStack.MAX_RECEIVES))));
        template.hasResourceProperties(
                "AWS::SQS::Queue",
                Match.objectLike(
                        Map.of("FifoQueue", true, "SqsManagedSseEnabled", true, "MessageRetentionPeriod", 1209600)));
        template.resourceCountIs("AWS::SQS::QueuePolicy", 2);
        Object denyWithoutTls = Match.objectLike(
                Map.of("Effect", "Deny", "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))));
        template.allResourcesProperties(
                "AWS::SQS::QueuePolicy",
                Match.objectLike(Map.of(
                        "PolicyDocument",
                        Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(denyWithoutTls)))))));
    }

    @Test
    void theSyncFunctionTakesBatchesAndReportsItemFailures() {
        template.hasResourceProperties(
                "AWS::Lambda::EventSourceMapping",
                Match.objectLike(Map.of("BatchSize", 10, "FunctionResponseTypes", List.of("ReportBatchItemFailures"))));
    }

    @Test
    void aScheduledPassGoesThroughTheQueueInThePagesMessageGroup() throws Exception {
        String queue = logicalId("AWS::SQS::Queue", "SyncRequests");
        template.hasResourceProperties(
                "AWS::Scheduler::Schedule",
                Match.objectLike(Map.of(
                        "ScheduleExpression",
                        "rate(1 minute)",
                        "Target",
                        Match.objectLike(Map.of(
                                "Arn", Map.of("Fn::GetAtt", List.of(queue, "Arn")),
                                "SqsParameters", Map.of("MessageGroupId", PagerstatusStack.MESSAGE_GROUP))))));
        JsonNode target = resourcesOfType("AWS::Scheduler::Schedule").stream()
                .map(schedule -> schedule.path("Properties").path("Target"))
                .filter(candidate -> candidate.has("SqsParameters"))
                .findFirst()
                .orElseThrow();
        // Each message differs by its scheduled time, so the queue's content-based deduplication never drops one.
        assertThat(JSON.readTree(target.path("Input").asText()))
                .isEqualTo(JSON.readTree(
                        "{\"source\": \"schedule\", \"scheduled_at\": \"<aws.scheduler.scheduled-time>\"}"));
    }

    @Test
    void theKeepWarmScheduleSendsTheReceiverTheEventItsTestsUse() throws Exception {
        String receiverAlias = logicalId("AWS::Lambda::Alias", "ReceiverLive");
        JsonNode schedule = resourcesOfType("AWS::Scheduler::Schedule").stream()
                .filter(resource -> resource.path("Properties")
                        .path("Target")
                        .path("Arn")
                        .path("Ref")
                        .asText()
                        .equals(receiverAlias))
                .findFirst()
                .orElseThrow();
        JsonNode input = JSON.readTree(
                schedule.path("Properties").path("Target").path("Input").asText());
        JsonNode fixture =
                JSON.readTree(Path.of("..", "function", "src", "test", "resources", "events", "keep-warm-schedule.json")
                        .toFile());

        assertThat(input).isEqualTo(fixture);
        assertThat(schedule.path("Properties").path("ScheduleExpression").asText())
                .isEqualTo("rate(5 minutes)");
    }

    @Test
    void logsAreKeptForTheConfiguredTime() {
        template.resourceCountIs("AWS::Logs::LogGroup", 3);
        template.allResourcesProperties("AWS::Logs::LogGroup", Match.objectLike(Map.of("RetentionInDays", 30)));
    }

    @Test
    void theReceiverMayReadWebhookSecretsAndSendToTheQueueButNoApiKey() {
        List<JsonNode> statements = statementsOf("ReceiverRole");

        assertThat(resourcesFor(statements, "ssm:GetParameters"))
                .containsExactly(
                        "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/pagerstatus/accounts/*/webhook-secret");
        assertThat(actions(statements)).contains("sqs:SendMessage").doesNotContain("sqs:ReceiveMessage");
        assertThat(statements.toString())
                .doesNotContain("api-key")
                .doesNotContain("statuspage/")
                .doesNotContain("note-key");
    }

    @Test
    void theSyncFunctionMayReadApiKeysNoteWritersAndConsumeTheQueueButNoWebhookSecret() {
        List<JsonNode> statements = statementsOf("SyncRole");

        assertThat(resourcesFor(statements, "ssm:GetParameters"))
                .containsExactlyInAnyOrder(
                        "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/pagerstatus/statuspage/*",
                        "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/pagerstatus/accounts/*/api-key",
                        "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/pagerstatus/accounts/*/note-key",
                        "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/pagerstatus/accounts/*/note-from",
                        "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/pagerstatus/settings/*");
        assertThat(actions(statements))
                .contains("sqs:ReceiveMessage", "sqs:DeleteMessage")
                .doesNotContain("sqs:SendMessage");
        assertThat(statements.toString()).doesNotContain("webhook-secret");
    }

    @Test
    void noPolicyGrantsAWildcardActionAndNoFunctionRoleUsesAManagedPolicy() {
        for (JsonNode policy : resourcesOfType("AWS::IAM::Policy")) {
            for (JsonNode statement :
                    policy.path("Properties").path("PolicyDocument").path("Statement")) {
                List<String> actions = new ArrayList<>();
                statement.path("Action").forEach(action -> actions.add(action.asText()));
                if (statement.path("Action").isTextual()) {
                    actions.add(statement.path("Action").asText());
                }
                assertThat(actions).noneMatch(action -> action.equals("*") || action.endsWith(":*"));
            }
        }
        for (String role : List.of("ReceiverRole", "SyncRole")) {
            assertThat(resources
                            .path(logicalId("AWS::IAM::Role", role))
                            .path("Properties")
                            .has("ManagedPolicyArns"))
                    .isFalse();
        }
    }

    @Test
    void alarmsWatchDeadLettersErrorsFailedPassesAStuckQueueNoticesLeftOpenAndTheKeyExpiring() {
        template.resourceCountIs("AWS::CloudWatch::Alarm", 8);
        template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Match.objectLike(
                        Map.of("MetricName", "HandedOverNotices", "EvaluationPeriods", 6, "DatapointsToAlarm", 6)));
        template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Match.objectLike(Map.of("MetricName", "FailedNotesToPagerDuty", "EvaluationPeriods", 2)));
        template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Match.objectLike(Map.of(
                        "Namespace",
                        "pagerstatus",
                        "MetricName",
                        "FailedPasses",
                        "Dimensions",
                        List.of(Map.of("Name", "Function", "Value", "sync")),
                        "EvaluationPeriods",
                        2,
                        "DatapointsToAlarm",
                        2)));
        template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Match.objectLike(Map.of(
                        "Namespace", "AWS/SQS", "MetricName", "ApproximateNumberOfMessagesVisible", "Threshold", 1)));
        template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Match.objectLike(Map.of(
                        "Namespace", "AWS/SQS", "MetricName", "ApproximateAgeOfOldestMessage", "Threshold", 900)));
        template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Match.objectLike(
                        Map.of("MetricName", "StatuspageKeyExpiresSoon", "Threshold", 1, "EvaluationPeriods", 1)));
        template.resourceCountIs("AWS::SNS::Topic", 0);
    }

    @Test
    void anAlarmEmailGetsATopicThatEveryAlarmNotifies() {
        Template withEmail = Stacks.template(Map.of("alarmEmail", "oncall@acme.example"));

        withEmail.resourceCountIs("AWS::SNS::Topic", 1);
        withEmail.hasResourceProperties(
                "AWS::SNS::Subscription",
                Match.objectLike(Map.of("Protocol", "email", "Endpoint", "oncall@acme.example")));
        withEmail.allResourcesProperties(
                "AWS::CloudWatch::Alarm",
                Match.objectLike(Map.of(
                        "AlarmActions", Match.arrayWith(List.of(Match.objectLike(Map.of("Ref", Match.anyValue())))))));
    }

    @Test
    void aCustomerKeyIsUsableThroughSsmOnly() {
        Template withKey = Stacks.template(
                Map.of("kmsKeyArn", "arn:aws:kms:eu-west-1:111122223333:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789"));

        Object decryptThroughSsm = Match.objectLike(Map.of(
                "Action", "kms:Decrypt",
                "Resource", "arn:aws:kms:eu-west-1:111122223333:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789",
                "Condition", Map.of("StringEquals", Map.of("kms:ViaService", Match.anyValue()))));
        withKey.hasResourceProperties(
                "AWS::IAM::Policy",
                Match.objectLike(Map.of(
                        "PolicyDocument",
                        Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(decryptThroughSsm)))))));
    }

    @Test
    void theConfiguredPrefixScheduleAndCacheTimeAreUsedEverywhere() {
        Template custom =
                Stacks.template(Map.of("ssmPrefix", "/ops/status", "scheduleMinutes", "15", "configTtlSeconds", "60"));

        custom.allResourcesProperties(
                "AWS::Lambda::Function",
                Match.objectLike(Map.of(
                        "Environment",
                        Match.objectLike(Map.of(
                                "Variables",
                                Match.objectLike(Map.of(
                                        "PAGERSTATUS_SSM_PREFIX",
                                        "/ops/status",
                                        "PAGERSTATUS_CONFIG_TTL_SECONDS",
                                        "60")))))));
        custom.hasResourceProperties(
                "AWS::Scheduler::Schedule", Match.objectLike(Map.of("ScheduleExpression", "rate(15 minutes)")));
        assertThat(JSON.valueToTree(custom.toJSON()).toString())
                .contains("parameter/ops/status/accounts/*/webhook-secret")
                .doesNotContain("parameter/pagerstatus/");
    }

    @Test
    void outputsTheWebhookUrl() {
        template.hasOutput("WebhookUrl", Match.objectLike(Map.of("Value", Match.anyValue())));
        template.hasOutput("DeadLetterQueueUrl", Match.anyValue());
    }

    @Test
    void refusesContextItCannotUseWithAClearMessage() {
        assertThatThrownBy(() -> Stacks.stack(Map.of("scheduleMinutes", "0")))
                .hasMessage("context scheduleMinutes must be from 1 to 60");
        assertThatThrownBy(() -> Stacks.stack(Map.of("ssmPrefix", "pagerstatus")))
                .hasMessageContaining("context ssmPrefix must look like /pagerstatus");
        assertThatThrownBy(() -> Stacks.stack(Map.of("logRetentionDays", "10")))
                .hasMessageStartingWith("context logRetentionDays must be one of");
        assertThatThrownBy(() -> Stacks.stack(Map.of("functionJar", "missing/pagerstatus.jar")))
                .hasMessageContaining("missing/pagerstatus.jar");
    }

    // --- helpers over the synthesized template ---

    private static List<JsonNode> resourcesOfType(String type) {
        List<JsonNode> found = new ArrayList<>();
        resources.properties().forEach(entry -> {
            if (entry.getValue().path("Type").asText().equals(type)) {
                found.add(entry.getValue());
            }
        });
        return found;
    }

    private static String logicalId(String type, String constructId) {
        return resources.properties().stream()
                .filter(entry -> entry.getValue().path("Type").asText().equals(type))
                .map(Map.Entry::getKey)
                .filter(id -> id.startsWith(constructId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " named " + constructId));
    }

    private static List<JsonNode> statementsOf(String role) {
        String roleId = logicalId("AWS::IAM::Role", role);
        List<JsonNode> statements = new ArrayList<>();
        for (JsonNode policy : resourcesOfType("AWS::IAM::Policy")) {
            if (policy.path("Properties").path("Roles").toString().contains("\"" + roleId + "\"")) {
                policy.path("Properties")
                        .path("PolicyDocument")
                        .path("Statement")
                        .forEach(statements::add);
            }
        }
        assertThat(statements).as("statements of " + role).isNotEmpty();
        return statements;
    }

    private static List<String> actions(List<JsonNode> statements) {
        List<String> actions = new ArrayList<>();
        for (JsonNode statement : statements) {
            JsonNode action = statement.path("Action");
            if (action.isArray()) {
                action.forEach(item -> actions.add(item.asText()));
            } else {
                actions.add(action.asText());
            }
        }
        return actions;
    }

    /** Resources of the statements granting {@code action}, with Fn::Join flattened into ${...} placeholders. */
    private static List<String> resourcesFor(List<JsonNode> statements, String action) {
        List<String> resourcesFound = new ArrayList<>();
        for (JsonNode statement : statements) {
            if (!actions(List.of(statement)).contains(action)) {
                continue;
            }
            JsonNode resource = statement.path("Resource");
            for (JsonNode item :
                    resource.isArray() ? resource : JSON.createArrayNode().add(resource)) {
                resourcesFound.add(flatten(item));
            }
        }
        return resourcesFound;
    }

    private static String flatten(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.has("Ref")) {
            return "${" + value.path("Ref").asText() + "}";
        }
        if (value.has("Fn::Join")) {
            StringBuilder joined = new StringBuilder();
            value.path("Fn::Join").get(1).forEach(part -> joined.append(flatten(part)));
            return joined.toString();
        }
        return value.toString();
    }

    @Test
    void aPolicyFileIsPutWhereTheSyncFunctionReadsIt(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, "publish:\n  resolve_after: 5m\n");

        Template withPolicy = Stacks.template(Map.of("policyFile", policy.toString()));

        withPolicy.hasResourceProperties(
                "AWS::SSM::Parameter",
                Match.objectLike(Map.of(
                        "Name", "/pagerstatus/settings/policy",
                        "Type", "String",
                        "Tier", "Standard",
                        "Value", "publish:\n  resolve_after: 5m\n")));
        template.resourceCountIs("AWS::SSM::Parameter", 0);
    }

    @Test
    void synthRefusesAnInvalidPolicyWithTheMessagePlanGives(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, "publish:\n  after: never\n");

        assertThatThrownBy(() -> Stacks.stack(Map.of("policyFile", policy.toString())))
                .hasMessage(
                        "pagerstatus: configuration error: policy file " + policy + ", line 2: publish.after must be"
                                + " acknowledged, triggered or a duration such as 10m, not 'never'");
    }
}
