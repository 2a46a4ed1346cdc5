package dev.bertune.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ThresholdsTest {

    private static final double EPS = 1e-12;
    private static final boolean T = true;
    private static final boolean F = false;

    @Test
    void separableLabelGetsAThresholdBetweenTheClasses() {
        // negatives 0.6, 0.7; positives 0.8, 0.9: 0.5 would predict everything (F1 4/6), 0.75 separates (F1 1)
        float[] p = {0.6f, 0.8f, 0.7f, 0.9f};
        boolean[] y = {F, T, F, T};
        double t = Thresholds.bestF1(p, y, 0.5);
        assertEquals(((double) 0.7f + 0.8f) / 2, t, EPS);
        assertEquals(1.0, f1At(p, y, t), EPS);
    }

    @Test
    void bestThresholdNeedNotBeTheDefault() {
        float[] p = {0.1f, 0.3f, 0.4f, 0.45f, 0.6f, 0.8f};
        boolean[] y = {F, T, F, T, F, T};
        // 3 positives; F1 = 2tp / (tp + fp + 3) at each candidate:
        //   0.7   {0.8}                      tp 1 fp 0 -> 2/4 = 0.5
        //   0.525 {0.8, 0.6}                 tp 1 fp 1 -> 2/5 = 0.4 (the fallback 0.5 picks the same set)
        //   0.425 {.., 0.45}                 tp 2 fp 1 -> 4/6 = 0.667
        //   0.35  {.., 0.4}                  tp 2 fp 2 -> 4/7 = 0.571
        //   0.2   {.., 0.3}                  tp 3 fp 2 -> 6/8 = 0.75  <- best
        double t = Thresholds.bestF1(p, y, 0.5);
        assertEquals(((double) 0.1f + 0.3f) / 2, t, EPS);
        assertEquals(0.75, f1At(p, y, t), EPS);
    }

    @Test
    void tiesGoToTheCandidateClosestToTheFallback() {
        float[] p = {0.1f, 0.2f, 0.4f, 0.6f, 0.8f};
        boolean[] y = {F, T, F, F, T};
        // 2 positives: 0.7 -> {0.8} tp 1 fp 0 -> 2/3; 0.5 -> 2/4; 0.3 -> 2/5; 0.15 -> {all but 0.1} tp 2 fp 2 -> 4/6
        double high = ((double) 0.6f + 0.8f) / 2;
        double low = ((double) 0.1f + 0.2f) / 2;
        assertEquals(high, Thresholds.bestF1(p, y, 0.5), EPS); // |0.7 - 0.5| < |0.15 - 0.5|
        assertEquals(low, Thresholds.bestF1(p, y, 0.3), EPS);  // |0.15 - 0.3| < |0.7 - 0.3|
        // a fallback that itself reaches the best F1 (0.75 predicts {0.8}: 2/3) is kept
        assertEquals(0.75, Thresholds.bestF1(p, y, 0.75), EPS);
    }

    @Test
    void labelWithoutBothClassesKeepsTheFallback() {
        float[] p = {0.2f, 0.9f, 0.4f};
        assertEquals(0.5, Thresholds.bestF1(p, new boolean[] {F, F, F}, 0.5));
        assertEquals(0.35, Thresholds.bestF1(p, new boolean[] {T, T, T}, 0.35));
        assertEquals(0.5, Thresholds.bestF1(new float[0], new boolean[0], 0.5));
    }

    @Test
    void allScoresEqualLeaveOnlyTheFallback() {
        assertEquals(0.5, Thresholds.bestF1(new float[] {0.3f, 0.3f}, new boolean[] {T, F}, 0.5));
    }

    @Test
    void matchesBruteForceOverAllCandidates() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 50; trial++) {
            int n = 200;
            float[] p = new float[n];
            boolean[] y = new boolean[n];
            for (int i = 0; i < n; i++) {
                y[i] = rnd.nextInt(4) == 0;
                float raw = rnd.nextFloat() * 0.8f + (y[i] ? 0.2f : 0f);
                // every other trial is coarsely quantised, for many ties
                p[i] = trial % 2 == 0 ? raw : Math.round(raw * 20) / 20f;
            }
            double fallback = 0.2 + 0.6 * rnd.nextDouble();
            double expected = bruteForce(p, y, fallback);
            double actual = Thresholds.bestF1(p, y, fallback);
            assertEquals(f1At(p, y, expected), f1At(p, y, actual), EPS, "trial " + trial);
            assertEquals(expected, actual, 0.0, "trial " + trial + " picks the same candidate");
        }
    }

    @Test
    void matrixFormIsPerColumn() {
        float[][] p = {{0.6f, 0.1f, 0.9f}, {0.8f, 0.3f, 0.9f}, {0.7f, 0.2f, 0.9f}, {0.9f, 0.4f, 0.9f}};
        boolean[][] y = {{F, F, T}, {T, T, F}, {F, F, T}, {T, T, F}};
        double[] t = Thresholds.bestF1(p, y, 0.5);
        assertArrayEquals(new double[] {
            Thresholds.bestF1(new float[] {0.6f, 0.8f, 0.7f, 0.9f}, new boolean[] {F, T, F, T}, 0.5),
            Thresholds.bestF1(new float[] {0.1f, 0.3f, 0.2f, 0.4f}, new boolean[] {F, T, F, T}, 0.5),
            0.5, // constant scores: no midpoint
        }, t, 0.0);
        assertEquals(((double) 0.2f + 0.3f) / 2, t[1], EPS);
        assertEquals(0, Thresholds.bestF1(new float[0][], new boolean[0][], 0.5).length);
    }

    @Test
    void largeInputIsFast() {
        int n = 400_000;
        Random rnd = new Random(3);
        float[] p = new float[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextBoolean();
            p[i] = rnd.nextFloat();
        }
        // one sort and a sweep take milliseconds; a quadratic scan would take minutes
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Thresholds.bestF1(p, y, 0.5));
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class,
                () -> Thresholds.bestF1(new float[] {0.1f}, new boolean[] {T, F}, 0.5));
        assertThrows(IllegalArgumentException.class,
                () -> Thresholds.bestF1(new float[] {Float.NaN}, new boolean[] {T}, 0.5));
        assertThrows(IllegalArgumentException.class,
                () -> Thresholds.bestF1(new float[] {0.1f}, new boolean[] {T}, Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> Thresholds.bestF1(new float[][] {{0.1f, 0.2f}}, new boolean[][] {{T}}, 0.5));
    }

    /** F1 of predicting {@code p >= t}. */
    private static double f1At(float[] p, boolean[] y, double t) {
        long tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < p.length; i++) {
            boolean yes = p[i] >= t;
            if (yes && y[i]) tp++;
            if (yes && !y[i]) fp++;
            if (!yes && y[i]) fn++;
        }
        return 2.0 * tp / (2.0 * tp + fp + fn);
    }

    /** Every candidate scored from scratch; best F1, then closest to the fallback, then lowest. */
    private static double bruteForce(float[] p, boolean[] y, double fallback) {
        TreeSet<Float> distinct = new TreeSet<>();
        for (float v : p) {
            distinct.add(v);
        }
        Float[] values = distinct.toArray(new Float[0]);
        double best = fallback;
        double bestF1 = f1At(p, y, fallback);
        for (int i = 0; i + 1 < values.length; i++) {
            double c = ((double) values[i] + values[i + 1]) / 2;
            double f1 = f1At(p, y, c);
            double d = Math.abs(c - fallback);
            double bestD = Math.abs(best - fallback);
            if (f1 > bestF1 || (f1 == bestF1 && (d < bestD || (d == bestD && c < best)))) {
                best = c;
                bestF1 = f1;
            }
        }
        return best;
    }
}
