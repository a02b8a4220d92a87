package dev.pagerstatus.policy;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last check before text reaches a public page: things customers must never read. IP addresses (also glued to
 * a word, and AWS's {@code ip-10-0-0-1}), e-mail addresses (a one-label domain too), URLs and links without a
 * scheme, {@code host:port}, host names (three or more labels, or one ending in an internal suffix such as
 * {@code .internal}), markup (an HTML tag, comment or entity), template and expansion syntax ({@code ${...}},
 * {@code $(...)}, {@code #{...}}, {@code {%...%}}) and placeholders left unrendered. A template that fails is a
 * configuration error; a public note that fails is held and reported.
 *
 * <p>The text is judged as a reader sees it: invisible characters (zero-width, soft hyphen) removed, Unicode
 * compatibility forms (fullwidth digits, dots and {@code @}) as their plain letters, a look-alike dot between two
 * labels as a dot, and defanged forms ({@code [.]}, {@code (dot)}, {@code [at]}, {@code hxxp}) as what they stand
 * for. Labels may be in any script. A defanged form or a text-direction control is held by itself.
 *
 * <p>Every pattern starts only where a run of its characters starts and never gives back what it took, and at
 * most ten problems are reported, so a long hostile text costs time in proportion to its length.
 */
public final class LeakGuard {
    /** Characters some rule needs to match; plain ASCII text without any of them cannot hold a leak. */
    private static final String TRIGGERS = "{}<&:/\\@[]()$%*#";

    private LeakGuard() {}

    /** What in {@code text} must not be published, one reason each and at most ten; empty when it may be. */
    public static List<String> problems(String text) {
        return plainlyWords(text) ? List.of() : Judge.problems(text);
    }

    /**
     * Most public text is sentences such as "API is experiencing errors." with nothing any rule could match:
     * saying so needs no regular expression, so a cold process that opens notices compiles none of them.
     */
    private static boolean plainlyWords(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean dotInWord = c == '.' && i + 1 < text.length() && !Character.isWhitespace(text.charAt(i + 1));
            if (c >= 0x80 || TRIGGERS.indexOf(c) >= 0 || dotInWord) {
                return false;
            }
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return !lower.contains("ip-") && !lower.contains("ip_") && !lower.contains("hxxp") && !lower.contains("www");
    }

    /** The rules themselves, compiled the first time a text needs them. */
    private static final class Judge {
        /** Enough for an operator to see why; a hostile note could otherwise name thousands. */
        private static final int MAX_PROBLEMS = 10;

        private static final int FLAGS = Pattern.UNICODE_CHARACTER_CLASS | Pattern.CASE_INSENSITIVE;
        /** Two or more dot-separated labels, from the start of a run of label characters. */
        private static final String LABELS = "(?<![\\w.-])[\\w-]++(?:\\.[\\w-]++)++";

        private static final String CJK = "\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}\\u30FC";
        /** Chinese and Japanese sentences end in a dot without a space; a top-level domain in their scripts is rare. */
        private static final Pattern TOP_LEVEL = Pattern.compile("[\\p{L}&&[^" + CJK + "]]{2,}|xn--[\\w-]+", FLAGS);

        private static final Pattern HAS_CJK = Pattern.compile("[" + CJK + "]");
        /** Format characters, and the other default-ignorables: grapheme joiner, fillers, variation selectors. */
        private static final Pattern INVISIBLE =
                Pattern.compile("[\\p{Cf}\\u034F\\u115F\\u1160\\u17B4\\u17B5\\u180B-\\u180D"
                        + "\\u3164\\uFE00-\\uFE0F\\uFFA0\\x{E0100}-\\x{E01EF}]");

        private static final Pattern DIRECTION_CONTROL = Pattern.compile("[\\u202A-\\u202E\\u2066-\\u2069]");
        /** The ideographic, fullwidth and halfwidth full stops; the middle dot, hyphenation point and Lisu full stop. */
        private static final Pattern LOOK_ALIKE_DOT = Pattern.compile("[\\u3002\\uFF0E\\uFF61\\u00B7\\u2027\\uA4F8]");
        /** Markdown's escapes and emphasis, which the page renders away: {@code 10\\.40\\.2\\.17}, {@code 10.40.**2**.17}. */
        private static final Pattern MARKDOWN =
                Pattern.compile("\\\\(?=[.\\-@:_/])|\\*\\*|__|(?<=[\\w.])\\*(?=[\\w.])");

        private static final Pattern DEFANGED = Pattern.compile(
                "[\\[({]\\s*+(\\.|dot|:|@|at|/|://)\\s*+[\\])}]|(?<!\\p{L})h(?:xx|\\*\\*)p(?=s?[\\[({:])", FLAGS);
        /** Ports a one-word host name is written with: web, databases, caches, queues, search, SSH. */
        private static final java.util.Set<String> SERVER_PORTS = java.util.Set.of(
                "22", "80", "443", "1433", "1521", "2181", "3000", "3306", "5000", "5432", "5672", "6379", "8000",
                "8080", "8443", "8888", "9000", "9090", "9092", "9200", "9300", "11211", "15672", "27017");

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
                new Rule("template syntax", "(?:[$#%]\\{|\\$\\(|\\{%|<%)\\S{0,40}+|%\\}"),
                new Rule("markup", "<(?:[/!?]?\\p{L}|!--)[^<>]{0,40}+>|&(?:#x?\\p{XDigit}++|[a-z]{2,}+);"),
                new Rule("a URL", "(?<![\\w+.-])\\p{L}[\\w+.-]*+://\\S*+|(?<![\\w.-])www\\.\\S*+"),
                new Rule("a link", "(?<!/)//[^\\s/]\\S*+|\\\\\\\\[^\\s\\\\]\\S*+|\\]\\(\\S*+"),
                new Rule(
                        "an e-mail address",
                        "(?<![\\w.+-])(?:\"[^\"@\\s]{1,64}+\"|[\\w.+-]++)@[\\w-]++(?:\\.[\\w-]++)*+",
                        address -> address.substring(address.indexOf('@')).matches("(?s).*\\p{L}.*")),
                new Rule("a link", LABELS + "/[^\\s/]\\S*+", link -> isDomain(link.substring(0, link.indexOf('/')))),
                new Rule(
                        "an IP address",
                        "(?<!\\d)(?:\\d{1,3}\\.){3}\\d{1,3}(?!\\d)|(?<!\\p{L})ip[-_](?:\\d{1,3}[-_]){3}\\d{1,3}(?!\\d)"),
                new Rule(
                        "an IP address",
                        "(?<![\\p{L}\\d:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\\p{L}\\d:])",
                        Judge::isIpv6),
                new Rule(
                        "a host and port",
                        "(?<![\\w.-])\\p{L}[\\w.-]*+:\\d{2,5}+(?![\\d:%]|\\.\\d)",
                        Judge::isHostAndPort),
                new Rule("a host name", LABELS, Judge::isHostName));

        static List<String> problems(String text) {
            String visible = visible(text);
            List<String> problems = new ArrayList<>(disguises(text, visible));
            String read = DEFANGED.matcher(visible).replaceAll(Judge::fanged);
            List<Span> found = new ArrayList<>();
            for (Rule rule : RULES) {
                apply(rule, read, problems, found);
            }
            return List.copyOf(problems);
        }

        /** The text without what a reader does not see, compatibility forms as plain letters, look-alike dots as dots. */
        private static String visible(String text) {
            if (text.chars().allMatch(c -> c < 0x80)) {
                // Plain ASCII is already what a reader sees, but for Markdown: no need to wake the Unicode tables,
                // whose loading was a tenth of a cold pass that opens notices.
                return MARKDOWN.matcher(text).replaceAll("");
            }
            String shown =
                    MARKDOWN.matcher(INVISIBLE.matcher(text).replaceAll("")).replaceAll("");
            String dotted =
                    LOOK_ALIKE_DOT.matcher(shown).replaceAll(dot -> joinsLabels(shown, dot.start()) ? "." : "\u3002");
            return Normalizer.normalize(dotted, Normalizer.Form.NFKC);
        }

        /** In {@code grafana。acme。io} a full stop joins labels; at the end of a Japanese sentence it does not. */
        private static boolean joinsLabels(String text, int at) {
            return at > 0
                    && at + 1 < text.length()
                    && isLabelCharacter(text.codePointBefore(at))
                    && isLabelCharacter(text.codePointAt(at + 1));
        }

        private static boolean isLabelCharacter(int c) {
            return Character.isLetterOrDigit(c)
                    && !HAS_CJK.matcher(Character.toString(c)).find();
        }

        /** Whoever defangs an address or reverses text means a reader to see more than the characters say. */
        private static List<String> disguises(String text, String visible) {
            List<String> disguises = new ArrayList<>();
            if (DIRECTION_CONTROL.matcher(text).find()) {
                disguises.add("a text-direction control");
            }
            Matcher defanged = DEFANGED.matcher(visible);
            if (defanged.find()) {
                disguises.add("a defanged address (" + defanged.group() + ")");
            }
            return disguises;
        }

        private static String fanged(MatchResult defanged) {
            if (defanged.group(1) == null) {
                return "http";
            }
            return switch (defanged.group(1).toLowerCase(Locale.ROOT)) {
                case "dot" -> ".";
                case "at" -> "@";
                default -> defanged.group(1);
            };
        }

        private static void apply(Rule rule, String text, List<String> problems, List<Span> found) {
            Matcher match = rule.pattern().matcher(text);
            while (problems.size() < MAX_PROBLEMS && match.find()) {
                Span span = new Span(match.start(), match.end());
                if (rule.holds().test(match.group()) && found.stream().noneMatch(span::overlaps)) {
                    found.add(span);
                    problems.add(rule.what() + " (" + clip(match.group()) + ")");
                }
            }
        }

        /** A time (14:02:11) or a ratio (1:2:4:8:16) is not an address; IPv6 has "::", a hex letter or 8 groups. */
        private static boolean isIpv6(String candidate) {
            return candidate.contains("::")
                    || candidate.matches("(?i).*[a-f].*")
                    || candidate.chars().filter(c -> c == ':').count() >= 7;
        }

        /**
         * {@code db-primary-01:5432}, {@code localhost:8080} and {@code redis:6379} are a host and its port; "ETA:30"
         * and "code:1234" are words and a number: a one-word host counts only with a port servers listen on.
         */
        private static boolean isHostAndPort(String candidate) {
            int colon = candidate.lastIndexOf(':');
            String host = candidate.substring(0, colon).toLowerCase(Locale.ROOT);
            return !HAS_CJK.matcher(candidate).find()
                    && (host.matches(".*[\\d.-].*")
                            || host.equals("localhost")
                            || SERVER_PORTS.contains(candidate.substring(colon + 1)));
        }

        private static boolean isHostName(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            return INTERNAL_SUFFIXES.stream().anyMatch(lower::endsWith)
                    || (labels(lower).length >= 3 && isDomain(lower));
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
}
