package dev.bertune.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary-classification metrics for one evaluation pass.
 *
 * <p>Conventions: an example is predicted positive when {@code probability >= threshold}. Precision, recall and
 * F1 are 0 (not NaN) when their denominator is 0; accuracy is 0 when there are no examples. {@code auc} is the exact
 * ROC-AUC (Mann-Whitney U with average ranks for ties) and is NaN when only one class (or none) is present.
 * {@code loss} is whatever mean loss the caller supplied (it is not recomputed here).
 */
public record BinaryMetrics(double loss, double accuracy, double precision, double recall, double f1, double auc,
                            long count, long truePositives, long falsePositives, long trueNegatives,
                            long falseNegatives) implements TaskMetrics {

    /** The names of {@link #asMap()}, in its order. */
    public static final List<String> NAMES = List.of("loss", "accuracy", "precision", "recall", "f1", "auc", "count");

    /** Default decision threshold. */
    public static final double DEFAULT_THRESHOLD = 0.5;

    /**
     * Computes all metrics.
     *
     * @param probabilities predicted probability of the positive class, one per example (finite values)
     * @param labels        true labels, each 0 or 1
     * @param meanLoss      mean loss over the examples, reported as-is
     * @param threshold     decision threshold ({@code p >= threshold} means positive)
     */
    public static BinaryMetrics compute(float[] probabilities, int[] labels, double meanLoss, double threshold) {
        validate(probabilities, labels);
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < probabilities.length; i++) {
            boolean predictedPositive = probabilities[i] >= threshold;
            if (labels[i] == 1) {
                if (predictedPositive) tp++; else fn++;
            } else {
                if (predictedPositive) fp++; else tn++;
            }
        }
        long n = probabilities.length;
        double accuracy = safeDiv(tp + tn, n);
        double precision = safeDiv(tp, tp + fp);
        double recall = safeDiv(tp, tp + fn);
        double f1 = safeDiv(2.0 * tp, 2.0 * tp + fp + fn); // == 2PR/(P+R), 0 when undefined
        double auc = auc(probabilities, labels);
        return new BinaryMetrics(meanLoss, accuracy, precision, recall, f1, auc, n, tp, fp, tn, fn);
    }

    /** {@link #compute(float[], int[], double, double)} with threshold 0.5. */
    public static BinaryMetrics compute(float[] probabilities, int[] labels, double meanLoss) {
        return compute(probabilities, labels, meanLoss, DEFAULT_THRESHOLD);
    }

    /**
     * Exact ROC-AUC via the Mann-Whitney U statistic: the probability that a random positive scores higher than a
     * random negative, ties counting one half. NaN when there are no positives or no negatives.
     */
    public static double auc(float[] probabilities, int[] labels) {
        validate(probabilities, labels);
        Sorted s = Sorted.of(probabilities, labels);
        long nPos = s.positives(), nNeg = s.length() - nPos;
        if (nPos == 0 || nNeg == 0) {
            return Double.NaN;
        }
        // Sum of (1-based, tie-averaged) ranks of the positives, scores ascending.
        double positiveRankSum = 0;
        int i = 0;
        while (i < s.length()) {
            int j = i;
            long positivesInGroup = 0;
            while (j < s.length() && s.score(j) == s.score(i)) {
                positivesInGroup += s.label(j);
                j++;
            }
            double averageRank = (i + 1 + j) / 2.0; // mean of ranks i+1 .. j
            positiveRankSum += averageRank * positivesInGroup;
            i = j;
        }
        double u = positiveRankSum - nPos * (nPos + 1) / 2.0;
        return u / ((double) nPos * nNeg);
    }

    /**
     * ROC curve, from (0,0) at threshold {@code +Infinity} to (1,1) at the lowest score, with one point per distinct
     * probability (thresholds strictly decreasing, fpr and tpr non-decreasing). If a class is absent its rate is NaN
     * on every point (the curve is undefined); an empty input gives only the initial point, with NaN rates.
     */
    public static List<RocPoint> rocCurve(float[] probabilities, int[] labels) {
        validate(probabilities, labels);
        Sorted s = Sorted.of(probabilities, labels);
        long nPos = s.positives(), nNeg = s.length() - nPos;
        List<RocPoint> points = new ArrayList<>();
        points.add(new RocPoint(rate(0, nNeg), rate(0, nPos), Double.POSITIVE_INFINITY));
        long tp = 0, fp = 0;
        int i = s.length() - 1; // walk scores descending
        while (i >= 0) {
            float score = s.score(i);
            while (i >= 0 && s.score(i) == score) {
                if (s.label(i) == 1) tp++; else fp++;
                i--;
            }
            points.add(new RocPoint(rate(fp, nNeg), rate(tp, nPos), score));
        }
        return Collections.unmodifiableList(points);
    }

    /** Metrics as an ordered map: loss, accuracy, precision, recall, f1, auc, count. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", loss);
        m.put("accuracy", accuracy);
        m.put("precision", precision);
        m.put("recall", recall);
        m.put("f1", f1);
        m.put("auc", auc);
        m.put("count", (double) count);
        return m;
    }

    /** One line: {@code accuracy 0.8667, precision ..., loss 0.3412 (120 reviews)}. */
    @Override
    public String describe() {
        return String.format(java.util.Locale.ROOT,
                "accuracy %.4f, precision %.4f, recall %.4f, f1 %.4f, auc %.4f, loss %.4f (%d reviews)",
                accuracy, precision, recall, f1, auc, loss, count);
    }

    private static double safeDiv(double num, double den) {
        return den == 0 ? 0.0 : num / den;
    }

    private static double rate(long k, long total) {
        return total == 0 ? Double.NaN : (double) k / total;
    }

    static void validate(float[] probabilities, int[] labels) {
        if (probabilities == null || labels == null) {
            throw new IllegalArgumentException("probabilities and labels must not be null");
        }
        if (probabilities.length != labels.length) {
            throw new IllegalArgumentException("length mismatch: " + probabilities.length + " probabilities vs "
                    + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("label at " + i + " is " + labels[i] + ", expected 0 or 1");
            }
            if (!Float.isFinite(probabilities[i])) {
                throw new IllegalArgumentException("probability at " + i + " is " + probabilities[i]);
            }
        }
    }

    /**
     * Scores sorted ascending together with their labels. Each (score, label) pair is packed in one long
     * (order-preserving int image of the float, shifted left, label in the low bit) so a primitive sort suffices.
     */
    private record Sorted(long[] keys, long positives) {
        static Sorted of(float[] probabilities, int[] labels) {
            long[] keys = new long[probabilities.length];
            long positives = 0;
            for (int i = 0; i < keys.length; i++) {
                int bits = Float.floatToIntBits(probabilities[i] + 0.0f); // + 0.0f folds -0.0 into 0.0
                int sortable = bits >= 0 ? bits : bits ^ Integer.MAX_VALUE; // monotone in the float value
                keys[i] = ((long) sortable << 1) | labels[i];
                positives += labels[i];
            }
            Arrays.sort(keys);
            return new Sorted(keys, positives);
        }

        int length() {
            return keys.length;
        }

        float score(int i) {
            int sortable = (int) (keys[i] >> 1);
            int bits = sortable >= 0 ? sortable : sortable ^ Integer.MAX_VALUE;
            return Float.intBitsToFloat(bits);
        }

        int label(int i) {
            return (int) (keys[i] & 1L);
        }
    }
}
