package dev.bertune.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryMetricsTest {

    private static final double EPS = 1e-12;

    @Test
    void perfectClassifier() {
        BinaryMetrics m = BinaryMetrics.compute(new float[] {0.1f, 0.2f, 0.8f, 0.9f}, new int[] {0, 0, 1, 1}, 0.05, 0.5);
        assertEquals(1.0, m.auc(), EPS);
        assertEquals(1.0, m.accuracy(), EPS);
        assertEquals(1.0, m.precision(), EPS);
        assertEquals(1.0, m.recall(), EPS);
        assertEquals(1.0, m.f1(), EPS);
        assertEquals(0.05, m.loss(), EPS);
        assertEquals(4, m.count());
        assertEquals(2, m.truePositives());
        assertEquals(2, m.trueNegatives());
        assertEquals(0, m.falsePositives());
        assertEquals(0, m.falseNegatives());
    }

    @Test
    void reversedClassifier() {
        BinaryMetrics m = BinaryMetrics.compute(new float[] {0.1f, 0.2f, 0.8f, 0.9f}, new int[] {1, 1, 0, 0}, 2.0, 0.5);
        assertEquals(0.0, m.auc(), EPS);
        assertEquals(0.0, m.accuracy(), EPS);
        assertEquals(0.0, m.precision(), EPS);
        assertEquals(0.0, m.recall(), EPS);
        assertEquals(0.0, m.f1(), EPS);
        assertEquals(0, m.truePositives());
        assertEquals(2, m.falsePositives());
        assertEquals(0, m.trueNegatives());
        assertEquals(2, m.falseNegatives());
    }

    @Test
    void handComputedConfusionPrecisionRecallF1AndAuc() {
        float[] p = {0.9f, 0.8f, 0.6f, 0.4f, 0.3f, 0.7f, 0.2f};
        int[] y = {1, 1, 0, 1, 0, 0, 0};
        BinaryMetrics m = BinaryMetrics.compute(p, y, 0.4, 0.5);
        assertEquals(2, m.truePositives());
        assertEquals(2, m.falsePositives());
        assertEquals(2, m.trueNegatives());
        assertEquals(1, m.falseNegatives());
        assertEquals(7, m.count());
        assertEquals(4.0 / 7, m.accuracy(), EPS);
        assertEquals(0.5, m.precision(), EPS);
        assertEquals(2.0 / 3, m.recall(), EPS);
        assertEquals(2 * 0.5 * (2.0 / 3) / (0.5 + 2.0 / 3), m.f1(), EPS);
        // positives {0.9, 0.8, 0.4} vs negatives {0.6, 0.3, 0.7, 0.2}: 4 + 4 + 2 wins of 12 pairs
        assertEquals(10.0 / 12, m.auc(), EPS);
    }

    @Test
    void thresholdIsInclusiveAndConfigurable() {
        float[] p = {0.5f, 0.5f, 0.3f};
        int[] y = {1, 0, 0};
        BinaryMetrics m = BinaryMetrics.compute(p, y, 0, 0.5);
        assertEquals(1, m.truePositives());
        assertEquals(1, m.falsePositives());
        BinaryMetrics high = BinaryMetrics.compute(p, y, 0, 0.6);
        assertEquals(0, high.truePositives());
        assertEquals(0, high.falsePositives());
        assertEquals(2.0 / 3, high.accuracy(), EPS);
        BinaryMetrics low = BinaryMetrics.compute(p, y, 0, 0.2);
        assertEquals(2, low.falsePositives());
    }

    @Test
    void tiesCountHalf() {
        // positives {0.5, 0.8}, negatives {0.5, 0.2}: pairs 0.5 (tie) + 1 + 1 + 1 = 3.5 of 4
        assertEquals(0.875, BinaryMetrics.auc(new float[] {0.5f, 0.5f, 0.2f, 0.8f}, new int[] {1, 0, 0, 1}), EPS);
        // all scores equal: a coin flip
        assertEquals(0.5, BinaryMetrics.auc(new float[] {0.3f, 0.3f, 0.3f, 0.3f, 0.3f}, new int[] {1, 0, 0, 1, 0}),
                EPS);
    }

    @Test
    void undefinedPrecisionRecallF1AreZeroNotNaN() {
        // nothing predicted positive, no positives present
        BinaryMetrics m = BinaryMetrics.compute(new float[] {0.1f, 0.2f}, new int[] {0, 0}, 0.1, 0.5);
        assertEquals(0.0, m.precision());
        assertEquals(0.0, m.recall());
        assertEquals(0.0, m.f1());
        assertEquals(1.0, m.accuracy(), EPS);
        assertTrue(Double.isNaN(m.auc()), "AUC undefined with one class");
        // only positives
        assertTrue(Double.isNaN(BinaryMetrics.compute(new float[] {0.9f}, new int[] {1}, 0, 0.5).auc()));
        // empty
        BinaryMetrics empty = BinaryMetrics.compute(new float[0], new int[0], Double.NaN, 0.5);
        assertEquals(0, empty.count());
        assertEquals(0.0, empty.accuracy());
        assertEquals(0.0, empty.f1());
        assertTrue(Double.isNaN(empty.auc()));
    }

    @Test
    void aucMatchesBruteForcePairCountingWithManyTies() {
        Random rnd = new Random(42);
        int n = 400;
        float[] p = new float[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextInt(3) == 0 ? 1 : 0;
            // coarse quantisation creates lots of ties; positives skew higher
            p[i] = Math.round((rnd.nextFloat() * 0.7f + 0.3f * y[i]) * 10) / 10f;
        }
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (y[i] == 1 && y[j] == 0) {
                    pairs++;
                    wins += p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0;
                }
            }
        }
        double expected = wins / pairs;
        assertEquals(expected, BinaryMetrics.auc(p, y), 1e-12);
        assertEquals(expected, BinaryMetrics.compute(p, y, 0, 0.5).auc(), 1e-12);
        // and the trapezoidal area under the ROC curve agrees (ties are diagonal segments)
        assertEquals(expected, trapezoid(BinaryMetrics.rocCurve(p, y)), 1e-9);
    }

    @Test
    void asMapHasOrderedKeys() {
        BinaryMetrics m = BinaryMetrics.compute(new float[] {0.1f, 0.9f, 0.7f}, new int[] {0, 1, 0}, 0.25, 0.5);
        Map<String, Double> map = m.asMap();
        assertEquals(List.of("loss", "accuracy", "precision", "recall", "f1", "auc", "count"),
                List.copyOf(map.keySet()));
        assertEquals(0.25, map.get("loss"));
        assertEquals(2.0 / 3, map.get("accuracy"), EPS);
        assertEquals(0.5, map.get("precision"), EPS);
        assertEquals(1.0, map.get("recall"), EPS);
        assertEquals(2.0 / 3, map.get("f1"), EPS);
        assertEquals(1.0, map.get("auc"), EPS);
        assertEquals(3.0, map.get("count"));
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class,
                () -> BinaryMetrics.compute(new float[] {0.1f}, new int[] {0, 1}, 0, 0.5));
        assertThrows(IllegalArgumentException.class,
                () -> BinaryMetrics.compute(new float[] {0.1f}, new int[] {2}, 0, 0.5));
        assertThrows(IllegalArgumentException.class,
                () -> BinaryMetrics.compute(new float[] {Float.NaN}, new int[] {1}, 0, 0.5));
    }

    static double trapezoid(List<RocPoint> curve) {
        double area = 0;
        for (int i = 1; i < curve.size(); i++) {
            RocPoint a = curve.get(i - 1), b = curve.get(i);
            area += (b.fpr() - a.fpr()) * (a.tpr() + b.tpr()) / 2;
        }
        return area;
    }
}
