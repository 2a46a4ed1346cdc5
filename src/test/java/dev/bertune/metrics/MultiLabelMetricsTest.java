package dev.bertune.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultiLabelMetricsTest {

    private static final double EPS = 1e-12;
    private static final List<String> XYZ = List.of("x", "y", "z");

    /**
     * Five reviews, labels x, y, z, thresholds x 0.5, y 0.3, z 0.5:
     * <pre>
     *   #  probabilities      true     predicted  wrong cells
     *   0  0.9  0.4  0.2      x y      x y        0
     *   1  0.6  0.2  0.7      z        x z        1 (x)
     *   2  0.1  0.35 0.1      -        y          1 (y)
     *   3  0.4  0.1  0.8      x        z          2 (x, z)
     *   4  0.2  0.1  0.3      -        -          0
     * </pre>
     */
    private static final float[][] P = {
        {0.9f, 0.4f, 0.2f}, {0.6f, 0.2f, 0.7f}, {0.1f, 0.35f, 0.1f}, {0.4f, 0.1f, 0.8f}, {0.2f, 0.1f, 0.3f},
    };
    private static final boolean[][] Y = {
        {true, true, false}, {false, false, true}, {false, false, false}, {true, false, false},
        {false, false, false},
    };
    private static final double[] THRESHOLDS = {0.5, 0.3, 0.5};

    @Test
    void handWorkedExample() {
        MultiLabelMetrics m = MultiLabelMetrics.compute(XYZ, P, Y, THRESHOLDS, 0.25);
        // x: support 2 (#0, #3), predicted 2 (#0, #1), tp 1 -> P 1/2, R 1/2, F1 2/(2+1+1) = 1/2
        assertReport(m.perLabel().get(0), "x", 0.5, 0.5, 0.5, 2, 2);
        // y: support 1 (#0), predicted 2 (#0, #2), tp 1 -> P 1/2, R 1, F1 2/(2+1+0) = 2/3
        assertReport(m.perLabel().get(1), "y", 0.5, 1.0, 2.0 / 3, 1, 2);
        // z: support 1 (#1), predicted 2 (#1, #3), tp 1 -> P 1/2, R 1, F1 2/3
        assertReport(m.perLabel().get(2), "z", 0.5, 1.0, 2.0 / 3, 1, 2);
        // micro: tp 3, fp 3, fn 1 -> 6 / (6 + 3 + 1)
        assertEquals(0.6, m.microF1(), EPS);
        // macro: (1/2 + 2/3 + 2/3) / 3 = 11/18
        assertEquals(11.0 / 18, m.macroF1(), EPS);
        // exact sets: #0 and #4 (both empty) -> 2 of 5
        assertEquals(2.0 / 5, m.subsetAccuracy(), EPS);
        // 0 + 1 + 1 + 2 + 0 wrong of 5 * 3 cells
        assertEquals(4.0 / 15, m.hammingLoss(), EPS);
        assertEquals(5, m.count());
        assertEquals(0.25, m.loss());
        assertArrayEquals(THRESHOLDS, m.thresholds());
    }

    @Test
    void perLabelAucAndTheirMean() {
        MultiLabelMetrics m = MultiLabelMetrics.compute(XYZ, P, Y, THRESHOLDS, 0);
        // x: positives {0.9, 0.4} vs {0.6, 0.1, 0.2}: 3 + 2 = 5 of 6
        assertEquals(5.0 / 6, m.perLabel().get(0).auc(), EPS);
        // y: positive {0.4} beats all of {0.2, 0.35, 0.1, 0.1}
        assertEquals(1.0, m.perLabel().get(1).auc(), EPS);
        // z: positive {0.7} beats 3 of {0.2, 0.1, 0.8, 0.3}
        assertEquals(0.75, m.perLabel().get(2).auc(), EPS);
        // (5/6 + 1 + 3/4) / 3 = 31/36
        assertEquals(31.0 / 36, m.macroAuc(), EPS);
    }

    @Test
    void thresholdsArePerLabelAndALabelNeverPredictedScoresZero() {
        // one threshold of 0.5 for all: y (0.4 and 0.35 at most) is never predicted
        MultiLabelMetrics m = MultiLabelMetrics.compute(XYZ, P, Y, new double[] {0.5, 0.5, 0.5}, 0);
        ClassReport y = m.perLabel().get(1);
        assertReport(y, "y", 0.0, 0.0, 0.0, 1, 0);
        // the AUC does not depend on thresholds
        assertEquals(1.0, y.auc(), EPS);
        // macro still counts y (it occurs in the truth): (1/2 + 0 + 2/3) / 3 = 7/18
        assertEquals(7.0 / 18, m.macroF1(), EPS);
        // micro: tp 2 (x #0, z #1), fp 2 (x #1, z #3), fn 2 (x #3, y #0) -> 4 / (4 + 2 + 2)
        assertEquals(0.5, m.microF1(), EPS);
        // wrong cells: #0 y, #1 x, #3 x and z -> 4 of 15; exact sets: #2 and #4
        assertEquals(4.0 / 15, m.hammingLoss(), EPS);
        assertEquals(2.0 / 5, m.subsetAccuracy(), EPS);
    }

    @Test
    void thresholdIsInclusive() {
        float[][] p = {{0.5f}, {0.49f}};
        boolean[][] y = {{true}, {true}};
        MultiLabelMetrics m = MultiLabelMetrics.compute(List.of("only"), p, y, new double[] {0.5}, 0);
        assertEquals(1, m.perLabel().get(0).predicted());
        assertEquals(0.5, m.subsetAccuracy(), EPS);
    }

    @Test
    void alwaysPresentLabelHasNaNAucWhichMacroAucIgnores() {
        float[][] p = {{0.8f, 0.9f}, {0.3f, 0.6f}, {0.6f, 0.2f}};
        boolean[][] y = {{true, true}, {false, true}, {false, true}};
        MultiLabelMetrics m = MultiLabelMetrics.compute(List.of("a", "always"), p, y, new double[] {0.5, 0.5}, 0);
        assertTrue(Double.isNaN(m.perLabel().get(1).auc()));
        // a: positive {0.8} beats {0.3, 0.6}
        assertEquals(1.0, m.perLabel().get(0).auc(), EPS);
        assertEquals(1.0, m.macroAuc(), EPS);
        // and with no label defined at all, NaN
        MultiLabelMetrics one = MultiLabelMetrics.compute(List.of("a"), new float[][] {{0.7f}},
                new boolean[][] {{true}}, new double[] {0.5}, 0);
        assertTrue(Double.isNaN(one.macroAuc()));
    }

    @Test
    void labelNeverSeenNorPredictedIsLeftOutOfMacroF1() {
        float[][] p = {{0.9f, 0.1f}, {0.2f, 0.1f}};
        boolean[][] y = {{true, false}, {false, false}};
        MultiLabelMetrics m = MultiLabelMetrics.compute(List.of("a", "never"), p, y, new double[] {0.5, 0.5}, 0);
        assertEquals(1.0, m.macroF1(), EPS); // a alone, F1 1
        assertEquals(1.0, m.microF1(), EPS);
        assertEquals(1.0, m.subsetAccuracy(), EPS);
        assertEquals(0, m.perLabel().get(1).support());
    }

    @Test
    void noExamples() {
        MultiLabelMetrics m = MultiLabelMetrics.compute(XYZ, new float[0][], new boolean[0][], THRESHOLDS, 0);
        assertEquals(0.0, m.microF1());
        assertEquals(0.0, m.macroF1());
        assertEquals(0.0, m.subsetAccuracy());
        assertEquals(0.0, m.hammingLoss());
        assertTrue(Double.isNaN(m.macroAuc()));
    }

    @Test
    void asMapNamesAndDescribe() {
        MultiLabelMetrics m = MultiLabelMetrics.compute(XYZ, P, Y, THRESHOLDS, 0.25);
        Map<String, Double> map = m.asMap();
        assertEquals(MultiLabelMetrics.metricNames(), List.copyOf(map.keySet()));
        assertEquals(List.of("loss", "micro_f1", "macro_f1", "subset_accuracy", "hamming_loss", "macro_auc", "count"),
                MultiLabelMetrics.metricNames());
        assertEquals(0.6, map.get("micro_f1"), EPS);
        assertEquals(4.0 / 15, map.get("hamming_loss"), EPS);
        assertEquals(31.0 / 36, map.get("macro_auc"), EPS);
        assertEquals(5.0, map.get("count"));
        assertEquals("micro-F1 0.6000, macro-F1 0.6111, subset accuracy 0.4000, Hamming loss 0.2667, macro AUC 0.8611,"
                + " loss 0.2500 (5 reviews)", m.describe());
    }

    @Test
    void thresholdsAreCopied() {
        double[] t = THRESHOLDS.clone();
        MultiLabelMetrics m = MultiLabelMetrics.compute(XYZ, P, Y, t, 0);
        t[0] = 0.99;
        m.thresholds()[1] = 0.99;
        assertArrayEquals(THRESHOLDS, m.thresholds());
    }

    @Test
    void rejectsBadInput() {
        float[][] p = {{0.5f, 0.5f}};
        boolean[][] y = {{true, false}};
        double[] t = {0.5, 0.5};
        List<String> ab = List.of("a", "b");
        assertThrows(IllegalArgumentException.class, () -> MultiLabelMetrics.compute(List.of(), p, y, t, 0));
        assertThrows(IllegalArgumentException.class, () -> MultiLabelMetrics.compute(XYZ, p, y, t, 0));
        assertThrows(IllegalArgumentException.class,
                () -> MultiLabelMetrics.compute(ab, p, new boolean[][] {{true}}, t, 0));
        assertThrows(IllegalArgumentException.class, () -> MultiLabelMetrics.compute(ab, p, new boolean[0][], t, 0));
        assertThrows(IllegalArgumentException.class, () -> MultiLabelMetrics.compute(ab, p, y, new double[] {0.5}, 0));
        assertThrows(IllegalArgumentException.class,
                () -> MultiLabelMetrics.compute(ab, p, y, new double[] {0.5, Double.NaN}, 0));
        assertThrows(IllegalArgumentException.class,
                () -> MultiLabelMetrics.compute(ab, new float[][] {{0.5f, Float.NaN}}, y, t, 0));
    }

    private static void assertReport(ClassReport r, String label, double precision, double recall, double f1,
                                     long support, long predicted) {
        assertEquals(label, r.label());
        assertEquals(precision, r.precision(), EPS, label + " precision");
        assertEquals(recall, r.recall(), EPS, label + " recall");
        assertEquals(f1, r.f1(), EPS, label + " f1");
        assertEquals(support, r.support(), label + " support");
        assertEquals(predicted, r.predicted(), label + " predicted");
    }
}
