package dev.bertune.pipeline;

import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One batch of model inputs, padded (with 0) to the longest member of the batch.
 *
 * <ul>
 *   <li>{@code inputIds} {@code [B, T]} int32
 *   <li>{@code inputMask} {@code [B, T]} int32, 1 for real tokens, 0 for padding
 *   <li>{@code segmentIds} {@code [B, T]} int32
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
  private final long realTokens;
  private final int size;
  private final int sequenceLength;
  /** Owner of the four tensors: a session Result, or null if this batch created them itself. */
  private final Result owner;
  private boolean closed;

  Batch(TInt32 inputIds, TInt32 inputMask, TInt32 segmentIds, TFloat32 labels, long realTokens,
      Result owner) {
    Shape s = inputIds.shape();
    if (s.numDimensions() != 2 || !s.equals(inputMask.shape()) || !s.equals(segmentIds.shape())
        || labels.shape().numDimensions() != 2 || labels.shape().size(0) != s.size(0)) {
      throw new IllegalArgumentException(
          "inconsistent batch shapes: ids " + s + ", mask " + inputMask.shape() + ", segments "
              + segmentIds.shape() + ", labels " + labels.shape());
    }
    this.inputIds = inputIds;
    this.inputMask = inputMask;
    this.segmentIds = segmentIds;
    this.labels = labels;
    this.realTokens = realTokens;
    this.size = Math.toIntExact(s.size(0));
    this.sequenceLength = Math.toIntExact(s.size(1));
    this.owner = owner;
  }

  /**
   * Builds a batch in memory from a few examples (no TF dataset), padding to the longest one; for
   * ad-hoc prediction. Order is preserved.
   *
   * @param examples at least one example
   */
  public static Batch of(List<TokenizedExample> examples) {
    if (examples == null || examples.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one example");
    }
    int b = examples.size();
    int t = 0;
    long real = 0;
    for (TokenizedExample ex : examples) {
      t = Math.max(t, ex.length());
      real += ex.length();
    }
    int[] ids = new int[b * t]; // [B, T] row-major, zero padded
    int[] mask = new int[b * t];
    int[] seg = new int[b * t];
    int k = examples.get(0).outputs();
    float[] lab = new float[b * k]; // [B, K] row-major
    for (int i = 0; i < b; i++) {
      TokenizedExample ex = examples.get(i);
      for (int j = 0; j < ex.length(); j++) {
        ids[i * t + j] = ex.inputId(j);
        mask[i * t + j] = 1;
        seg[i * t + j] = ex.segmentId(j);
      }
      if (ex.outputs() != k) {
        throw new IllegalArgumentException("examples with label vectors of different widths");
      }
      for (int j = 0; j < k; j++) {
        lab[i * k + j] = ex.target(j);
      }
    }
    Shape bt = Shape.of(b, t);
    TInt32 idsT = null;
    TInt32 maskT = null;
    TInt32 segT = null;
    TFloat32 labT = null;
    try {
      idsT = TInt32.tensorOf(bt, DataBuffers.of(ids, true, false));
      maskT = TInt32.tensorOf(bt, DataBuffers.of(mask, true, false));
      segT = TInt32.tensorOf(bt, DataBuffers.of(seg, true, false));
      labT = TFloat32.tensorOf(Shape.of(b, k), DataBuffers.of(lab, true, false));
      return new Batch(idsT, maskT, segT, labT, real, null);
    } catch (RuntimeException e) {
      for (AutoCloseable c : new AutoCloseable[] {idsT, maskT, segT, labT}) {
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
      TFloat32 labels = TFloat32.tensorOf(Shape.of(b, outputs));
      made.add(labels);
      return new Batch(idsT, maskT, segT, labels, real, null);
    } catch (RuntimeException e) {
      made.forEach(org.tensorflow.Tensor::close);
      throw e;
    }
  }

  /** Token ids, {@code [B, T]} int32. */
  public TInt32 inputIds() {
    checkOpen();
    return inputIds;
  }

  /** Attention mask, {@code [B, T]} int32 (1 = real token, 0 = padding). */
  public TInt32 inputMask() {
    checkOpen();
    return inputMask;
  }

  /** Segment ids, {@code [B, T]} int32. */
  public TInt32 segmentIds() {
    checkOpen();
    return segmentIds;
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

  /** Number of examples {@code B}. */
  public int size() {
    return size;
  }

  /** Padded sequence length {@code T} = length of the longest example in this batch. */
  public int sequenceLength() {
    return sequenceLength;
  }

  /** Number of real (unpadded) tokens = sum of the mask. */
  public long realTokens() {
    return realTokens;
  }

  /** Number of token positions the model computes on: {@code B * T}. */
  public long computedTokens() {
    return (long) size() * sequenceLength();
  }

  /** Frees the native tensors. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
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
