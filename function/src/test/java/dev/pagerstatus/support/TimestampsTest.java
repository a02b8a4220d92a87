package dev.pagerstatus.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                // What the two vendors send: Statuspage with milliseconds and Z, PagerDuty with or without them.
                "2026-03-18T09:44:52.031Z",
                "2026-03-18T09:44:52Z",
                "2026-03-18T05:44:52-04:00",
                "2026-03-18T15:14:52.5+05:30",
                "2026-03-18T09:44:52.123456789Z",
                "2024-02-29T23:59:59.999+14:00",
                "0001-01-01T00:00:00-18:00",
                "9999-12-31T23:59:59+18:00",
                "2026-03-18T09:44:52-00:00"
            })
    void readsTheCommonShapesToTheInstantTheJdkReads(String text) {
        assertThat(Timestamps.common(text))
                .isNotNull()
                .isEqualTo(OffsetDateTime.parse(text).toInstant());
        assertThat(Timestamps.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-03-18T09:44:52",
                "2026-03-18 09:44:52Z",
                "2026-03-18T09:44:52.Z",
                "2026-03-18T09:44:52.1234567891Z",
                "2026-03-18T09:44:52+0100",
                "2026-03-18T09:44:52+19:00",
                "2026-03-18T09:44:52+01:00:30",
                "2026-03-18t09:44:52z",
                "2025-02-29T09:44:52Z",
                "2026-13-01T09:44:52Z",
                "2026-03-18T24:00:00Z",
                "2026-03-18T23:59:60Z",
                "+12026-03-18T09:44:52Z",
                "2026-03-1８T09:44:52Z",
                "yesterday",
                ""
            })
    void leavesEveryOtherShapeToTheJdkAndAgreesWithItsVerdict(String text) {
        assertThat(Timestamps.common(text)).isNull();
        assertThat(Timestamps.parse(text)).isEqualTo(jdk(text));
    }

    @Test
    void agreesWithTheJdkOnTenThousandNearlyValidTimestamps() {
        Random random = new Random(20261202);
        int commonShape = 0;
        for (int i = 0; i < 10_000; i++) {
            String text = nearlyValid(random);
            Instant common = Timestamps.common(text);
            if (common != null) {
                commonShape++;
                assertThat(common).as(text).isEqualTo(jdk(text));
            }
            assertThat(Timestamps.parse(text)).as(text).isEqualTo(jdk(text));
        }
        assertThat(commonShape).as("timestamps read without the JDK").isGreaterThan(3_000);
    }

    /** Every field drawn a little past its range now and then, and the fraction and offset in every form. */
    private static String nearlyValid(Random random) {
        String fraction = switch (random.nextInt(5)) {
            case 0 -> "";
            case 1 -> ".";
            default -> "." + digits(random, 1 + random.nextInt(10));
        };
        String offset = switch (random.nextInt(6)) {
            case 0 -> "Z";
            case 1 -> random.nextBoolean() ? "z" : "+0000";
            default ->
                (random.nextBoolean() ? "+" : "-") + "%02d:%02d".formatted(random.nextInt(20), random.nextInt(62));
        };
        return "%04d-%02d-%02dT%02d:%02d:%02d%s%s"
                .formatted(
                        random.nextInt(10_000),
                        random.nextInt(14),
                        random.nextInt(33),
                        random.nextInt(25),
                        random.nextInt(61),
                        random.nextInt(61),
                        fraction,
                        offset);
    }

    private static String digits(Random random, int count) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < count; i++) {
            digits.append(random.nextInt(10));
        }
        return digits.toString();
    }

    private static Instant jdk(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
