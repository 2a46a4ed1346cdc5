package dev.bertune.data;

import java.util.List;

/**
 * The outcome of reading a data source.
 *
 * @param reviews          the valid reviews, in file order
 * @param skipped          how many malformed rows were left out (always 0 with {@link OnInvalid#FAIL})
 * @param skippedExamples  the first {@value #MAX_EXAMPLES} skipped rows as {@code file:line: reason}
 * @param warnings         what was left out that is not a row (e.g. a folder's ignored sub-folders)
 */
public record ReadResult(List<Review> reviews, int skipped, List<String> skippedExamples, List<String> warnings) {

    /** How many skipped rows are kept as examples. */
    public static final int MAX_EXAMPLES = 10;

    /** Copies the lists. */
    public ReadResult {
        reviews = List.copyOf(reviews);
        skippedExamples = List.copyOf(skippedExamples);
        warnings = List.copyOf(warnings);
    }

    /** Without warnings. */
    public ReadResult(List<Review> reviews, int skipped, List<String> skippedExamples) {
        this(reviews, skipped, skippedExamples, List.of());
    }

    /** A copy with {@code more} warnings. */
    public ReadResult withWarnings(List<String> more) {
        List<String> all = new java.util.ArrayList<>(warnings);
        all.addAll(more);
        return new ReadResult(reviews, skipped, skippedExamples, all);
    }

    /**
     * A log line about skipped rows, e.g. {@code skipped 2 invalid rows: a.tsv:3: empty text; ...},
     * or an empty string when nothing was skipped.
     */
    public String skippedSummary() {
        if (skipped == 0) {
            return "";
        }
        String more = skipped > skippedExamples.size() ? "; ..." : "";
        return "skipped " + skipped + " invalid row" + (skipped == 1 ? "" : "s") + ": "
                + String.join("; ", skippedExamples) + more;
    }
}
