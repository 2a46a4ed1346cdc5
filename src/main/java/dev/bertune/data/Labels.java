package dev.bertune.data;

import java.util.Locale;
import java.util.OptionalInt;

/** The label spellings accepted in input data. */
public final class Labels {

    /** Human-readable list of accepted spellings, for error messages. */
    public static final String ACCEPTED = "0/1, neg/pos, negative/positive";

    private Labels() {
    }

    /**
     * Parses a label, trimmed and case-insensitive: {@code 0}, {@code neg}, {@code negative} give
     * {@link Review#NEGATIVE}; {@code 1}, {@code pos}, {@code positive} give {@link Review#POSITIVE}.
     *
     * @return the label, or empty when the spelling is not accepted
     */
    public static OptionalInt parse(String raw) {
        if (raw == null) {
            return OptionalInt.empty();
        }
        switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "0", "neg", "negative":
                return OptionalInt.of(Review.NEGATIVE);
            case "1", "pos", "positive":
                return OptionalInt.of(Review.POSITIVE);
            default:
                return OptionalInt.empty();
        }
    }

    /** Short name of a label: {@code neg} or {@code pos}. */
    public static String name(int label) {
        return label == Review.POSITIVE ? "pos" : "neg";
    }

    /** The reason given for a label that is not accepted. */
    static String unknown(String shown) {
        return "unknown label " + shown + " (accepted: " + ACCEPTED + ")";
    }
}
