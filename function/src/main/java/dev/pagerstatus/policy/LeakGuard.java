package dev.pagerstatus.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last check before text reaches a public page: things customers must never read. IP addresses (also glued to
 * a word, and AWS's {@code ip-10-0-0-1}), e-mail addresses (a one-label domain too), URLs and links without a
 * scheme, {@code host:port}, host names (three or more labels, or one ending in an internal suffix such as
 * {@code .internal}) and placeholders left unrendered. A template that fails is a configuration error; a public
 * note that fails is held and reported.
 *
 * <p>Every pattern starts only where a run of its characters starts and never gives back what it took, so a long
 * hostile text costs time in proportion to its length.
 */
public final class LeakGuard {
    private static final int FLAGS = Pattern.UNICODE_CHARACTER_CLASS | Pattern.CASE_INSENSITIVE;
    /** Two or more dot-separated labels, from the start of a run of label characters. */
    private static final String LABELS = "(?<![\\w.-])[\\w-]++(?:\\.[\\w-]++)++";

    private static final Pattern TOP_LEVEL = Pattern.compile("\\p{L}{2,}|xn--[\\w-]+", FLAGS);
    private static final List<String> INTERNAL_SUFFIXES =
            List.of(".internal", ".local", ".corp", ".lan", ".intranet", ".localdomain", ".home.arpa", ".private");

    /** What one kind of leak looks like; {@code holds} tells a match that is one from an ordinary word. */
    private record Rule(String what, Pattern pattern, Predicate<String> holds) {
        Rule(String what, String regex) {
            this(what, regex, match -> true);
        }

        Rule(String what, String regex, Predicate<String> holds) {
            this(what, Pattern.compile(regex, FLAGS), holds);
        }
    }

    /** Where in the text a problem was found, so that a URL is not reported again as the host name inside it. */
    private record Span(int start, int end) {
        boolean overlaps(Span other) {
            return start < other.end && other.start < end;
        }
    }

    /** The most specific first: what a rule reports, a later rule does not report again. */
    private static final List<Rule> RULES = List.of(
            new Rule("an unrendered placeholder", "\\{\\{[^{}\\s]{0,40}+(?:\\}\\})?+|\\}\\}"),
            new Rule("a URL", "(?<![\\w+.-])\\p{L}[\\w+.-]*+://\\S*+|(?<![\\w.-])www\\.\\S*+"),
            new Rule("a link", "(?<!/)//[^\\s/]\\S*+|\\\\\\\\[^\\s\\\\]\\S*+|\\]\\(\\S*+"),
            new Rule("an e-mail address", "(?<![\\w.+-])[\\w.+-]++@[\\w-]++(?:\\.[\\w-]++)*+"),
            new Rule("a link", LABELS + "/[^\\s/]\\S*+", link -> isDomain(link.substring(0, link.indexOf('/')))),
            new Rule(
                    "an IP address",
                    "(?<!\\d)(?:\\d{1,3}\\.){3}\\d{1,3}(?!\\d)|(?<!\\p{L})ip[-_](?:\\d{1,3}[-_]){3}\\d{1,3}(?!\\d)"),
            new Rule("an IP address", "(?<![\\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\\w:])", LeakGuard::isIpv6),
            new Rule("a host and port", "(?<![\\w.-])\\p{L}[\\w.-]*+:\\d{2,5}+(?![\\d:])"),
            new Rule("a host name", LABELS, LeakGuard::isHostName));

    private LeakGuard() {}

    /** What in {@code text} must not be published, one reason each; empty when it may be. */
    public static List<String> problems(String text) {
        List<String> problems = new ArrayList<>();
        List<Span> found = new ArrayList<>();
        for (Rule rule : RULES) {
            apply(rule, text, problems, found);
        }
        return List.copyOf(problems);
    }

    private static void apply(Rule rule, String text, List<String> problems, List<Span> found) {
        Matcher match = rule.pattern().matcher(text);
        while (match.find()) {
            Span span = new Span(match.start(), match.end());
            if (rule.holds().test(match.group()) && found.stream().noneMatch(span::overlaps)) {
                found.add(span);
                problems.add(rule.what() + " (" + clip(match.group()) + ")");
            }
        }
    }

    /** A time such as 14:02:11 is not an address; an IPv6 address has "::", a hex letter or more groups. */
    private static boolean isIpv6(String candidate) {
        return candidate.contains("::")
                || candidate.matches("(?i).*[a-f].*")
                || candidate.chars().filter(c -> c == ':').count() >= 3
                || candidate.matches(".*\\d{3}.*");
    }

    private static boolean isHostName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return INTERNAL_SUFFIXES.stream().anyMatch(lower::endsWith) || (labels(lower).length >= 3 && isDomain(lower));
    }

    /** A domain ends in a word, as {@code .com} does; {@code v2.3.0} does not. */
    private static boolean isDomain(String name) {
        String[] labels = labels(name);
        return TOP_LEVEL.matcher(labels[labels.length - 1]).matches();
    }

    private static String[] labels(String name) {
        return name.split("\\.");
    }

    private static String clip(String text) {
        return text.length() <= 60 ? text : text.substring(0, 59) + "…";
    }
}
