package dev.pagerstatus.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The handler strings the template deploys name classes that exist in the shaded jar it deploys, with the
 * method the runtime will call: a renamed class or method cannot ship.
 */
class HandlerClassesTest {
    private static final Path JAR = Path.of("..", "function", "target", "pagerstatus.jar");

    @Test
    void everyDeployedHandlerIsAClassAndMethodInTheShadedJar() throws Exception {
        assertThat(JAR).as("the shaded jar; build it first with ./mvnw package").exists();
        JsonNode resources = new ObjectMapper()
                .valueToTree(Stacks.template(Map.of()).toJSON())
                .path("Resources");
        List<String> handlers = new ArrayList<>();
        resources.properties().forEach(entry -> {
            if (entry.getValue().path("Type").asText().equals("AWS::Lambda::Function")) {
                handlers.add(entry.getValue().path("Properties").path("Handler").asText());
            }
        });
        assertThat(handlers).hasSize(2);

        try (URLClassLoader jar =
                new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (String handler : handlers) {
                String[] parts = handler.split("::");
                Class<?> type = Class.forName(parts[0], false, jar);
                Class<?> streamHandler =
                        Class.forName("com.amazonaws.services.lambda.runtime.RequestStreamHandler", false, jar);
                assertThat(streamHandler.isAssignableFrom(type))
                        .as(handler + " is a RequestStreamHandler")
                        .isTrue();
                assertThat(Modifier.isPublic(type.getConstructor().getModifiers()))
                        .as(handler + " has a public no-arg constructor")
                        .isTrue();
                assertThat(Arrays.stream(type.getMethods()).map(Method::getName))
                        .as(handler)
                        .contains(parts[1]);
            }
        }
    }

    @Test
    void theTemplateDeploysTheJarItWasGiven() throws Exception {
        JsonNode template =
                new ObjectMapper().valueToTree(Stacks.template(Map.of()).toJSON());
        assertThat(Files.size(JAR)).isPositive();
        assertThat(template.path("Resources").toString()).contains(".jar");
    }
}
