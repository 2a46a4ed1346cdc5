package dev.bertune.data;

import dev.bertune.BertuneException;
import java.util.Objects;

/**
 * How to read a data source.
 *
 * @param textColumn  the column (TSV/CSV header) or key (JSON Lines) holding the review text
 * @param labelColumn the column or key holding the label
 * @param onInvalid   whether a malformed row stops the read or is skipped
 */
public record DataOptions(String textColumn, String labelColumn, OnInvalid onInvalid) {

    /** Default text column name. */
    public static final String DEFAULT_TEXT_COLUMN = "text";
    /** Default label column name. */
    public static final String DEFAULT_LABEL_COLUMN = "label";

    /** Validates and trims the column names. */
    public DataOptions {
        Objects.requireNonNull(onInvalid, "onInvalid");
        textColumn = requireName(textColumn, "text column");
        labelColumn = requireName(labelColumn, "label column");
        if (textColumn.equalsIgnoreCase(labelColumn)) {
            throw new BertuneException("text column and label column must differ, both are '" + textColumn + "'");
        }
    }

    /** Columns {@code text} and {@code label}, failing on the first malformed row. */
    public static DataOptions defaults() {
        return new DataOptions(DEFAULT_TEXT_COLUMN, DEFAULT_LABEL_COLUMN, OnInvalid.FAIL);
    }

    /** A copy with other column names. */
    public DataOptions withColumns(String text, String label) {
        return new DataOptions(text, label, onInvalid);
    }

    /** A copy with another malformed-row policy. */
    public DataOptions withOnInvalid(OnInvalid policy) {
        return new DataOptions(textColumn, labelColumn, policy);
    }

    private static String requireName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new BertuneException(what + " name must not be empty");
        }
        return name.trim();
    }
}
