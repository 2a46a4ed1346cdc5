package dev.bertune.metrics;

import java.util.Arrays;

/**
 * Accumulates predictions over the batches of an epoch and computes {@link BinaryMetrics} at the end.
 *
 * <p>All probabilities and labels are kept (4 + 1 bytes per example) so the exact AUC can be computed; this is
 * intended for evaluation sets up to a few hundred thousand examples. Only the first {@code n} entries of each
 * batch array are used, so padded final batches are handled by passing the real batch size. Labels are given as
 * floats (as they come out of a tensor) and must be 0 or 1. Not thread-safe.
 */
public final class StreamingMetrics {

    private final double threshold;
    private float[] probabilities = new float[1024];
    private byte[] labels = new byte[1024];
    private int size;
    private double lossSum;

    /** Accumulator with decision threshold 0.5. */
    public StreamingMetrics() {
        this(BinaryMetrics.DEFAULT_THRESHOLD);
    }

    /** Accumulator whose {@link #result()} uses the given decision threshold. */
    public StreamingMetrics(double threshold) {
        this.threshold = threshold;
    }

    /**
     * Adds a batch with per-example losses.
     *
     * @param probs          positive-class probabilities, at least {@code n} entries
     * @param labels         true labels (0 or 1), at least {@code n} entries
     * @param perExampleLoss loss of each example, at least {@code n} entries (only the first {@code n} are summed)
     * @param n              number of real examples in the batch
     */
    public void add(float[] probs, float[] labels, float[] perExampleLoss, int n) {
        requireLength("perExampleLoss", perExampleLoss, n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += perExampleLoss[i];
        }
        add(probs, labels, sum, n);
    }

    /**
     * Adds a batch with the <em>sum</em> of its per-example losses (for a batch-mean loss pass
     * {@code meanLoss * n}).
     */
    public void add(float[] probs, float[] labels, double batchLossSum, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        requireLength("probs", probs, n);
        requireLength("labels", labels, n);
        // Validate the whole batch before mutating state, so a bad batch leaves the accumulator unchanged.
        for (int i = 0; i < n; i++) {
            if (labels[i] != 0f && labels[i] != 1f) {
                throw new IllegalArgumentException("label at " + i + " is " + labels[i] + ", expected 0 or 1");
            }
            if (!Float.isFinite(probs[i])) {
                throw new IllegalArgumentException("probability at " + i + " is " + probs[i]);
            }
        }
        ensureCapacity(size + n);
        System.arraycopy(probs, 0, probabilities, size, n);
        for (int i = 0; i < n; i++) {
            this.labels[size + i] = (byte) (labels[i] == 1f ? 1 : 0);
        }
        size += n;
        lossSum += batchLossSum;
    }

    /** Number of examples added since construction or the last {@link #reset()}. */
    public int count() {
        return size;
    }

    /** Metrics over everything added so far; loss is the mean per-example loss (NaN when empty). */
    public BinaryMetrics result() {
        float[] p = Arrays.copyOf(probabilities, size);
        int[] y = new int[size];
        for (int i = 0; i < size; i++) {
            y[i] = labels[i];
        }
        double meanLoss = size == 0 ? Double.NaN : lossSum / size;
        return BinaryMetrics.compute(p, y, meanLoss, threshold);
    }

    /** Forgets everything added (keeps the allocated buffers). */
    public void reset() {
        size = 0;
        lossSum = 0;
    }

    private void ensureCapacity(int needed) {
        if (needed < 0) {
            throw new IllegalStateException("too many examples");
        }
        if (needed > probabilities.length) {
            int cap = (int) Math.min(Integer.MAX_VALUE - 8, Math.max((long) needed, 2L * probabilities.length));
            probabilities = Arrays.copyOf(probabilities, cap);
            labels = Arrays.copyOf(labels, cap);
        }
    }

    private static void requireLength(String name, float[] a, int n) {
        if (a == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (a.length < n) {
            throw new IllegalArgumentException(name + " has " + a.length + " entries, need at least " + n);
        }
    }
}
