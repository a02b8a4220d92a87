package dev.pagerstatus.support;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The timestamps both vendors send, such as {@code 2026-03-18T09:44:52.031Z} or {@code 2026-03-18T05:44:52-04:00}.
 *
 * <p>A pass reads hundreds of them (every incident, update and note has two or three), and the JDK's general
 * formatter, interpreted in a cold process, took about a twentieth of a cold {@code sync}'s CPU. The common shape
 * is read here directly; anything else goes to the JDK's parser, so what is accepted, and the instant it means,
 * are exactly the JDK's.
 */
public final class Timestamps {
    private static final int[] SCALE = {100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private Timestamps() {}

    /**
     * The instant {@code text} names when it is an ISO 8601 date-time with an offset ({@link OffsetDateTime#parse}),
     * or null when it is not.
     */
    public static Instant parse(String text) {
        Instant common = common(text);
        if (common != null) {
            return common;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss}, optionally {@code .} and 1 to 9 digits, then {@code Z} or {@code ±HH:MM}; null
     * for anything else, valid or not, which the caller hands to the JDK's parser.
     */
    public static Instant common(String text) {
        int length = text.length();
        if (length < 20
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        // A leap second (:60) and other rarities are left to the JDK's rules.
        if (year < 0
                || month < 0
                || day < 0
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return null;
        }
        int at = 19;
        int nanos = 0;
        if (text.charAt(at) == '.') {
            int start = ++at;
            while (at < length && at - start < 9 && isDigit(text.charAt(at))) {
                nanos += (text.charAt(at) - '0') * SCALE[at - start];
                at++;
            }
            if (at == start || (at < length && isDigit(text.charAt(at)))) {
                return null;
            }
        }
        int offsetSeconds;
        if (at == length - 1 && text.charAt(at) == 'Z') {
            offsetSeconds = 0;
        } else if (at == length - 6
                && (text.charAt(at) == '+' || text.charAt(at) == '-')
                && text.charAt(at + 3) == ':') {
            int offsetHours = digits(text, at + 1, 2);
            int offsetMinutes = digits(text, at + 4, 2);
            if (offsetHours < 0
                    || offsetMinutes < 0
                    || offsetMinutes > 59
                    || offsetHours * 60 + offsetMinutes > 18 * 60) {
                return null;
            }
            offsetSeconds = (text.charAt(at) == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
        } else {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException noSuchDay) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second - offsetSeconds, nanos);
    }

    /** The number the {@code count} digits at {@code from} spell, or -1 when one of them is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
