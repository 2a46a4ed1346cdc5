package dev.bertune.pipeline;

import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One batch of model inputs: B examples of W windows each (W = 1 unless texts are read in windows), the windows
 * as N = B * W rows padded (with 0) to the longest window of the batch, example after example.
 *
 * <ul>
 *   <li>{@code inputIds} {@code [N, T]} int32
 *   <li>{@code inputMask} {@code [N, T]} int32, 1 for real tokens, 0 for padding
 *   <li>{@code segmentIds} {@code [N, T]} int32
 *   <li>{@code windowMask} {@code [B, W]} float32, 1 for a real window, 0 for a padding row (an example with fewer
 *       windows than the batch's most)
 *   <li>{@code labels} {@code [B, K]} float32: the label vectors (0 or 1)
 * </ul>
 *
 * <p>The caller owns a batch and must {@link #close()} it; closing frees the native tensors (for a
 * batch from {@link InputPipeline#next()} it closes the session {@link Result} that owns them). The
 * tensors must not be used after closing. Not thread-safe.
 */
public final class Batch implements AutoCloseable {

  private final TInt32 inputIds;
  private final TInt32 inputMask;
  private final TInt32 segmentIds;
  private final TFloat32 labels;
  private final TFloat32 windowMask; // owned by this batch
  private final long realTokens;
  private final int size;
  private final int rows;
  private final int sequenceLength;
  /** Owner of the four tensors: a session Result, or null if this batch created them itself. */
  private final Result owner;
  private boolean closed;

  /** A batch whose examples all have {@code N / B} windows (what the input pipeline delivers). */
  Batch(TInt32 inputIds, TInt32 inputMask, TInt32 segmentIds, TFloat32 labels, long realTokens,
      Result owner) {
    this(inputIds, inputMask, segmentIds, labels, null, realTokens, owner);
  }

  /** @param windowMask [B, W], or null: every example has {@code N / B} windows (a mask of ones is made) */
  private Batch(TInt32 inputIds, TInt32 inputMask, TInt32 segmentIds, TFloat32 labels, TFloat32 windowMask,
      long realTokens, Result owner) {
    Shape s = inputIds.shape();
    long b = labels.shape().numDimensions() == 2 ? labels.shape().size(0) : -1;
    if (s.numDimensions() != 2 || !s.equals(inputMask.shape()) || !s.equals(segmentIds.shape())
        || b < 1 || s.size(0) % b != 0
        || (windowMask != null && !windowMask.shape().equals(Shape.of(b, s.size(0) / b)))) {
      throw new IllegalArgumentException(
          "inconsistent batch shapes: ids " + s + ", mask " + inputMask.shape() + ", segments "
              + segmentIds.shape() + ", labels " + labels.shape()
              + (windowMask == null ? "" : ", window mask " + windowMask.shape()));
    }
    this.inputIds = inputIds;
    this.inputMask = inputMask;
    this.segmentIds = segmentIds;
    this.labels = labels;
    this.realTokens = realTokens;
    this.size = Math.toIntExact(b);
    this.rows = Math.toIntExact(s.size(0));
    this.sequenceLength = Math.toIntExact(s.size(1));
    this.owner = owner;
    this.windowMask = windowMask != null ? windowMask : ones(size, rows / size);
  }

  private static TFloat32 ones(int b, int w) {
    float[] values = new float[b * w];
    java.util.Arrays.fill(values, 1f);
    return TFloat32.tensorOf(Shape.of(b, w), DataBuffers.of(values, true, false));
  }

  /**
   * How many examples of {@code windows} windows make a batch of {@code batchSize}: {@code batchSize / windows}, at
   * least one, so that a batch holds about {@code batchSize} windows however long its texts are.
   */
  public static int examplesPerBatch(int batchSize, int windows) {
    return Math.max(1, batchSize / Math.max(1, windows));
  }

  /**
   * Builds a batch in memory from a few examples (no TF dataset), padding every window to the longest one and every
   * example to the most windows; for ad-hoc prediction. Order is preserved.
   *
   * @param examples at least one example
   */
  public static Batch of(List<TokenizedExample> examples) {
    if (examples == null || examples.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one example");
    }
    int b = examples.size();
    int t = 0;
    int w = 0;
    long real = 0;
    for (TokenizedExample ex : examples) {
      t = Math.max(t, ex.longestWindow());
      w = Math.max(w, ex.windows());
      real += ex.length();
    }
    int n = b * w;
    int[] ids = new int[n * t]; // [N, T] row-major, zero padded
    int[] mask = new int[n * t];
    int[] seg = new int[n * t];
    float[] windows = new float[b * w]; // [B, W]
    int k = examples.get(0).outputs();
    float[] lab = new float[b * k]; // [B, K] row-major
    for (int i = 0; i < b; i++) {
      TokenizedExample ex = examples.get(i);
      int from = 0;
      for (int v = 0; v < ex.windows(); v++) {
        int row = (i * w + v) * t;
        for (int j = 0; j < ex.windowLength(v); j++) {
          ids[row + j] = ex.inputId(from + j);
          mask[row + j] = 1;
          seg[row + j] = ex.segmentId(from + j);
        }
        windows[i * w + v] = 1;
        from += ex.windowLength(v);
      }
      if (ex.outputs() != k) {
        throw new IllegalArgumentException("examples with label vectors of different widths");
      }
      for (int j = 0; j < k; j++) {
        lab[i * k + j] = ex.target(j);
      }
    }
    Shape nt = Shape.of(n, t);
    TInt32 idsT = null;
    TInt32 maskT = null;
    TInt32 segT = null;
    TFloat32 labT = null;
    TFloat32 windowsT = null;
    try {
      idsT = TInt32.tensorOf(nt, DataBuffers.of(ids, true, false));
      maskT = TInt32.tensorOf(nt, DataBuffers.of(mask, true, false));
      segT = TInt32.tensorOf(nt, DataBuffers.of(seg, true, false));
      labT = TFloat32.tensorOf(Shape.of(b, k), DataBuffers.of(lab, true, false));
      windowsT = TFloat32.tensorOf(Shape.of(b, w), DataBuffers.of(windows, true, false));
      return new Batch(idsT, maskT, segT, labT, windowsT, real, null);
    } catch (RuntimeException e) {
      for (AutoCloseable c : new AutoCloseable[] {idsT, maskT, segT, labT, windowsT}) {
        if (c != null) {
          try {
            c.close();
          } catch (Exception suppressed) {
            e.addSuppressed(suppressed);
          }
        }
      }
      throw e;
    }
  }

  /**
   * A batch from already padded rows (as a TF Serving client sends them): ids, mask and segments {@code [B][T]},
   * every row of the same length; label vectors {@code [B, outputs]} of zeros.
   *
   * @throws IllegalArgumentException when the rows are ragged or the batch is empty
   */
  public static Batch ofRows(int[][] ids, int[][] mask, int[][] segments, int outputs) {
    return ofWindowRows(ids, mask, segments, null, outputs);
  }

  /**
   * A batch from texts already in padded windows (as a TF Serving client sends them to {@code serving_windows}): the
   * windows as rows {@code [D*W][T]}, text after text, and the window mask {@code [D][W]} (null: one window per row).
   *
   * @throws IllegalArgumentException when the rows are ragged, the batch is empty or the mask does not fit the rows
   */
  public static Batch ofWindowRows(int[][] ids, int[][] mask, int[][] segments, float[][] windowMask, int outputs) {
    int b = ids.length;
    if (b == 0 || mask.length != b || segments.length != b) {
      throw new IllegalArgumentException("need the same number (>= 1) of rows of ids, mask and segments");
    }
    int t = ids[0].length;
    int[] flatIds = new int[b * t];
    int[] flatMask = new int[b * t];
    int[] flatSeg = new int[b * t];
    long real = 0;
    for (int i = 0; i < b; i++) {
      if (ids[i].length != t || mask[i].length != t || segments[i].length != t) {
        throw new IllegalArgumentException("row " + i + " has " + ids[i].length + "/" + mask[i].length + "/"
            + segments[i].length + " ids/mask/segments, expected " + t + " each (pad every row to one length)");
      }
      System.arraycopy(ids[i], 0, flatIds, i * t, t);
      System.arraycopy(mask[i], 0, flatMask, i * t, t);
      System.arraycopy(segments[i], 0, flatSeg, i * t, t);
      for (int m : mask[i]) {
        real += m;
      }
    }
    Shape bt = Shape.of(b, t);
    List<org.tensorflow.Tensor> made = new java.util.ArrayList<>(); // closed here if the batch is not built
    try {
      TInt32 idsT = TInt32.tensorOf(bt, DataBuffers.of(flatIds, true, false));
      made.add(idsT);
      TInt32 maskT = TInt32.tensorOf(bt, DataBuffers.of(flatMask, true, false));
      made.add(maskT);
      TInt32 segT = TInt32.tensorOf(bt, DataBuffers.of(flatSeg, true, false));
      made.add(segT);
      int texts = windowMask == null ? b : windowMask.length;
      TFloat32 labels = TFloat32.tensorOf(Shape.of(texts, outputs));
      made.add(labels);
      TFloat32 windows = windowMask == null ? null : windowMaskTensor(windowMask, b);
      if (windows != null) {
        made.add(windows);
      }
      return new Batch(idsT, maskT, segT, labels, windows, real, null);
    } catch (RuntimeException e) {
      made.forEach(org.tensorflow.Tensor::close);
      throw e;
    }
  }

  private static TFloat32 windowMaskTensor(float[][] windowMask, int rows) {
    int w = windowMask.length == 0 ? 0 : windowMask[0].length;
    if (w == 0 || (long) windowMask.length * w != rows) {
      throw new IllegalArgumentException("a window mask of " + windowMask.length + " texts x " + w + " windows does"
          + " not fit " + rows + " window rows");
    }
    float[] flat = new float[rows];
    for (int i = 0; i < windowMask.length; i++) {
      if (windowMask[i].length != w) {
        throw new IllegalArgumentException("text " + i + " has " + windowMask[i].length + " windows, text 0 " + w);
      }
      System.arraycopy(windowMask[i], 0, flat, i * w, w);
    }
    return TFloat32.tensorOf(Shape.of(windowMask.length, w), DataBuffers.of(flat, true, false));
  }

  /** Token ids, {@code [N, T]} int32. */
  public TInt32 inputIds() {
    checkOpen();
    return inputIds;
  }

  /** Attention mask, {@code [N, T]} int32 (1 = real token, 0 = padding). */
  public TInt32 inputMask() {
    checkOpen();
    return inputMask;
  }

  /** Segment ids, {@code [N, T]} int32. */
  public TInt32 segmentIds() {
    checkOpen();
    return segmentIds;
  }

  /** Window mask, {@code [B, W]} float32 (1 = a window of the example, 0 = padding). */
  public TFloat32 windowMask() {
    checkOpen();
    return windowMask;
  }

  /** Windows per example {@code W} (the most of any example in the batch). */
  public int windows() {
    return rows / size;
  }

  /** Token rows {@code N = B * W}. */
  public int rows() {
    return rows;
  }

  /** Label vectors, {@code [B, K]} float32. */
  public TFloat32 labels() {
    checkOpen();
    return labels;
  }

  /** Width {@code K} of the label vectors. */
  public int outputs() {
    return Math.toIntExact(labels.shape().size(1));
  }

  /** The label vectors as rows, {@code [B][K]}. */
  public float[][] labelRows() {
    checkOpen();
    return rows(labels);
  }

  /** A {@code [B, K]} float tensor as rows. */
  public static float[][] rows(TFloat32 matrix) {
    int b = Math.toIntExact(matrix.shape().size(0));
    int k = Math.toIntExact(matrix.shape().size(1));
    float[] flat = new float[b * k];
    matrix.asRawTensor().data().asFloats().read(flat);
    float[][] out = new float[b][];
    for (int i = 0; i < b; i++) {
      out[i] = java.util.Arrays.copyOfRange(flat, i * k, (i + 1) * k);
    }
    return out;
  }

  /** Number of examples {@code B} (texts, however many windows each has). */
  public int size() {
    return size;
  }

  /** Padded sequence length {@code T} = length of the longest window in this batch. */
  public int sequenceLength() {
    return sequenceLength;
  }

  /** Number of real (unpadded) tokens = sum of the mask. */
  public long realTokens() {
    return realTokens;
  }

  /** Number of token positions the model computes on: {@code N * T}. */
  public long computedTokens() {
    return (long) rows * sequenceLength();
  }

  /** Frees the native tensors. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    windowMask.close();
    if (owner != null) {
      owner.close(); // closes exactly the tensors it handed out; never close them twice
    } else {
      inputIds.close();
      inputMask.close();
      segmentIds.close();
      labels.close();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("batch is closed");
    }
  }
}
