package dev.pagerstatus.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.scheduler.ContextAttribute;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.ScheduleTargetInput;
import software.amazon.awscdk.services.scheduler.targets.LambdaInvoke;
import software.amazon.awscdk.services.scheduler.targets.SqsSendMessage;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.ssm.ParameterTier;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * pagerstatus on AWS. PagerDuty's webhooks reach an HTTP API whose receiver function verifies them and puts a
 * sync request on an SQS FIFO queue; the sync function consumes it. Every sync request, the webhooks' and the
 * schedule's alike, goes through that queue in one message group, so passes never overlap and two
 * deliveries can never open two notices for one component. Both functions run the one shaded jar on java25,
 * arm64, with SnapStart on published versions behind a {@code live} alias that every trigger invokes.
 */
public final class PagerstatusStack extends Stack {
    static final String RECEIVER_HANDLER = "dev.pagerstatus.aws.ReceiverHandler::handleRequest";
    static final String SYNC_HANDLER = "dev.pagerstatus.aws.SyncHandler::handleRequest";
    /** The page's one message group (the receiver's SqsSyncTrigger.MESSAGE_GROUP). */
    static final String MESSAGE_GROUP = "status-page";

    static final String METRICS_NAMESPACE = "pagerstatus";
    static final String ALIAS = "live";
    static final Duration SYNC_TIMEOUT = Duration.minutes(3);
    static final int MAX_RECEIVES = 5;
    /** A SnapStart version goes inactive after 14 days without an invocation; every 5 minutes is ample. */
    static final int KEEP_WARM_MINUTES = 5;

    private final PagerstatusConfig config;
    private final Code code;
    private final List<Alarm> alarms = new ArrayList<>();

    public PagerstatusStack(Construct scope, String id, StackProps props, PagerstatusConfig config) {
        super(scope, id, props);
        this.config = config;
        this.code = Code.fromAsset(config.functionJar().toString());

        Queue deadLetters = createDeadLetterQueue();
        Queue syncRequests = createSyncQueue(deadLetters);
        Alias receiver = createReceiver(syncRequests);
        Alias sync = createSync(syncRequests);
        HttpApi api = createWebhookApi(receiver);
        createSchedules(syncRequests, receiver);
        createPolicyParameter();
        createAlarms(receiver, sync, syncRequests, deadLetters);
        createAlarmTopic();
        suppressFindingsThatAreByDesign();

        CfnOutput.Builder.create(this, "WebhookUrl")
                .description("Point each PagerDuty V3 webhook subscription at this URL followed by the account name")
                .value(api.getApiEndpoint() + "/")
                .build();
        CfnOutput.Builder.create(this, "DeadLetterQueueUrl")
                .description("Sync requests that failed " + MAX_RECEIVES + " passes in a row")
                .value(deadLetters.getQueueUrl())
                .build();
    }

    private Queue createDeadLetterQueue() {
        return Queue.Builder.create(this, "SyncDeadLetters")
                .fifo(true)
                .retentionPeriod(Duration.days(14))
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .build();
    }

    private Queue createSyncQueue(Queue deadLetters) {
        return Queue.Builder.create(this, "SyncRequests")
                .fifo(true)
                // The receiver sets the delivery id as deduplication id; the schedule's messages differ by their time.
                .contentBasedDeduplication(true)
                // AWS's advice for Lambda consumers: six times the function timeout.
                .visibilityTimeout(Duration.seconds(SYNC_TIMEOUT.toSeconds().intValue() * 6))
                .deadLetterQueue(DeadLetterQueue.builder()
                        .queue(deadLetters)
                        .maxReceiveCount(MAX_RECEIVES)
                        .build())
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .build();
    }

