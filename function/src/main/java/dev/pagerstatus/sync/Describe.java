package dev.pagerstatus.sync;

import dev.pagerstatus.pagerduty.PagerDutyIncident;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** How plans name times and incidents to operators: {@code 09:41 UTC}, {@code acme#7, globex#2}. */
final class Describe {
    private static final DateTimeFormatter MINUTES =
            DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private Describe() {}

    static String time(Instant instant) {
        return (instant.getEpochSecond() % 60 == 0 ? MINUTES : SECONDS).format(instant);
    }

    static String labels(List<PagerDutyIncident> incidents) {
        return incidents.stream().map(PagerDutyIncident::label).distinct().collect(Collectors.joining(", "));
    }
}
