package dev.bertune.data;

import java.util.Collection;

/**
 * Review counts per class.
 *
 * @param negative number of negative reviews
 * @param positive number of positive reviews
 */
public record LabelStats(int negative, int positive) {

    /** Counts the classes of {@code reviews}. */
    public static LabelStats of(Collection<Review> reviews) {
        int pos = 0;
        for (Review r : reviews) {
            if (r.label() == Review.POSITIVE) {
                pos++;
            }
        }
        return new LabelStats(reviews.size() - pos, pos);
    }

    /** All reviews. */
    public int total() {
        return negative + positive;
    }

    /** Share of positive reviews, 0 when there are none at all. */
    public double positiveFraction() {
        return total() == 0 ? 0.0 : (double) positive / total();
    }

    /** A log line such as {@code train: 480 reviews (240 pos / 240 neg)}. */
    public String describe(String name) {
        return name + ": " + total() + (total() == 1 ? " review" : " reviews")
                + " (" + positive + " pos / " + negative + " neg)";
    }
}
