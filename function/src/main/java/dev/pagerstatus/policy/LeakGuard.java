package dev.pagerstatus.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last check before text reaches a public page: things customers must never read. IP addresses, e-mail
 * addresses, URLs, host names (three or more labels, or one ending in an internal suffix such as
 * {@code .internal}) and placeholders left unrendered. A template that fails is a configuration error; a public
 * note that fails is held and reported.
 */
public final class LeakGuard {
    private static final Pattern IPV4 = Pattern.compile("\\b(?:\\d{1,3}\\.){3}\\d{1,3}\\b");
    private static final Pattern IPV6 =
            Pattern.compile("(?i)(?<![\\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\\w:])");
    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+");
    private static final Pattern URL = Pattern.compile("(?i)\\b(?:[a-z][a-z0-9+.-]*://|www\\.)\\S+");
    private static final Pattern HOST =
            Pattern.compile("(?i)\\b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+\\b");
    private static final List<String> INTERNAL_SUFFIXES =
            List.of(".internal", ".local", ".corp", ".lan", ".intranet", ".localdomain", ".home.arpa", ".private");

    private LeakGuard() {}

    /** What in {@code text} must not be published, one reason each; empty when it may be. */
    public static List<String> problems(String text) {
        List<String> problems = new ArrayList<>();
        find(IPV4, text, "an IP address", problems);
        Matcher v6 = IPV6.matcher(text);
        while (v6.find()) {
            String candidate = v6.group();
            // A time such as 14:02:11 is not an address; an IPv6 address has a hex letter or "::".
            if (candidate.contains("::") || candidate.matches("(?i).*[a-f].*")) {
                problems.add("an IP address (" + clip(candidate) + ")");
            }
        }
        find(EMAIL, text, "an e-mail address", problems);
        find(URL, text, "a URL", problems);
        Matcher host = HOST.matcher(text);
        while (host.find()) {
            String name = host.group().toLowerCase(Locale.ROOT);
            String[] labels = name.split("\\.");
            boolean internal = INTERNAL_SUFFIXES.stream().anyMatch(name::endsWith);
            boolean topLevelIsWord = labels[labels.length - 1].matches(".*[a-z].*");
            boolean partOfAddress =
                    IPV4.matcher(name).matches() || problems.stream().anyMatch(p -> p.contains(name));
            if (!partOfAddress && topLevelIsWord && (internal || labels.length >= 3)) {
                problems.add("a host name (" + clip(host.group()) + ")");
            }
        }
        if (text.contains("{{") || text.contains("}}")) {
            problems.add("an unrendered placeholder");
        }
        return List.copyOf(problems);
    }

    private static void find(Pattern pattern, String text, String what, List<String> problems) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            problems.add(what + " (" + clip(matcher.group()) + ")");
        }
    }

    private static String clip(String text) {
        return text.length() <= 60 ? text : text.substring(0, 59) + "…";
    }
}
