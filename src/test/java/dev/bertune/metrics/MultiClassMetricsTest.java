package dev.bertune.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class MultiClassMetricsTest {

    private static final double EPS = 1e-12;
    private static final List<String> ABC = List.of("a", "b", "c");

    /**
     * Eight reviews, three classes. Argmax of each row, and the rank of the true class:
     * <pre>
     *   #  true  scores (a, b, c)   predicted  rank of true
     *   0  a     0.7 0.2 0.1        a          0
     *   1  a     0.6 0.3 0.1        a          0
     *   2  a     0.3 0.5 0.2        b          1
     *   3  b     0.1 0.8 0.1        b          0
     *   4  b     0.2 0.7 0.1        b          0
     *   5  b     0.3 0.4 0.3        b          0
     *   6  c     0.1 0.1 0.8        c          0
     *   7  c     0.5 0.4 0.1        a          2
     * </pre>
     */
    private static final float[][] SCORES = {
        {0.7f, 0.2f, 0.1f}, {0.6f, 0.3f, 0.1f}, {0.3f, 0.5f, 0.2f},
        {0.1f, 0.8f, 0.1f}, {0.2f, 0.7f, 0.1f}, {0.3f, 0.4f, 0.3f},
        {0.1f, 0.1f, 0.8f}, {0.5f, 0.4f, 0.1f},
    };
    private static final int[] TRUTH = {0, 0, 0, 1, 1, 1, 2, 2};

    @Test
    void handWorkedThreeClassExample() {
        MultiClassMetrics m = MultiClassMetrics.compute(ABC, SCORES, TRUTH, 0.42, 2);
        // rows true a, b, c; columns predicted a, b, c
        assertArrayEquals(new long[] {2, 1, 0}, m.confusion()[0]);
        assertArrayEquals(new long[] {0, 3, 0}, m.confusion()[1]);
        assertArrayEquals(new long[] {1, 0, 1}, m.confusion()[2]);
        assertEquals(6.0 / 8, m.accuracy(), EPS); // diagonal 2 + 3 + 1
        assertEquals(7.0 / 8, m.topKAccuracy(), EPS); // only #7 (rank 2) misses the top 2
        assertEquals(8, m.count());
        assertEquals(0.42, m.loss());
        // a: tp 2, predicted 2+0+1 = 3, support 3 -> P 2/3, R 2/3, F1 4/(4+1+1) = 2/3
        assertReport(m.perClass().get(0), "a", 2.0 / 3, 2.0 / 3, 2.0 / 3, 3, 3);
        // b: tp 3, predicted 1+3+0 = 4, support 3 -> P 3/4, R 1, F1 6/(6+1+0) = 6/7
        assertReport(m.perClass().get(1), "b", 3.0 / 4, 1.0, 6.0 / 7, 3, 4);
        // c: tp 1, predicted 1, support 2 -> P 1, R 1/2, F1 2/(2+0+1) = 2/3
        assertReport(m.perClass().get(2), "c", 1.0, 0.5, 2.0 / 3, 2, 1);
        // macro (2/3 + 6/7 + 2/3) / 3 = (46/21) / 3 = 46/63
        assertEquals(46.0 / 63, m.macroF1(), EPS);
        // weighted (3 * 2/3 + 3 * 6/7 + 2 * 2/3) / 8 = (124/21) / 8 = 31/42
        assertEquals(31.0 / 42, m.weightedF1(), EPS);
    }

    @Test
    void perClassAucIsOneVsRestOnThatClassScore() {
        MultiClassMetrics m = MultiClassMetrics.compute(ABC, SCORES, TRUTH, 0, 2);
        // a: positives {0.7, 0.6, 0.3} vs negatives {0.1, 0.2, 0.3, 0.1, 0.5}: 5 + 5 + (3 + tie 0.5) = 13.5 of 15
        assertEquals(13.5 / 15, m.perClass().get(0).auc(), EPS);
        // c: positives {0.8, 0.1} vs negatives {0.1, 0.1, 0.2, 0.1, 0.1, 0.3}: 6 + 4 ties * 0.5 = 8 of 12
        assertEquals(8.0 / 12, m.perClass().get(2).auc(), EPS);
    }

    @Test
    void argmaxTiesGoToTheLowestIndex() {
        float[][] scores = {{0.4f, 0.4f, 0.2f}, {0.1f, 0.45f, 0.45f}, {0.3f, 0.3f, 0.3f}};
        MultiClassMetrics m = MultiClassMetrics.compute(ABC, scores, new int[] {1, 2, 2}, 0, 2);
        // predicted a, b, a: nothing right
        assertEquals(0.0, m.accuracy());
        assertArrayEquals(new long[] {0, 0, 0}, m.confusion()[0]);
        assertArrayEquals(new long[] {1, 0, 0}, m.confusion()[1]);
        assertArrayEquals(new long[] {1, 1, 0}, m.confusion()[2]);
    }

    @Test
    void topKRankCountsEqualScoresWithALowerIndex() {
        List<String> four = List.of("a", "b", "c", "d");
        float[][] tied = {{0.3f, 0.3f, 0.3f, 0.1f}};
        // true c: 0 higher + 2 equal with a lower index (a, b) = rank 2 -> outside the top 2, inside the top 3
        assertEquals(0.0, MultiClassMetrics.compute(four, tied, new int[] {2}, 0, 2).topKAccuracy());
        assertEquals(1.0, MultiClassMetrics.compute(four, tied, new int[] {2}, 0, 3).topKAccuracy());
        // true b: rank 1 -> a top-2 hit though not the prediction (a)
        MultiClassMetrics b = MultiClassMetrics.compute(four, tied, new int[] {1}, 0, 2);
        assertEquals(1.0, b.topKAccuracy());
        assertEquals(0.0, b.accuracy());
        // true d: 3 strictly higher -> rank 3, missed even by the top 3
        assertEquals(0.0, MultiClassMetrics.compute(four, tied, new int[] {3}, 0, 3).topKAccuracy());
        // top-1 is accuracy
        MultiClassMetrics top1 = MultiClassMetrics.compute(ABC, SCORES, TRUTH, 0, 1);
        assertEquals(top1.accuracy(), top1.topKAccuracy(), EPS);
    }

    @Test
    void classNeverPredictedHasF1ZeroAndStaysInTheMacroAverage() {
        // truth a, b, c, a; predicted a, b, a, a
        float[][] scores = {{0.9f, 0.05f, 0.05f}, {0.1f, 0.8f, 0.1f}, {0.5f, 0.2f, 0.3f}, {0.7f, 0.2f, 0.1f}};
        MultiClassMetrics m = MultiClassMetrics.compute(ABC, scores, new int[] {0, 1, 2, 0}, 0, 2);
        // a: tp 2, predicted 3, support 2 -> F1 4/(4+1+0) = 4/5; b: F1 1; c: support 1, never predicted -> 0
        assertReport(m.perClass().get(2), "c", 0.0, 0.0, 0.0, 1, 0);
        assertEquals(0.8, m.perClass().get(0).f1(), EPS);
        assertEquals((0.8 + 1 + 0) / 3, m.macroF1(), EPS);
        // weighted (2 * 4/5 + 1 * 1 + 1 * 0) / 4 = 2.6 / 4
        assertEquals(2.6 / 4, m.weightedF1(), EPS);
    }

    @Test
    void classAbsentAndNeverPredictedIsLeftOutOfTheMacroAverage() {
        // truth a, b, b; predicted a, b, a; c neither occurs nor is predicted
        float[][] scores = {{0.8f, 0.1f, 0.1f}, {0.2f, 0.7f, 0.1f}, {0.6f, 0.3f, 0.1f}};
        MultiClassMetrics m = MultiClassMetrics.compute(ABC, scores, new int[] {0, 1, 1}, 0, 2);
        // a: tp 1, predicted 2, support 1 -> F1 2/(2+1+0) = 2/3; b: tp 1, predicted 1, support 2 -> 2/(2+0+1) = 2/3
        assertEquals(2.0 / 3, m.macroF1(), EPS); // (2/3 + 2/3) / 2, not / 3
        ClassReport c = m.perClass().get(2);
        assertReport(c, "c", 0.0, 0.0, 0.0, 0, 0);
        assertTrue(Double.isNaN(c.auc()), "AUC undefined for a class with no example");
        assertEquals(3, m.perClass().size());
    }

    @Test
    void classAbsentButPredictedCountsInTheMacroAverageWithF1Zero() {
        // truth a, b, a; predicted a, b, c
        float[][] scores = {{0.8f, 0.1f, 0.1f}, {0.2f, 0.7f, 0.1f}, {0.1f, 0.3f, 0.6f}};
        MultiClassMetrics m = MultiClassMetrics.compute(ABC, scores, new int[] {0, 1, 0}, 0, 2);
        // a: tp 1, predicted 1, support 2 -> 2/3; b: 1; c: tp 0, predicted 1, support 0 -> 0
        assertReport(m.perClass().get(2), "c", 0.0, 0.0, 0.0, 0, 1);
        assertEquals((2.0 / 3 + 1 + 0) / 3, m.macroF1(), EPS);
        // weighted (2 * 2/3 + 1 * 1 + 0 * 0) / 3 = 7/9
        assertEquals(7.0 / 9, m.weightedF1(), EPS);
    }

    @Test
    void aucIsNaNForAClassThatIsEveryExample() {
        float[][] scores = {{0.6f, 0.4f}, {0.3f, 0.7f}};
        MultiClassMetrics m = MultiClassMetrics.compute(List.of("x", "y"), scores, new int[] {0, 0}, 0, 1);
        assertTrue(Double.isNaN(m.perClass().get(0).auc()));
        assertTrue(Double.isNaN(m.perClass().get(1).auc()));
    }

    @Test
    void noExamplesGiveZerosNotNaN() {
        MultiClassMetrics m = MultiClassMetrics.compute(ABC, new float[0][], new int[0], Double.NaN, 2);
        assertEquals(0, m.count());
        assertEquals(0.0, m.accuracy());
        assertEquals(0.0, m.topKAccuracy());
        assertEquals(0.0, m.macroF1());
        assertEquals(0.0, m.weightedF1());
        assertEquals(3, m.confusion().length);
    }

    @Test
    void asMapKeysFollowTheTopKRule() {
        MultiClassMetrics m = MultiClassMetrics.compute(ABC, SCORES, TRUTH, 0.42, 2);
        Map<String, Double> map = m.asMap();
        assertEquals(List.of("loss", "accuracy", "macro_f1", "weighted_f1", "top_2_accuracy", "count"),
                List.copyOf(map.keySet()));
        assertEquals(0.42, map.get("loss"));
        assertEquals(0.75, map.get("accuracy"), EPS);
        assertEquals(46.0 / 63, map.get("macro_f1"), EPS);
        assertEquals(31.0 / 42, map.get("weighted_f1"), EPS);
        assertEquals(0.875, map.get("top_2_accuracy"), EPS);
        assertEquals(8.0, map.get("count"));
        List<String> plain = List.of("loss", "accuracy", "macro_f1", "weighted_f1", "count");
        assertEquals(plain, List.copyOf(MultiClassMetrics.compute(ABC, SCORES, TRUTH, 0, 1).asMap().keySet()));
        assertEquals(plain, List.copyOf(MultiClassMetrics.compute(ABC, SCORES, TRUTH, 0, 3).asMap().keySet()));
    }

    @Test
    void metricNamesMatchAsMap() {
        for (int k = 1; k <= 4; k++) {
            MultiClassMetrics m = MultiClassMetrics.compute(ABC, SCORES, TRUTH, 0, k);
            assertEquals(List.copyOf(m.asMap().keySet()), MultiClassMetrics.metricNames(3, k), "topK " + k);
        }
        assertEquals(List.of("loss", "accuracy", "macro_f1", "weighted_f1", "top_5_accuracy", "count"),
                MultiClassMetrics.metricNames(28, 5));
        assertThrows(IllegalArgumentException.class, () -> MultiClassMetrics.metricNames(1, 1));
        assertThrows(IllegalArgumentException.class, () -> MultiClassMetrics.metricNames(3, 0));
    }

    @Test
    void describeIsOneLine() {
        assertEquals("accuracy 0.7500, macro-F1 0.7302, weighted-F1 0.7381, top-2 accuracy 0.8750, loss 0.4200"
                + " (8 reviews)", MultiClassMetrics.compute(ABC, SCORES, TRUTH, 0.42, 2).describe());
        assertEquals("accuracy 0.7500, macro-F1 0.7302, weighted-F1 0.7381, loss 0.4200 (8 reviews)",
                MultiClassMetrics.compute(ABC, SCORES, TRUTH, 0.42, 3).describe());
    }

    @Test
    void recordIsACopyOfItsInputs() {
        float[][] scores = Arrays.stream(SCORES).map(float[]::clone).toArray(float[][]::new);
        MultiClassMetrics m = MultiClassMetrics.compute(ABC, scores, TRUTH, 0, 2);
        m.confusion()[0][0] = 99;
        assertEquals(2, m.confusion()[0][0]);
        assertThrows(UnsupportedOperationException.class, () -> m.perClass().clear());
    }

    @Test
    void rejectsBadInput() {
        int[] one = {0};
        float[][] row = {{0.5f, 0.3f, 0.2f}};
        assertBad(() -> MultiClassMetrics.compute(List.of("a"), new float[][] {{1f}}, one, 0, 1)); // K < 2
        assertBad(() -> MultiClassMetrics.compute(List.of("a", "b"), row, one, 0, 1)); // row of 3 for K = 2
        assertBad(() -> MultiClassMetrics.compute(ABC, row, new int[] {0, 1}, 0, 1)); // lengths differ
        assertBad(() -> MultiClassMetrics.compute(ABC, row, new int[] {3}, 0, 1)); // index out of range
        assertBad(() -> MultiClassMetrics.compute(ABC, row, new int[] {-1}, 0, 1));
        assertBad(() -> MultiClassMetrics.compute(ABC, new float[][] {{0.5f, Float.NaN, 0.2f}}, one, 0, 1));
        assertBad(() -> MultiClassMetrics.compute(ABC, new float[][] {{Float.POSITIVE_INFINITY, 0, 0}}, one, 0, 1));
        assertBad(() -> MultiClassMetrics.compute(ABC, new float[][] {null}, one, 0, 1));
        assertBad(() -> MultiClassMetrics.compute(ABC, row, one, 0, 0)); // topK < 1
        assertBad(() -> MultiClassMetrics.compute(List.of("a", "b", "a"), row, one, 0, 1)); // repeated name
        assertBad(() -> MultiClassMetrics.compute(ABC, null, one, 0, 1));
        assertBad(() -> MultiClassMetrics.compute(ABC, row, null, 0, 1));
    }

    private static void assertBad(Executable call) {
        assertThrows(IllegalArgumentException.class, call);
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
