package dev.pagerstatus.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.pagerstatus.policy.ComponentOverride;
import dev.pagerstatus.policy.ComponentPolicy;
import dev.pagerstatus.policy.Durations;
import dev.pagerstatus.policy.LeakGuard;
import dev.pagerstatus.policy.Policy;
import dev.pagerstatus.policy.PublishAfter;
import dev.pagerstatus.policy.Severity;
import dev.pagerstatus.policy.SeverityRule;
import dev.pagerstatus.policy.Templates;
import dev.pagerstatus.policy.UpdateKind;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the policy document. Every key is known and every value checked; the first problem stops the program
 * with one line that names the key and, where the parser knows it, the line: {@code policy file policy.yaml,
 * line 7: publish.after must be acknowledged, triggered or a duration such as 10m}.
 */
public final class PolicyParser {
    /** A policy is a page or two of YAML; anything far larger is a mistake. */
    static final int MAX_BYTES = 64 * 1024;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^}]*}}");
    /** Statuspage's ids are lower-case letters and digits; a name such as "API" is the usual mistake. */
    private static final Pattern COMPONENT_ID = Pattern.compile("[a-z0-9]{8,32}");

    private static final Set<String> URGENCIES = Set.of("high", "low");

    private final String origin;

    private PolicyParser(String origin) {
        this.origin = origin;
    }

    /**
     * @param text   the document; blank means the built-in defaults
     * @param origin where it came from, as errors name it: {@code policy file ./policy.yaml}
     */
    public static Policy parse(String text, String origin) {
        return parse(text, origin, ComponentOverride.none(), Map.of());
    }

    /**
     * With the older single settings ({@code PAGERSTATUS_COMPONENT_STATUS} and the like) as {@code shorthands};
     * {@code shorthandOrigins} names each one given, by the policy key it stands for ({@code severity.default},
     * {@code templates.open.name}, {@code templates.open.body}, {@code templates.resolved.body}, {@code notify}).
     * Setting the same thing both ways is an error, since one of them would be silently ignored.
     */
    public static Policy parse(
            String text, String origin, ComponentOverride shorthands, Map<String, String> shorthandOrigins) {
        return new PolicyParser(origin).read(text, shorthands, shorthandOrigins);
    }

    // --- a YAML tree that remembers lines ---

    private sealed interface Node permits Mapping, Sequence, Scalar {
        int line();
    }

    /** {@code keyLines}: the line each key is on, which is where a problem with it is reported. */
    private record Mapping(Map<String, Node> entries, Map<String, Integer> keyLines, int line) implements Node {
        int lineOf(String key) {
            return keyLines.getOrDefault(key, line);
        }
    }

    private record Sequence(List<Node> items, int line) implements Node {}

    /** {@code text} is null for YAML's null; {@code string} is false for numbers and booleans. */
    private record Scalar(String text, boolean string, int line) implements Node {}

    private Policy read(String text, ComponentOverride shorthands, Map<String, String> shorthandOrigins) {
        Policy document = read(text);
        ComponentOverride base = documentBase;
        for (var shorthand : shorthandOrigins.entrySet()) {
            boolean bothSet = switch (shorthand.getKey()) {
                case "severity.default" -> base.defaultSeverity() != null;
                case "templates.open.name" -> base.openName() != null;
                case "templates.open.body" -> base.bodies().containsKey(UpdateKind.OPEN);
                case "templates.resolved.body" -> base.bodies().containsKey(UpdateKind.RESOLVED);
                case "notify" -> !base.notifications().isEmpty();
                default -> throw new IllegalArgumentException(shorthand.getKey());
            };
            if (bothSet) {
                throw new ConfigException(shorthand.getValue() + " and " + shorthand.getKey() + " in " + origin
                        + " both set the same thing; keep one");
            }
        }
        return document.withBase(shorthands.applyTo(document.base()));
    }

    /** What the document itself said at its top level, for the shorthand check. */
    private ComponentOverride documentBase = ComponentOverride.none();

    private Policy read(String text) {
        if (text.length() > MAX_BYTES) {
            throw new ConfigException(
                    origin + " is larger than " + (MAX_BYTES / 1024) + " KB; a policy is a page or two");
        }
        if (text.isBlank()) {
            return Policy.defaults();
        }
        Node root;
        try (JsonParser parser = new YAMLFactory().createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return Policy.defaults();
            }
            root = node(parser, first, "");
            if (parser.nextToken() != null) {
                throw error(line(parser), "holds more than one YAML document");
            }
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            if (where != null) {
                tabNear(text, where.getLineNr()).ifPresent(line -> {
                    throw error(line, TAB_INDENTATION);
                });
            }
            String detail = e.getOriginalMessage() == null
                    ? ""
                    : e.getOriginalMessage().lines().findFirst().orElse("");
            throw new ConfigException(origin + (where == null ? "" : ", line " + where.getLineNr())
                    + ": not valid YAML (" + clip(detail) + ")");
        } catch (IOException e) {
            throw new ConfigException(origin + " could not be read: " + e.getMessage());
        }
        if (root instanceof Scalar scalar && scalar.text() == null) {
            return Policy.defaults();
        }
        Mapping top = mapping(root, "the policy");
        known(top, "", "severity", "publish", "templates", "notify", "people", "components");
        ComponentOverride base = override(top, "");
        documentBase = base;
        ComponentPolicy defaults = base.applyTo(ComponentPolicy.defaults());
        Optional<Duration> people = Optional.empty();
        if (top.entries().containsKey("people")) {
            Mapping section = mapping(top.entries().get("people"), "people");
            known(section, "people.", "resolve_after");
            if (section.entries().containsKey("resolve_after")) {
                people = Optional.of(duration(section.entries().get("resolve_after"), "people.resolve_after"));
            }
        }
        Map<String, ComponentOverride> components = new LinkedHashMap<>();
        if (top.entries().containsKey("components")) {
            Mapping section = mapping(top.entries().get("components"), "components");
            for (var entry : section.entries().entrySet()) {
                String id = entry.getKey();
                String path = "components." + id;
                if (!COMPONENT_ID.matcher(id).matches()) {
                    throw error(
                            section.lineOf(id),
                            path + " is not a Statuspage component id (lower-case letters and digits, as in the"
                                    + " component's URL; not its name)");
                }
                Mapping component = mapping(entry.getValue(), path);
                known(component, path + ".", "severity", "publish", "templates", "notify");
                components.put(id, override(component, path + "."));
            }
        }
        return new Policy(defaults, components, people, origin);
    }

    /**
     * YAML indents with spaces; SnakeYAML reads a tab there as part of a key, or fails on it a line later with
     * no word of tabs. Tabs inside block text and quoted strings are fine and are not looked at.
     */
    private static final String TAB_INDENTATION = "is indented with a tab; YAML indents with spaces only";

    /** The line of a tab in the indentation next to {@code line}, where a failed parse points (often the one before). */
    private static Optional<Integer> tabNear(String text, int line) {
        List<String> lines = text.lines().toList();
        for (int i = Math.max(0, line - 2); i < Math.min(lines.size(), line + 1); i++) {
            String at = lines.get(i);
            if (at.substring(0, at.length() - at.stripLeading().length()).indexOf('\t') >= 0) {
                return Optional.of(i + 1);
            }
        }
        return Optional.empty();
    }

    /**
     * An alias arrives from the YAML reader as its anchor's name, so {@code name: *title} would publish the word
     * "title"; anchors and aliases are refused rather than half-read.
     */
    private void refuseAnchorsAndAliases(JsonParser parser, String path) throws IOException {
        if (parser instanceof YAMLParser yaml) {
            if (yaml.isCurrentAlias()) {
                throw error(
                        line(parser),
                        where(path) + " uses the YAML alias *" + clip(yaml.getText())
                                + "; write the value out (anchors and aliases are not read)");
            }
            if (yaml.getObjectId() != null) {
                throw error(
                        line(parser),
                        where(path) + " has the YAML anchor &" + clip(yaml.getObjectId())
                                + "; write values out (anchors and aliases are not read)");
            }
        }
    }

    private static String where(String path) {
        return path.isEmpty() ? "the policy" : path.substring(0, path.length() - 1);
    }

    private Node node(JsonParser parser, JsonToken token, String path) throws IOException {
        int line = line(parser);
        refuseAnchorsAndAliases(parser, path);
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Node> entries = new LinkedHashMap<>();
                Map<String, Integer> keyLines = new LinkedHashMap<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String key = parser.currentName();
                    int keyLine = line(parser);
                    refuseAnchorsAndAliases(parser, path + key + ".");
                    if (key.indexOf('\t') >= 0) {
                        throw error(keyLine, TAB_INDENTATION);
                    }
                    if (entries.containsKey(key)) {
                        throw error(keyLine, path + key + " is given twice");
                    }
                    keyLines.put(key, keyLine);
                    entries.put(key, node(parser, parser.nextToken(), path + key + "."));
                }
                yield new Mapping(entries, keyLines, line);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    items.add(node(parser, next, path));
                }
                yield new Sequence(items, line);
            }
            case VALUE_NULL -> new Scalar(null, false, line);
            case VALUE_STRING -> new Scalar(parser.getText(), true, line);
            default -> new Scalar(parser.getText(), false, line);
        };
    }

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }

    // --- sections ---

    /** {@code severity}, {@code publish}, {@code templates} and {@code notify}, at the top or for a component. */
    private ComponentOverride override(Mapping parent, String prefix) {
        Severity defaultSeverity = null;
        List<SeverityRule> rules = null;
        if (parent.entries().containsKey("severity")) {
            Mapping severity = mapping(parent.entries().get("severity"), prefix + "severity");
            known(severity, prefix + "severity.", "default", "rules");
            if (severity.entries().containsKey("default")) {
                defaultSeverity = severity(severity.entries().get("default"), prefix + "severity.default");
            }
            if (severity.entries().containsKey("rules")) {
                rules = rules(severity.entries().get("rules"), prefix + "severity.rules");
            }
        }
        PublishAfter after = null;
        Duration resolveAfter = null;
        if (parent.entries().containsKey("publish")) {
            Mapping publish = mapping(parent.entries().get("publish"), prefix + "publish");
            known(publish, prefix + "publish.", "after", "resolve_after");
            if (publish.entries().containsKey("after")) {
                after = publishAfter(publish.entries().get("after"), prefix + "publish.after");
            }
            if (publish.entries().containsKey("resolve_after")) {
                resolveAfter = duration(publish.entries().get("resolve_after"), prefix + "publish.resolve_after");
            }
        }
        String openName = null;
        Map<UpdateKind, String> bodies = new EnumMap<>(UpdateKind.class);
        if (parent.entries().containsKey("templates")) {
            Mapping templates = mapping(parent.entries().get("templates"), prefix + "templates");
            for (var entry : templates.entries().entrySet()) {
                String path = prefix + "templates." + entry.getKey();
                UpdateKind kind = kind(entry.getKey(), templates.lineOf(entry.getKey()), path);
                Mapping template = mapping(entry.getValue(), path);
                if (kind == UpdateKind.OPEN) {
                    known(template, path + ".", "name", "body");
                } else {
                    known(template, path + ".", "body");
                }
                if (template.entries().containsKey("name")) {
                    Node name = template.entries().get("name");
                    openName = text(name, path + ".name");
                    checkTemplate(openName, kind, true, at(name.line(), path + ".name"));
                }
                if (template.entries().containsKey("body")) {
                    Node body = template.entries().get("body");
                    String text = text(body, path + ".body");
                    checkTemplate(text, kind, false, at(body.line(), path + ".body"));
                    bodies.put(kind, text);
                }
            }
        }
        Map<UpdateKind, Boolean> notify = new EnumMap<>(UpdateKind.class);
        if (parent.entries().containsKey("notify")) {
            Mapping switches = mapping(parent.entries().get("notify"), prefix + "notify");
            for (var entry : switches.entries().entrySet()) {
                String path = prefix + "notify." + entry.getKey();
                UpdateKind kind = kind(entry.getKey(), switches.lineOf(entry.getKey()), path);
                notify.put(kind, flag(entry.getValue(), path));
            }
        }
        return new ComponentOverride(defaultSeverity, rules, after, resolveAfter, openName, bodies, notify);
    }

    private List<SeverityRule> rules(Node node, String path) {
        if (!(node instanceof Sequence sequence)) {
            throw error(node.line(), path + " must be a list of rules, each with priority or urgency, and status");
        }
        List<SeverityRule> rules = new ArrayList<>();
        for (int i = 0; i < sequence.items().size(); i++) {
            String rulePath = path + "[" + i + "]";
            Mapping rule = mapping(sequence.items().get(i), rulePath);
            known(rule, rulePath + ".", "priority", "urgency", "status");
            Set<String> priorities = new LinkedHashSet<>();
            if (rule.entries().containsKey("priority")) {
                Node priority = rule.entries().get("priority");
                if (priority instanceof Sequence names) {
                    if (names.items().isEmpty()) {
                        throw error(priority.line(), rulePath + ".priority is an empty list");
                    }
                    for (Node name : names.items()) {
                        priorities.add(text(name, rulePath + ".priority"));
                    }
                } else {
                    priorities.add(text(priority, rulePath + ".priority"));
                }
            }
            String urgency = null;
            if (rule.entries().containsKey("urgency")) {
                Node value = rule.entries().get("urgency");
                urgency = text(value, rulePath + ".urgency").strip().toLowerCase(java.util.Locale.ROOT);
                if (!URGENCIES.contains(urgency)) {
                    throw error(value.line(), rulePath + ".urgency must be high or low");
                }
            }
            if (priorities.isEmpty() && urgency == null) {
                throw error(rule.line(), rulePath + " needs a priority or an urgency to match");
            }
            if (!rule.entries().containsKey("status")) {
                throw error(rule.line(), rulePath + ".status is missing");
            }
            rules.add(new SeverityRule(
                    priorities, urgency, severity(rule.entries().get("status"), rulePath + ".status")));
        }
        return rules;
    }

    // --- values ---

    private Mapping mapping(Node node, String path) {
        if (node instanceof Mapping mapping) {
            return mapping;
        }
        throw error(node.line(), path + " must be a mapping of keys to values");
    }

    private void known(Mapping mapping, String prefix, String... keys) {
        Set<String> allowed = Set.of(keys);
        for (var entry : mapping.entries().entrySet()) {
            if (!allowed.contains(entry.getKey())) {
                throw error(
                        mapping.lineOf(entry.getKey()),
                        "unknown key " + prefix + entry.getKey() + "; the keys here are " + String.join(", ", keys));
            }
        }
    }

    private String text(Node node, String path) {
        if (node instanceof Scalar scalar
                && scalar.text() != null
                && !scalar.text().isBlank()) {
            return scalar.text();
        }
        throw error(node.line(), path + (node instanceof Scalar s && s.text() == null ? " is empty" : " must be text"));
    }

    private boolean flag(Node node, String path) {
        if (node instanceof Scalar scalar
                && !scalar.string()
                && scalar.text() != null
                && (scalar.text().equals("true") || scalar.text().equals("false"))) {
            return scalar.text().equals("true");
        }
        throw error(node.line(), path + " must be true or false");
    }

    private Severity severity(Node node, String path) {
        String name = text(node, path);
        return Severity.named(name)
                .orElseThrow(() -> error(
                        node.line(), path + " must be one of " + Severity.choices() + ", not '" + clip(name) + "'"));
    }

    private PublishAfter publishAfter(Node node, String path) {
        String value = node instanceof Scalar scalar && scalar.text() != null
                ? scalar.text().strip()
                : "";
        return switch (value) {
            case "acknowledged" -> PublishAfter.ACKNOWLEDGED;
            case "triggered" -> PublishAfter.TRIGGERED;
            default ->
                Durations.parse(value)
                        .filter(Duration::isPositive)
                        .<PublishAfter>map(PublishAfter.OpenFor::new)
                        .orElseThrow(() -> error(
                                node.line(),
                                path + " must be acknowledged, triggered or a duration such as 10m, not '" + clip(value)
                                        + "'"));
        };
    }

    private Duration duration(Node node, String path) {
        if (node instanceof Scalar scalar && !scalar.string() && "0".equals(scalar.text())) {
            return Duration.ZERO;
        }
        String value = node instanceof Scalar scalar && scalar.text() != null
                ? scalar.text().strip()
                : "";
        return Durations.parse(value)
                .orElseThrow(() -> error(
                        node.line(),
                        path + " must be a duration such as 30s, 10m or 1h30m (at most 7" + " days), not '"
                                + clip(value) + "'"));
    }

    private UpdateKind kind(String key, int line, String path) {
        return UpdateKind.keyed(key)
                .orElseThrow(() -> error(
                        line,
                        "unknown key " + path + "; the kinds are open, escalated, improved,"
                                + " monitoring, relapsed, resolved, public_note"));
    }

    /**
     * A template's placeholders, length and words: each placeholder must be one that kind knows, and the text,
     * rendered with sample values, must pass the {@link LeakGuard}. {@code where} names it in the error.
     */
    public static void checkTemplate(String text, UpdateKind kind, boolean name, String where) {
        Set<String> allowed = new LinkedHashSet<>(List.of(Templates.COMPONENT_NAME, Templates.STATUS, Templates.SINCE));
        if (kind == UpdateKind.PUBLIC_NOTE && !name) {
            allowed.add(Templates.NOTE);
        }
        Matcher placeholders = PLACEHOLDER.matcher(text);
        while (placeholders.find()) {
            if (!allowed.contains(placeholders.group())) {
                throw new ConfigException(where + " uses the unknown placeholder " + clip(placeholders.group())
                        + "; the placeholders are " + String.join(", ", allowed));
            }
        }
        int max = name ? Templates.MAX_NAME_LENGTH : Templates.MAX_BODY_LENGTH;
        if (text.length() > max) {
            throw new ConfigException(where + " is longer than Statuspage allows (" + max + " characters)");
        }
        String sample = Templates.render(
                text,
                new Templates.Values(
                        "Example", Severity.PARTIAL_OUTAGE, java.time.Instant.parse("2026-03-18T09:41:00Z"), "note"));
        List<String> problems = LeakGuard.problems(sample);
        if (!problems.isEmpty()) {
            throw new ConfigException(where + " would publish " + String.join(" and ", problems)
                    + "; public text must not name hosts, addresses or links");
        }
    }

    private String at(int line, String path) {
        return origin + ", line " + line + ": " + path;
    }

    private ConfigException error(int line, String message) {
        return new ConfigException(origin + ", line " + line + ": " + message);
    }

    private static String clip(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 79) + "…";
    }
}
