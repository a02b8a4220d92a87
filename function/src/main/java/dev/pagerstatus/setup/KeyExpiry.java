package dev.pagerstatus.setup;

import dev.pagerstatus.config.ConfigException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** A Statuspage key's expiry date as recorded: {@code 2027-03-01}. Statuspage's API does not report it. */
public final class KeyExpiry {
    private KeyExpiry() {}

    public static LocalDate parse(String text) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new ConfigException(
                    "the Statuspage key's expiry '" + text.strip() + "' is not a date like 2027-03-01");
        }
    }
}
