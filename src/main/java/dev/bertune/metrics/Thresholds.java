package dev.bertune.metrics;

import java.util.Arrays;

/**
 * Decision thresholds tuned on held-out data: per label, the threshold that maximises F1.
 *
 * <p>An example is predicted positive when {@code probability >= threshold}. The candidates are the midpoints
 * between consecutive distinct probabilities, plus the fallback; the one with the highest F1 wins, ties going to the
 * candidate closest to the fallback (and, at equal distance, to the lower one). Each label costs one sort and one
 * sweep, O(N log N).
 */
public final class Thresholds {

    private Thresholds() {
    }

    /**
     * The threshold that maximises this label's F1 on {@code (probabilities, truth)}; {@code fallback} when the
     * label has no positive example or is positive everywhere.
     *
     * @param probabilities predicted probability of the label, one per example (finite values)
     * @param truth         whether each example carries the label
     * @param fallback      the threshold to keep without evidence, and the tie-breaking anchor (not NaN)
     */
    public static double bestF1(float[] probabilities, boolean[] truth, double fallback) {
        validate(probabilities, truth, fallback);
        Split s = Split.of(probabilities, truth);
        int totalPositives = s.positives().length;
        if (totalPositives == 0 || s.negatives().length == 0) {
            return fallback;
        }
        double best = fallback;
        double bestF1 = f1(countAtLeast(s.positives(), fallback), countAtLeast(s.negatives(), fallback),
                totalPositives);
        // Sweep the distinct values downwards; after a group, everything >= its value is predicted positive,
        // which is what the midpoint between it and the next lower value predicts.
        int p = s.positives().length - 1;
        int q = s.negatives().length - 1;
        while (p >= 0 || q >= 0) {
            float value = Math.max(top(s.positives(), p), top(s.negatives(), q));
            while (p >= 0 && s.positives()[p] == value) {
                p--;
            }
            while (q >= 0 && s.negatives()[q] == value) {
                q--;
            }
            if (p < 0 && q < 0) {
                break; // no lower value: no midpoint below this one
            }
            double candidate = ((double) value + Math.max(top(s.positives(), p), top(s.negatives(), q))) / 2;
            double f1 = f1(s.positives().length - 1 - p, s.negatives().length - 1 - q, totalPositives);
            if (better(f1, candidate, bestF1, best, fallback)) {
                best = candidate;
                bestF1 = f1;
            }
        }
        return best;
    }

    /**
     * {@link #bestF1(float[], boolean[], double)} per column k of {@code [N][K]} matrices; an input with no rows
     * gives an empty array (its width is unknown).
     */
    public static double[] bestF1(float[][] probabilities, boolean[][] truth, double fallback) {
        if (probabilities == null || truth == null || probabilities.length != truth.length) {
            throw new IllegalArgumentException("probabilities and truth must have as many rows");
        }
        if (probabilities.length == 0) {
            return new double[0];
        }
        int k = probabilities[0] == null ? 0 : probabilities[0].length;
        Reports.checkScores(probabilities, k, "probabilities");
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == null || truth[i].length != k) {
                throw new IllegalArgumentException("truth row " + i + " does not have " + k + " values");
            }
        }
        double[] thresholds = new double[k];
        for (int j = 0; j < k; j++) {
            boolean[] column = new boolean[truth.length];
            for (int i = 0; i < truth.length; i++) {
                column[i] = truth[i][j];
            }
            thresholds[j] = bestF1(Reports.column(probabilities, j), column, fallback);
        }
        return thresholds;
    }

    /** F1 when {@code tp} of the positives and {@code fp} negatives are predicted positive: 2tp / (tp + fp + P). */
    static double f1(long tp, long fp, long totalPositives) {
        return ClassReport.safeDiv(2.0 * tp, (double) tp + fp + totalPositives);
    }

    /** Whether (f1, candidate) beats the best so far: higher F1, else closer to fallback, else lower. */
    private static boolean better(double f1, double candidate, double bestF1, double best, double fallback) {
        if (f1 != bestF1) {
            return f1 > bestF1;
        }
        double distance = Math.abs(candidate - fallback);
        double bestDistance = Math.abs(best - fallback);
        return distance != bestDistance ? distance < bestDistance : candidate < best;
    }

    /** The value at index i of an ascending array, or negative infinity below its start. */
    private static float top(float[] ascending, int i) {
        return i >= 0 ? ascending[i] : Float.NEGATIVE_INFINITY;
    }

    private static long countAtLeast(float[] values, double threshold) {
        long n = 0;
        for (float v : values) {
            if (v >= threshold) {
                n++;
            }
        }
        return n;
    }

    private static void validate(float[] probabilities, boolean[] truth, double fallback) {
        if (probabilities == null || truth == null || probabilities.length != truth.length) {
            throw new IllegalArgumentException("probabilities and truth must be non-null and as long");
        }
        if (Double.isNaN(fallback)) {
            throw new IllegalArgumentException("fallback threshold is NaN");
        }
        for (int i = 0; i < probabilities.length; i++) {
            if (!Float.isFinite(probabilities[i])) {
                throw new IllegalArgumentException("probability at " + i + " is " + probabilities[i]);
            }
        }
    }

    /** The probabilities of the positive and of the negative examples, each sorted ascending. */
    private record Split(float[] positives, float[] negatives) {
        static Split of(float[] probabilities, boolean[] truth) {
            int nPos = 0;
            for (boolean t : truth) {
                nPos += t ? 1 : 0;
            }
            float[] pos = new float[nPos];
            float[] neg = new float[truth.length - nPos];
            int a = 0;
            int b = 0;
            for (int i = 0; i < truth.length; i++) {
                float v = probabilities[i] + 0.0f; // folds -0.0 into 0.0
                if (truth[i]) {
                    pos[a++] = v;
                } else {
                    neg[b++] = v;
                }
            }
            Arrays.sort(pos);
            Arrays.sort(neg);
            return new Split(pos, neg);
        }
    }
}
