package dev.bertune.metrics;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Helpers shared by {@link MultiClassMetrics} and {@link MultiLabelMetrics}. */
final class Reports {

    private Reports() {
    }

    /**
     * Mean F1 over the classes that occur in the truth or in the predictions (scikit-learn's default label set);
     * 0 when there is none.
     */
    static double macroF1(List<ClassReport> reports) {
        double sum = 0;
        int n = 0;
        for (ClassReport r : reports) {
            if (r.seen()) {
                sum += r.f1();
                n++;
            }
        }
        return n == 0 ? 0.0 : sum / n;
    }

    /** Column {@code k} of a row-major matrix. */
    static float[] column(float[][] matrix, int k) {
        float[] column = new float[matrix.length];
        for (int i = 0; i < matrix.length; i++) {
            column[i] = matrix[i][k];
        }
        return column;
    }

    /** Rejects a null label list, one with fewer than {@code min} names, a null name or a repeated name. */
    static void checkLabels(List<String> labels, int min) {
        if (labels == null || labels.size() < min) {
            throw new IllegalArgumentException("need at least " + min + " label name(s), got "
                    + (labels == null ? "none" : labels.size()));
        }
        Set<String> seen = new HashSet<>();
        for (String label : labels) {
            if (label == null) {
                throw new IllegalArgumentException("label names must not be null");
            }
            if (!seen.add(label)) {
                throw new IllegalArgumentException("label name repeated: " + label);
            }
        }
    }

    /**
     * Rejects a null matrix or one whose rows are null, not {@code width} long, or (for scores) not finite.
     *
     * @param what name of the matrix in messages
     */
    static void checkScores(float[][] matrix, int width, String what) {
        if (matrix == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        for (int i = 0; i < matrix.length; i++) {
            float[] row = matrix[i];
            if (row == null || row.length != width) {
                throw new IllegalArgumentException(what + " row " + i + " has "
                        + (row == null ? "no" : row.length) + " values, expected " + width);
            }
            for (int k = 0; k < width; k++) {
                if (!Float.isFinite(row[k])) {
                    throw new IllegalArgumentException(what + " at [" + i + "][" + k + "] is " + row[k]);
                }
            }
        }
    }

    /** A figure with four decimals, or {@code n/a} when it is NaN. */
    static String figure(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
    }
}
