package dev.pagerstatus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The product's packages depend on each other in one direction only: a cycle would mean two concepts that
 * cannot be understood, tested or changed apart. Read from the sources, imports and qualified names alike.
 */
class PackageDependenciesTest {
    private static final Path MAIN = Path.of("src/main/java/dev/pagerstatus");
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.pagerstatus\\.([a-z]+)\\b");
    private static final Pattern COMMENTS = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*");

    @Test
    void thePackagesFormNoCycle() {
        Map<String, Set<String>> dependencies = dependencies();

        assertThat(dependencies).containsKeys("sync", "webhook", "standin", "local", "aws");
        assertThat(cycles(dependencies)).isEmpty();
    }

    @Test
    void theCoreKnowsNothingOfTheStandInsTheDemoOrAws() {
        Map<String, Set<String>> dependencies = dependencies();

        for (String core :
                List.of("sync", "policy", "pagerduty", "statuspage", "webhook", "config", "http", "setup", "doctor")) {
            assertThat(dependencies.getOrDefault(core, Set.of()))
                    .as("what %s depends on", core)
                    .doesNotContain("standin", "local", "aws");
        }
    }

    private static Map<String, Set<String>> dependencies() {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file :
                    files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String from = MAIN.relativize(file).getName(0).toString();
                String code = COMMENTS.matcher(Files.readString(file)).replaceAll("");
                Set<String> to = graph.computeIfAbsent(from, key -> new TreeSet<>());
                Matcher matcher = REFERENCE.matcher(code);
                while (matcher.find()) {
                    if (!matcher.group(1).equals(from)) {
                        to.add(matcher.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** Every dependency that leads back to where it started, as "a -> b -> a". */
    private static List<String> cycles(Map<String, Set<String>> graph) {
        List<String> cycles = new ArrayList<>();
        for (String start : graph.keySet()) {
            walk(graph, start, new ArrayList<>(List.of(start)), cycles);
        }
        return cycles;
    }

    private static void walk(Map<String, Set<String>> graph, String at, List<String> path, List<String> cycles) {
        for (String next : graph.getOrDefault(at, Set.of())) {
            if (next.equals(path.getFirst())) {
                cycles.add(String.join(" -> ", path) + " -> " + next);
            } else if (!path.contains(next) && next.compareTo(path.getFirst()) > 0) {
                path.add(next);
                walk(graph, next, path, cycles);
                path.removeLast();
            }
        }
    }
}
