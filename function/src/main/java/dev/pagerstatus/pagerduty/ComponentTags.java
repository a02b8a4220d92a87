package dev.pagerstatus.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the Statuspage components a PagerDuty incident names, from its first trigger log entry's
 * {@code channel}. Monitoring tools put them in different places:
 * <ul>
 *   <li>Datadog: {@code component:<id>} in {@code details.tags}, one comma-separated string;</li>
 *   <li>Pingdom: {@code component_<id>} in {@code details.tags}, a JSON array;</li>
 *   <li>email: {@code Component: <id>} in {@code body} when the channel type is {@code email};</li>
 *   <li>Events API v2 (Alertmanager, custom tools): a {@code component} key in the custom details, which
 *       PagerDuty stores as {@code details} and {@code cef_details.details}; Alertmanager 0.30+ also nests its
 *       alerts' labels under {@code details.firing}.</li>
 * </ul>
 * The word "component" is matched in any case and one incident may name several components. An id may name its
 * page too, {@code <page id>/<component id>}, for deployments that keep several pages.
 */
public final class ComponentTags {
    /** A component id, or {@code <page id>/<component id>} to name the page as well. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9]+(?:/[A-Za-z0-9]+)?");

    private static final Pattern TAG = Pattern.compile("(?i)component([:_])\\s*(.*)");
    private static final Pattern EMAIL = Pattern.compile("(?i)\\bcomponent\\s*:\\s*([A-Za-z0-9]+(?:/[A-Za-z0-9]+)?)");
    /** Alertmanager before 0.30 renders firing alerts as text: {@code " - component = abc"}. */
    private static final Pattern ALERTMANAGER_TEXT =
            Pattern.compile("(?im)^\\s*-\\s*component\\s*=\\s*([A-Za-z0-9]+(?:/[A-Za-z0-9]+)?)\\s*$");

    private static final Pattern HTML_TAG = Pattern.compile("<[^>]*>");

    /** The components found, and what looked like a component tag but could not be read. */
    public record Scan(Set<String> componentIds, List<String> problems) {
        public static final Scan NONE = new Scan(Set.of(), List.of());
    }

    private ComponentTags() {}

    public static Scan scan(JsonNode channel) {
        if (channel == null || !channel.isObject()) {
            return Scan.NONE;
        }
        Set<String> ids = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        if ("email".equals(channel.path("type").asText())) {
            scanEmail(channel, ids);
        }
        scanDetails(channel.path("details"), ids, problems);
        scanDetails(channel.path("cef_details").path("details"), ids, problems);
        return new Scan(Set.copyOf(ids), List.copyOf(problems));
    }

    private static void scanEmail(JsonNode channel, Set<String> ids) {
        String body = channel.path("body").asText("");
        if (channel.path("body_content_type")
                .asText("")
                .toLowerCase(Locale.ROOT)
                .contains("html")) {
            body = HTML_TAG.matcher(body).replaceAll(" ").replace("&nbsp;", " ");
        }
        Matcher matcher = EMAIL.matcher(body);
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
    }

    private static void scanDetails(JsonNode details, Set<String> ids, List<String> problems) {
        if (!details.isObject()) {
            return; // web-triggered incidents carry a plain string here
        }
        details.properties().forEach(field -> {
            String key = field.getKey().toLowerCase(Locale.ROOT);
            JsonNode value = field.getValue();
            switch (key) {
                case "tags" -> scanTags(value, ids, problems);
                case "component" -> scanComponentValue(value, ids, problems);
                case "firing" -> scanAlertmanagerFiring(value, ids, problems);
                default -> {}
            }
        });
    }

    private static void scanTags(JsonNode tags, Set<String> ids, List<String> problems) {
        if (tags.isTextual()) {
            for (String tag : tags.asText().split(",")) {
                scanTag(tag.strip(), ids, problems);
            }
        } else if (tags.isArray()) {
            tags.forEach(tag -> {
                if (tag.isTextual()) {
                    for (String part : tag.asText().split(",")) {
                        scanTag(part.strip(), ids, problems);
                    }
                }
            });
        } else if (!tags.isNull()) {
            problems.add("details.tags is neither a string nor a list");
        }
    }

    private static void scanTag(String tag, Set<String> ids, List<String> problems) {
        Matcher matcher = TAG.matcher(tag);
        if (!matcher.matches()) {
            return;
        }
        String value = matcher.group(2).strip();
        if (matcher.group(1).equals("_")
                && !value.isEmpty()
                && !ID.matcher(value).matches()) {
            return; // e.g. "component_type:web" is someone else's tag, not a malformed one of ours
        }
        if (value.isEmpty()) {
            problems.add("tag '" + tag + "' names no component id");
        } else if (ID.matcher(value).matches()) {
            ids.add(value);
        } else {
            problems.add("tag '" + tag
                    + "' is not a Statuspage component id (letters and digits, or <page id>/<component id>)");
        }
    }

    private static void scanComponentValue(JsonNode value, Set<String> ids, List<String> problems) {
        List<String> candidates = new ArrayList<>();
        if (value.isTextual()) {
            for (String part : value.asText().split("[,\\s]+")) {
                if (!part.isBlank()) {
                    candidates.add(part.strip());
                }
            }
        } else if (value.isArray()) {
            value.forEach(item -> candidates.add(item.asText().strip()));
        } else {
            problems.add("details.component is neither a string nor a list");
            return;
        }
        for (String candidate : candidates) {
            if (ID.matcher(candidate).matches()) {
                ids.add(candidate);
            } else {
                problems.add("component '" + candidate + "' is not a Statuspage component id (letters and digits, or"
                        + " <page id>/<component id>)");
            }
        }
    }

    private static void scanAlertmanagerFiring(JsonNode firing, Set<String> ids, List<String> problems) {
        if (firing.isArray()) {
            firing.forEach(alert -> {
                JsonNode labels = alert.path("labels");
                if (labels.isObject()) {
                    labels.properties().forEach(label -> {
                        if (label.getKey().equalsIgnoreCase("component")) {
                            scanComponentValue(label.getValue(), ids, problems);
                        }
                    });
                }
            });
        } else if (firing.isTextual()) {
            Matcher matcher = ALERTMANAGER_TEXT.matcher(firing.asText());
            while (matcher.find()) {
                ids.add(matcher.group(1));
            }
        }
    }
}
