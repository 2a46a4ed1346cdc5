package dev.bertune.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamingMetricsTest {

    @Test
    void batchesWithPaddingEqualOneShot() {
        Random rnd = new Random(3);
        int n = 2500; // crosses the initial buffer capacity
        float[] p = new float[n];
        int[] y = new int[n];
        float[] loss = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextInt(2);
            p[i] = Math.round(rnd.nextFloat() * 100) / 100f;
            loss[i] = rnd.nextFloat();
        }
        StreamingMetrics perExample = new StreamingMetrics();
        StreamingMetrics batchSums = new StreamingMetrics();
        int batch = 32;
        for (int start = 0; start < n; start += batch) {
            int real = Math.min(batch, n - start);
            // fixed-size batch arrays whose tail is padding garbage, as with a padded final batch
            float[] bp = new float[batch];
            float[] by = new float[batch];
            float[] bl = new float[batch];
            Arrays.fill(bp, 0.99f);
            Arrays.fill(by, 1f);
            Arrays.fill(bl, 1000f);
            double sum = 0;
            for (int i = 0; i < real; i++) {
                bp[i] = p[start + i];
                by[i] = y[start + i];
                bl[i] = loss[start + i];
                sum += loss[start + i];
            }
            perExample.add(bp, by, bl, real);
            batchSums.add(bp, by, sum, real);
        }
        double meanLoss = 0;
        for (float l : loss) {
            meanLoss += l;
        }
        meanLoss /= n;
        BinaryMetrics expected = BinaryMetrics.compute(p, y, meanLoss, 0.5);
        assertSame(expected, perExample.result());
        assertSame(expected, batchSums.result());
        assertEquals(n, perExample.count());
    }

    @Test
    void resetAndThreshold() {
        StreamingMetrics s = new StreamingMetrics(0.7);
        s.add(new float[] {0.9f, 0.1f}, new float[] {1f, 0f}, 1.0, 2);
        s.reset();
        assertEquals(0, s.count());
        BinaryMetrics empty = s.result();
        assertEquals(0, empty.count());
        assertTrue(Double.isNaN(empty.loss()));
        s.add(new float[] {0.6f, 0.8f, 0.2f}, new float[] {1f, 1f, 0f}, new float[] {0.5f, 0.1f, 0.3f}, 3);
        BinaryMetrics m = s.result();
        assertEquals(3, m.count());
        assertEquals(0.3, m.loss(), 1e-6);
        assertEquals(1, m.truePositives()); // 0.6 < 0.7 is a false negative
        assertEquals(1, m.falseNegatives());
        assertEquals(1.0, m.auc(), 1e-12);
    }

    @Test
    void rejectsBadBatchWithoutChangingState() {
        StreamingMetrics s = new StreamingMetrics();
        s.add(new float[] {0.9f}, new float[] {1f}, 0.1, 1);
        assertThrows(IllegalArgumentException.class, () -> s.add(new float[] {0.9f}, new float[] {0.5f}, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> s.add(new float[] {0.9f}, new float[] {1f}, 0.1, 2));
        assertEquals(1, s.count());
    }

    private static void assertSame(BinaryMetrics expected, BinaryMetrics actual) {
        assertEquals(expected.count(), actual.count());
        assertEquals(expected.truePositives(), actual.truePositives());
        assertEquals(expected.falsePositives(), actual.falsePositives());
        assertEquals(expected.trueNegatives(), actual.trueNegatives());
        assertEquals(expected.falseNegatives(), actual.falseNegatives());
        assertEquals(expected.accuracy(), actual.accuracy(), 1e-12);
        assertEquals(expected.f1(), actual.f1(), 1e-12);
        assertEquals(expected.auc(), actual.auc(), 1e-12);
        assertEquals(expected.loss(), actual.loss(), 1e-6);
    }
}
