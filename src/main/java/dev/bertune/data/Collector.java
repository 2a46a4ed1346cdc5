package dev.bertune.data;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** Gathers valid reviews and applies the {@link OnInvalid} policy to malformed rows. */
final class Collector {

    private final OnInvalid policy;
    private final List<Review> reviews = new ArrayList<>();
    private final List<String> examples = new ArrayList<>();
    private int skipped;

    Collector(OnInvalid policy) {
        this.policy = policy;
    }

    /** Adds a review whose label is still a string, rejecting empty text or an unknown label. */
    void accept(String source, long line, String text, String rawLabel) {
        OptionalInt label = Labels.parse(rawLabel);
        if (isEmpty(text)) {
            reject(source, line, "empty text");
        } else if (label.isEmpty()) {
            reject(source, line, Labels.unknown("'" + rawLabel + "'"));
        } else {
            reviews.add(new Review(text, label.getAsInt(), source, line));
        }
    }

    /** Adds a review with a parsed label, rejecting empty text. */
    void accept(String source, long line, String text, int label) {
        if (isEmpty(text)) {
            reject(source, line, "empty text");
        } else {
            reviews.add(new Review(text, label, source, line));
        }
    }

    /** A malformed row: throws with {@link OnInvalid#FAIL}, else counts it. */
    void reject(String source, long line, String reason) {
        InvalidDataException e = new InvalidDataException(source, line, reason);
        if (policy == OnInvalid.FAIL) {
            throw e;
        }
        skipped++;
        if (examples.size() < ReadResult.MAX_EXAMPLES) {
            examples.add(e.getMessage());
        }
    }

    /**
     * The result; fails when no review was valid.
     *
     * @param location the source location, named in the error
     * @param expected what valid input would have looked like
     */
    ReadResult finish(String location, String expected) {
        if (reviews.isEmpty()) {
            String why = skipped == 0 ? "no reviews found"
                    : "no valid reviews: all " + skipped + " rows were invalid (first: " + examples.get(0) + ")";
            throw new InvalidDataException(location, why + "; expected " + expected);
        }
        return new ReadResult(reviews, skipped, examples);
    }

    private static boolean isEmpty(String text) {
        return text == null || text.isBlank();
    }
}
