package dev.pagerstatus.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Starts the shaded jar the way the managed Java runtime does: a fresh JVM running the Runtime Interface
 * Client's {@code AWSLambda} main with the handler string, the Lambda JVM flags, and the runtime's
 * environment, talking to a {@link FakeRuntimeApi}. AWS calls go to {@code AWS_ENDPOINT_URL}.
 */
public final class LambdaProcess {
    public static final Path SHADED_JAR = Path.of(System.getProperty("pagerstatus.jar", "target/pagerstatus.jar"));
    private static final List<String> RUNTIME_JARS = List.of(
            "aws-lambda-java-runtime-interface-client",
            "aws-lambda-java-core",
            "aws-lambda-java-serialization",
            "utils-lite");

    private LambdaProcess() {}

    /** The RIC and its own dependencies, taken from the test class path (the managed runtime ships them). */
    public static String runtimeClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> RUNTIME_JARS.stream().anyMatch(entry::contains))
                .collect(Collectors.joining(File.pathSeparator));
    }

    public static Process start(
            String handler, FakeRuntimeApi runtime, boolean snapStart, Map<String, String> env, Path log)
            throws IOException {
        return start(handler, SHADED_JAR.toString(), runtime, snapStart, env, log);
    }

    /** As above, with {@code classpath} holding the handler (the shaded jar, or a benchmark's baseline). */
    public static Process start(
            String handler,
            String classpath,
            FakeRuntimeApi runtime,
            boolean snapStart,
            Map<String, String> env,
            Path log)
            throws IOException {
        if (!Files.exists(SHADED_JAR)) {
            throw new IllegalStateException(SHADED_JAR + " is missing; run ./mvnw package first");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                // The managed runtime's flags (C1 only and the serial collector; SnapStart lifts the C1 limit).
                "-XX:+UseSerialGC",
                "-Xshare:auto"));
        if (!snapStart) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.addAll(List.of(
                "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac",
                "-cp",
                classpath + File.pathSeparator + runtimeClasspath(),
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
                handler));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.put("AWS_LAMBDA_RUNTIME_API", runtime.address());
        environment.put("_HANDLER", handler);
        environment.put("AWS_REGION", "eu-west-1");
        environment.put("AWS_DEFAULT_REGION", "eu-west-1");
        environment.put("AWS_ACCESS_KEY_ID", "AKIDTESTONLY");
        environment.put("AWS_SECRET_ACCESS_KEY", "test-secret-access-key");
        environment.put("AWS_SESSION_TOKEN", "test-session-token");
        environment.put("AWS_LAMBDA_FUNCTION_NAME", "pagerstatus");
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        environment.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
        environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", snapStart ? "snap-start" : "on-demand");
        environment.putAll(env);
        return builder.start();
    }
}