    private Alias createReceiver(Queue syncRequests) {
        LogGroup logs = logGroup("ReceiverLogs");
        Role role = functionRole("ReceiverRole", "pagerstatus receiver: reads webhook secrets, queues syncs", logs);
        role.addToPolicy(describeParameters());
        role.addToPolicy(readParameters("/accounts/*/webhook-secret"));
        syncRequests.grantSendMessages(role);
        grantDecrypt(role);
        Function function = function(
                "Receiver",
                RECEIVER_HANDLER,
                role,
                logs,
                Duration.seconds(10),
                "Verifies PagerDuty webhooks and queues a sync; answers within PagerDuty's 5 seconds",
                Map.of("PAGERSTATUS_QUEUE_URL", syncRequests.getQueueUrl()));
        return alias("ReceiverLive", function);
    }

    private Alias createSync(Queue syncRequests) {
        LogGroup logs = logGroup("SyncLogs");
        Role role = functionRole(
                "SyncRole", "pagerstatus sync: reads API keys, reconciles PagerDuty into Statuspage", logs);
        role.addToPolicy(describeParameters());
        // The note key and user of write-back are the sync function's alone: the receiver never writes to PagerDuty.
        role.addToPolicy(readParameters(
                "/statuspage/*",
                "/accounts/*/api-key",
                "/accounts/*/note-key",
                "/accounts/*/note-from",
                "/settings/*"));
        grantDecrypt(role);
        Function function = function(
                "Sync",
                SYNC_HANDLER,
                role,
                logs,
                SYNC_TIMEOUT,
                "Reconciles open PagerDuty incidents into the Statuspage, one pass at a time",
                Map.of());
        Alias live = alias("SyncLive", function);
        live.addEventSource(SqsEventSource.Builder.create(syncRequests)
                .batchSize(10)
                .reportBatchItemFailures(true)
                .build());
        return live;
    }

