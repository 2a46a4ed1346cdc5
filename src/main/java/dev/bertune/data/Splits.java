package dev.bertune.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;

/** Splitting reviews into a training part and a held-out (validation) part. */
public final class Splits {

    /**
     * Two disjoint parts of a data set.
     *
     * @param train the reviews to train on
     * @param held  the held-out reviews (validation)
     */
    public record Split(List<Review> train, List<Review> held) {

        /** Copies the lists. */
        public Split {
            train = List.copyOf(train);
            held = List.copyOf(held);
        }
    }

    private Splits() {
    }

    /**
     * Splits each class separately so both parts keep the class balance of {@code all}.
     *
     * <p>Per class, {@code round(n * validationFraction)} reviews are held out, but at least one and
     * at most {@code n - 1} when the class has two or more reviews (a single review goes to train).
     * The result depends only on {@code all} (in its order) and {@code seed}: each class is shuffled
     * with a {@link Random} seeded once, then both parts are shuffled so the classes are mixed. Every
     * review ends up in exactly one part.
     *
     * @throws IllegalArgumentException unless {@code 0 < validationFraction < 1}
     */
    public static Split stratified(List<Review> all, double validationFraction, long seed) {
        Objects.requireNonNull(all, "all");
        if (!(validationFraction > 0.0 && validationFraction < 1.0)) {
            throw new IllegalArgumentException("validation fraction must be between 0 and 1 (exclusive), got "
                    + validationFraction);
        }
        Random random = new Random(seed);
        List<Review> train = new ArrayList<>();
        List<Review> held = new ArrayList<>();
        for (List<Review> cls : byLabel(all).values()) {
            Collections.shuffle(cls, random);
            int h = heldCount(cls.size(), validationFraction);
            held.addAll(cls.subList(0, h));
            train.addAll(cls.subList(h, cls.size()));
        }
        Collections.shuffle(train, random);
        Collections.shuffle(held, random);
        return new Split(train, held);
    }

    /** How many of a class of {@code n} reviews are held out. */
    static int heldCount(int n, double fraction) {
        if (n < 2) {
            return 0;
        }
        long h = Math.round(n * fraction);
        return (int) Math.max(1, Math.min(n - 1, h));
    }

    private static Map<Integer, List<Review>> byLabel(List<Review> all) {
        Map<Integer, List<Review>> groups = new TreeMap<>();
        for (Review r : all) {
            groups.computeIfAbsent(r.label(), k -> new ArrayList<>()).add(r);
        }
        return groups;
    }
}
