package dev.bertune.data;

import java.util.Objects;

/**
 * One labelled movie review.
 *
 * @param text   the review text, never blank
 * @param label  {@link #NEGATIVE} (0) or {@link #POSITIVE} (1)
 * @param source the file path or resource name it was read from (for folder data: the review's own file)
 * @param line   the 1-based line where the record starts, or 0 when the whole file is the review
 */
public record Review(String text, int label, String source, long line) {

    /** Label of a negative review. */
    public static final int NEGATIVE = 0;
    /** Label of a positive review. */
    public static final int POSITIVE = 1;

    /** Validates the components. */
    public Review {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        if (label != NEGATIVE && label != POSITIVE) {
            throw new IllegalArgumentException("label must be 0 or 1, got " + label);
        }
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0, got " + line);
        }
    }

    /** {@code file:line} (or just the file for whole-file reviews), for messages. */
    public String location() {
        return InvalidDataException.where(source, line);
    }
}
