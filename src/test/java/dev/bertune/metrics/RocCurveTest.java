package dev.bertune.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RocCurveTest {

    @Test
    void knownSmallCurve() {
        List<RocPoint> c = BinaryMetrics.rocCurve(new float[] {0.1f, 0.4f, 0.35f, 0.8f}, new int[] {0, 0, 1, 1});
        assertEquals(List.of(
                new RocPoint(0, 0, Double.POSITIVE_INFINITY),
                new RocPoint(0, 0.5, 0.8f),
                new RocPoint(0.5, 0.5, 0.4f),
                new RocPoint(0.5, 1, 0.35f),
                new RocPoint(1, 1, 0.1f)), c);
        assertEquals(0.75, BinaryMetricsTest.trapezoid(c), 1e-12);
    }

    @Test
    void tiedScoresShareOnePoint() {
        List<RocPoint> c = BinaryMetrics.rocCurve(new float[] {0.5f, 0.5f, 0.2f, 0.8f}, new int[] {1, 0, 0, 1});
        assertEquals(List.of(
                new RocPoint(0, 0, Double.POSITIVE_INFINITY),
                new RocPoint(0, 0.5, 0.8f),
                new RocPoint(0.5, 1, 0.5f),
                new RocPoint(1, 1, 0.2f)), c);
    }

    @Test
    void endpointsMonotonicityAndOnePointPerDistinctThreshold() {
        Random rnd = new Random(7);
        int n = 500;
        float[] p = new float[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextBoolean() ? 1 : 0;
            p[i] = Math.round(rnd.nextFloat() * 50) / 50f;
        }
        long distinct = java.util.stream.IntStream.range(0, n).mapToDouble(i -> p[i]).distinct().count();
        List<RocPoint> c = BinaryMetrics.rocCurve(p, y);
        assertEquals(distinct + 1, c.size());
        RocPoint first = c.get(0), last = c.get(c.size() - 1);
        assertEquals(0.0, first.fpr());
        assertEquals(0.0, first.tpr());
        assertEquals(1.0, last.fpr());
        assertEquals(1.0, last.tpr());
        for (int i = 1; i < c.size(); i++) {
            assertTrue(c.get(i).fpr() >= c.get(i - 1).fpr(), "fpr non-decreasing at " + i);
            assertTrue(c.get(i).tpr() >= c.get(i - 1).tpr(), "tpr non-decreasing at " + i);
            assertTrue(c.get(i).threshold() < c.get(i - 1).threshold(), "thresholds strictly decreasing at " + i);
        }
        assertEquals(BinaryMetrics.auc(p, y), BinaryMetricsTest.trapezoid(c), 1e-9);
    }

    @Test
    void missingClassGivesNaNRates() {
        List<RocPoint> c = BinaryMetrics.rocCurve(new float[] {0.2f, 0.7f}, new int[] {1, 1});
        assertEquals(3, c.size());
        assertTrue(Double.isNaN(c.get(1).fpr()));
        assertEquals(0.5, c.get(1).tpr());
    }
}
