package dev.bertune.data;

import dev.bertune.BertuneException;
import java.util.Arrays;
import java.util.Locale;

/** What to do with a malformed row in the input data. */
public enum OnInvalid {
    /** Stop with an {@link InvalidDataException} naming the file, line and reason. */
    FAIL,
    /** Leave the row out, count it and report where it was. */
    SKIP;

    /** Parses {@code fail}/{@code skip} case-insensitively (for config files and options). */
    public static OnInvalid parse(String value) {
        String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        for (OnInvalid o : values()) {
            if (o.name().equals(v)) {
                return o;
            }
        }
        throw new BertuneException("invalid value '" + value + "' for on-invalid; expected one of "
                + Arrays.toString(values()).toLowerCase(Locale.ROOT));
    }
}