    private HttpApi createWebhookApi(Alias receiver) {
        HttpApi api = HttpApi.Builder.create(this, "WebhookApi")
                .apiName("pagerstatus-" + getStackName())
                .description("PagerDuty webhooks for pagerstatus: POST /{account}, GET / for health")
                .createDefaultStage(false)
                .build();
        LogGroup accessLogs = logGroup("WebhookApiAccessLogs");
        HttpStage.Builder.create(this, "WebhookApiStage")
                .httpApi(api)
                .stageName("$default")
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder()
                        .rateLimit(config.apiRateLimit())
                        .burstLimit(config.apiBurstLimit())
                        .build())
                .accessLogSettings(new IAccessLogSettings() {
                    @Override
                    public LogGroupLogDestination getDestination() {
                        return new LogGroupLogDestination(accessLogs);
                    }

                    @Override
                    public AccessLogFormat getFormat() {
                        // Request facts only: headers (and so signatures) are never logged.
                        return AccessLogFormat.custom(
                                "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
                                        + "\"time\":\"$context.requestTime\",\"method\":\"$context.httpMethod\","
                                        + "\"route\":\"$context.routeKey\",\"path\":\"$context.path\",\"status\":\"$context.status\","
                                        + "\"length\":\"$context.responseLength\",\"latency\":\"$context.integrationLatency\","
                                        + "\"error\":\"$context.integrationErrorMessage\",\"userAgent\":\"$context.identity.userAgent\"}");
                    }
                })
                .build();
        HttpLambdaIntegration integration = new HttpLambdaIntegration("ReceiverIntegration", receiver);
        api.addRoutes(AddRoutesOptions.builder()
                .path("/{account}")
                .methods(List.of(HttpMethod.POST))
                .integration(integration)
                .build());
        api.addRoutes(AddRoutesOptions.builder()
                .path("/")
                .methods(List.of(HttpMethod.GET))
                .integration(integration)
                .build());
        return api;
    }

    /**
     * Two schedules. The reconcile pass goes through the queue, never straight to the function, so it too
     * waits its turn behind webhook passes; it heals drift, makes a lost webhook temporary, and runs what the
     * policy makes due by time (a delayed publish, the end of monitoring) within a minute by default; its
     * invocations keep the sync function's SnapStart version active. A second schedule sends the receiver
     * a health request, because a SnapStart version not invoked for 14 days goes inactive, and a quiet
     * receiver must still answer PagerDuty's next webhook in time.
     */
    private void createSchedules(Queue syncRequests, Alias receiver) {
        ScheduleExpression every = ScheduleExpression.rate(Duration.minutes(config.scheduleMinutes()));
        ScheduleExpression warm = ScheduleExpression.rate(Duration.minutes(KEEP_WARM_MINUTES));
        Schedule.Builder.create(this, "ReconcileSchedule")
                .description(
                        "A pagerstatus pass every " + config.scheduleMinutes() + " minutes, through the sync queue")
                .schedule(every)
                .target(SqsSendMessage.Builder.create(syncRequests)
                        .messageGroupId(MESSAGE_GROUP)
                        .input(ScheduleTargetInput.fromObject(
                                Map.of("source", "schedule", "scheduled_at", ContextAttribute.getScheduledTime())))
                        .retryAttempts(2)
                        .build())
                .build();
        Schedule.Builder.create(this, "KeepReceiverWarm")
                .description("Keeps the receiver's SnapStart version active with a health request")
                .schedule(warm)
                .target(LambdaInvoke.Builder.create(receiver)
                        .input(ScheduleTargetInput.fromObject(keepWarmEvent()))
                        .retryAttempts(0)
                        .build())
                .build();
    }

    /** An HTTP API 2.0 event for {@code GET /}: the receiver answers it as a health check. */
    static Map<String, Object> keepWarmEvent() {
        return Map.of(
                "version", "2.0",
                "routeKey", "GET /",
                "rawPath", "/",
                "rawQueryString", "",
                "headers", Map.of("user-agent", "pagerstatus-keep-warm"),
                "requestContext",
                        Map.of(
                                "http",
                                        Map.of(
                                                "method",
                                                "GET",
                                                "path",
                                                "/",
                                                "protocol",
                                                "HTTP/1.1",
                                                "sourceIp",
                                                "127.0.0.1",
                                                "userAgent",
                                                "pagerstatus-keep-warm"),
                                "routeKey", "GET /",
                                "stage", "$default"),
                "isBase64Encoded", false);
    }

    /** {@code -c policyFile=...}: the policy document, where the sync function reads it. */
    private void createPolicyParameter() {
        if (config.policy() == null) {
            return;
        }
        StringParameter.Builder.create(this, "Policy")
                .parameterName(config.ssmPrefix() + "/settings/policy")
                .description("pagerstatus policy: severity, publishing, recovery, words and notifications (YAML)")
                .stringValue(config.policy())
                .tier(
                        config.policy().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 4096
                                ? ParameterTier.ADVANCED
                                : ParameterTier.STANDARD)
                .build();
    }

    private void createAlarms(Alias receiver, Alias sync, Queue syncRequests, Queue deadLetters) {
        alarm(
                "DeadLetters",
                "Sync requests failed " + MAX_RECEIVES + " passes in a row and were dead-lettered",
                deadLetters.metricApproximateNumberOfMessagesVisible(metric("Maximum")),
                1,
                1);
        alarm(
                "ReceiverErrors",
                "The webhook receiver function failed (PagerDuty retries, then disables the subscription)",
                receiver.metricErrors(metric("Sum")),
                1,
                1);
        alarm("SyncErrors", "The sync function failed", sync.metricErrors(metric("Sum")), 1, 1);
        // A single failed pass heals on the next one; two periods in a row means something is really wrong.
        alarm(
                "FailedPasses",
                "pagerstatus passes are failing (a read, a write or the configuration)",
                syncMetric("FailedPasses"),
                1,
                2);
        // A notice a person took over, still open after PagerDuty resolved, is counted on every pass: half an hour of
        // that is someone's cue to look at the page.
        alarm(
                "HandedOverNoticeOpen",
                "A notice a person took over is still open half an hour after PagerDuty resolved its incidents",
                syncMetric("HandedOverNotices"),
                1,
                6);
        alarm(
                "NotesToPagerDutyFailing",
                "pagerstatus cannot write its notes to PagerDuty (check the note key and note-from user)",
                syncMetric("FailedNotesToPagerDuty"),
                1,
                2);
        // setup records the key's expiry (Statuspage's API does not say it); doctor warns from 30 days ahead.
        alarm(
                "StatuspageKeyExpiring",
                "The Statuspage API key expires within 7 days (or has): make a new one, then record its expiry with"
                        + " pagerstatus setup --statuspage-key-expires",
                syncMetric("StatuspageKeyExpiresSoon"),
                1,
                1);
        alarm(
                "SyncQueueStuck",
                "A sync request has waited more than 15 minutes",
                syncRequests.metricApproximateAgeOfOldestMessage(metric("Maximum")),
                15 * 60,
                1);
    }

    /** One of the sync function's own metrics, summed over five minutes. */
    private static Metric syncMetric(String name) {
        return Metric.Builder.create()
                .namespace(METRICS_NAMESPACE)
                .metricName(name)
                .dimensionsMap(Map.of("Function", "sync"))
                .statistic("Sum")
                .period(Duration.minutes(5))
                .build();
    }

    private void createAlarmTopic() {
        if (config.alarmEmail() == null) {
            return;
        }
        Topic topic = Topic.Builder.create(this, "AlarmTopic")
                .displayName("pagerstatus alarms")
                .enforceSsl(true)
                .build();
        topic.addSubscription(new EmailSubscription(config.alarmEmail()));
        alarms.forEach(alarm -> alarm.addAlarmAction(new SnsAction(topic)));
        NagSuppressions.addResourceSuppressions(
                topic,
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-SNS2")
                        .reason(
                                "Alarm notifications carry only alarm names and states. CloudWatch cannot publish to a topic"
                                        + " encrypted with the AWS-managed SNS key, and a customer key for this alone is not worth its cost.")
                        .build()));
    }

    private Function function(
            String id,
            String handler,
            Role role,
            LogGroup logs,
            Duration timeout,
            String description,
            Map<String, String> environment) {
        Map<String, String> variables = new java.util.LinkedHashMap<>(environment);
        variables.put("PAGERSTATUS_SSM_PREFIX", config.ssmPrefix());
        variables.put("PAGERSTATUS_METRICS_NAMESPACE", METRICS_NAMESPACE);
        variables.put("PAGERSTATUS_CONFIG_TTL_SECONDS", String.valueOf(config.configTtlSeconds()));
        Function function = Function.Builder.create(this, id)
                .description(description)
                .runtime(Runtime.JAVA_25)
                .architecture(Architecture.ARM_64)
                .handler(handler)
                .code(code)
                .memorySize(1024)
                .timeout(timeout)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .role(role)
                .logGroup(logs)
                .loggingFormat(LoggingFormat.JSON)
                .environment(variables)
                .build();
        Annotations.of(function)
                .acknowledgeWarning(
                        "@aws-cdk/aws-lambda:snapStartRequirePublish",
                        "Versions are published through currentVersion, behind the live alias every trigger invokes");
        return function;
    }

    /** SnapStart applies to published versions only, so every trigger invokes this alias, never $LATEST. */
    private Alias alias(String id, Function function) {
        return Alias.Builder.create(this, id)
                .aliasName(ALIAS)
                .version(function.getCurrentVersion())
                .build();
    }

    private LogGroup logGroup(String id) {
        return LogGroup.Builder.create(this, id)
                .retention(retention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }

    private static final Map<Integer, RetentionDays> RETENTION = Map.ofEntries(
            Map.entry(1, RetentionDays.ONE_DAY),
            Map.entry(3, RetentionDays.THREE_DAYS),
            Map.entry(5, RetentionDays.FIVE_DAYS),
            Map.entry(7, RetentionDays.ONE_WEEK),
            Map.entry(14, RetentionDays.TWO_WEEKS),
            Map.entry(30, RetentionDays.ONE_MONTH),
            Map.entry(60, RetentionDays.TWO_MONTHS),
            Map.entry(90, RetentionDays.THREE_MONTHS),
            Map.entry(180, RetentionDays.SIX_MONTHS),
            Map.entry(365, RetentionDays.ONE_YEAR),
            Map.entry(731, RetentionDays.TWO_YEARS));

    private RetentionDays retention() {
        RetentionDays days = RETENTION.get(config.logRetentionDays());
        if (days == null) {
            throw new IllegalArgumentException("context logRetentionDays must be one of "
                    + new java.util.TreeSet<>(RETENTION.keySet()) + ", not " + config.logRetentionDays());
        }
        return days;
    }

    /** Each function's own role, with nothing but writing to its own log group to start with. */
    private Role functionRole(String id, String description, LogGroup logs) {
        Role role = Role.Builder.create(this, id)
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(description)
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logs.getLogGroupArn()))
                .build());
        return role;
    }

    private static PolicyStatement describeParameters() {
        return PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("ssm:DescribeParameters"))
                .resources(List.of("*"))
                .build();
    }

    private PolicyStatement readParameters(String... underPrefix) {
        List<String> arns = new ArrayList<>();
        for (String path : underPrefix) {
            arns.add(formatArn(ArnComponents.builder()
                    .service("ssm")
                    .resource("parameter")
                    .resourceName(config.ssmPrefix().substring(1) + path)
                    .build()));
        }
        return PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("ssm:GetParameters"))
                .resources(arns)
                .build();
    }

    private void grantDecrypt(Role role) {
        if (config.kmsKeyArn() == null) {
            return; // the AWS-managed aws/ssm key lets every principal that may read a parameter decrypt it
        }
        role.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("kms:Decrypt"))
                .resources(List.of(config.kmsKeyArn()))
                .conditions(Map.of("StringEquals", Map.of("kms:ViaService", "ssm." + getRegion() + ".amazonaws.com")))
                .build());
    }

    private void alarm(String id, String description, IMetric metric, double threshold, int periods) {
        alarms.add(Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(periods)
                .datapointsToAlarm(periods)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build());
    }

    private static software.amazon.awscdk.services.cloudwatch.MetricOptions metric(String statistic) {
        return software.amazon.awscdk.services.cloudwatch.MetricOptions.builder()
                .statistic(statistic)
                .period(Duration.minutes(5))
                .build();
    }

    /**
     * The finding for one parameter-path wildcard. The region and account in it are tokens or literals
     * depending on how the app is run, so it is matched as a pattern anchored to exactly this path.
     */
    private Object parameterArnFinding(String path) {
        String literal = (config.ssmPrefix() + path).replaceAll("[.*+?^${}()|\\[\\]\\\\/]", "\\\\$0");
        String field = "(?:<[^>]+>|[^:<>]+)"; // a literal, or a token such as <AWS::Region>
        return RegexAppliesTo.builder()
                .regex("/^Resource::arn:" + field + ":ssm:" + field + ":" + field + ":parameter" + literal + "$/")
                .build();
    }

    /** cdk-nag findings that are design decisions, each with its reason, scoped as narrowly as cdk-nag allows. */
    private void suppressFindingsThatAreByDesign() {
        NagSuppressions.addStackSuppressions(
                this,
                List.of(
                        NagPackSuppression.builder()
                                .id("AwsSolutions-APIG4")
                                .reason(
                                        "PagerDuty cannot send IAM, JWT or Lambda-authorizer credentials. Each webhook is"
                                                + " authenticated by its HMAC-SHA256 signature in the receiver, before its body is read;"
                                                + " GET / is a public health check that reveals account names only.")
                                .build(),
                        NagPackSuppression.builder()
                                .id("AwsSolutions-IAM5")
                                .reason(
                                        "Wildcards only where AWS or the design demand them: ssm:DescribeParameters has no"
                                                + " resource-level permissions (and returns names, never values); one parameter per"
                                                + " account, because accounts are added without a redeploy; everything under the"
                                                + " statuspage/ and settings/ paths of the prefix, which hold nothing else.")
                                .appliesTo(List.of(
                                        "Resource::*",
                                        parameterArnFinding("/accounts/*/webhook-secret"),
                                        parameterArnFinding("/accounts/*/api-key"),
                                        parameterArnFinding("/accounts/*/note-key"),
                                        parameterArnFinding("/accounts/*/note-from"),
                                        parameterArnFinding("/statuspage/*"),
                                        parameterArnFinding("/settings/*")))
                                .build()));
    }
}
