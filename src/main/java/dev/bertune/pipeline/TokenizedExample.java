package dev.bertune.pipeline;

import dev.bertune.text.Encoding;
import java.util.Arrays;
import java.util.List;

/**
 * One review, already tokenized into WordPiece ids and NOT padded: one window, or with {@code tokenizer.long-text =
 * windows} several, stored one after the other ({@code windowLengths} says where each ends).
 *
 * <p>{@code inputIds} and {@code segmentIds} both have length {@code L} = the number of real
 * WordPieces including {@code [CLS]} and {@code [SEP]}; the attention mask is implicitly {@code L}
 * ones. Padding happens later, per batch, to the longest member of the batch.
 *
 * <p>The arrays are defensively copied on construction; {@link #equals}, {@link #hashCode} and
 * {@link #toString} compare/print array contents (a plain record would compare references).
 *
 * @param inputIds WordPiece ids, {@code [L]}, {@code L >= 1}
 * @param segmentIds segment (token type) ids, {@code [L]}
 * @param target the label vector, {@code [K]} of 0/1 (the task's one-hot, multi-hot or positive flag; see
 *     {@code dev.bertune.task.Task#target}); empty for texts without labels (prediction)
 * @param windowLengths the length of each window, in order; they add up to {@code L}
 */
public record TokenizedExample(int[] inputIds, int[] segmentIds, float[] target, int[] windowLengths) {

  /** A one-window example. */
  public TokenizedExample(int[] inputIds, int[] segmentIds, float[] target) {
    this(inputIds, segmentIds, target, inputIds == null ? new int[0] : new int[] {inputIds.length});
  }

  /** An example without labels, for prediction. */
  public static TokenizedExample unlabelled(int[] inputIds, int[] segmentIds, int outputs) {
    return new TokenizedExample(inputIds, segmentIds, new float[outputs]);
  }

  /** The windows of one text (each {@code [CLS] ... [SEP]}) with its label vector. */
  public static TokenizedExample ofWindows(List<Encoding> windows, float[] target) {
    int total = windows.stream().mapToInt(Encoding::length).sum();
    int[] ids = new int[total];
    int[] segments = new int[total];
    int[] lengths = new int[windows.size()];
    int at = 0;
    for (int w = 0; w < lengths.length; w++) {
      Encoding e = windows.get(w);
      System.arraycopy(e.inputIds(), 0, ids, at, e.length());
      System.arraycopy(e.segmentIds(), 0, segments, at, e.length());
      lengths[w] = e.length();
      at += e.length();
    }
    return new TokenizedExample(ids, segments, target, lengths);
  }

  /** Validates lengths and the label vector, and copies the arrays. */
  public TokenizedExample {
    if (inputIds == null || segmentIds == null) {
      throw new IllegalArgumentException("inputIds and segmentIds must not be null");
    }
    if (inputIds.length == 0) {
      throw new IllegalArgumentException("an example needs at least one token");
    }
    if (inputIds.length != segmentIds.length) {
      throw new IllegalArgumentException(
          "inputIds has " + inputIds.length + " tokens but segmentIds has " + segmentIds.length);
    }
    if (target == null) {
      throw new IllegalArgumentException("target must not be null");
    }
    if (windowLengths == null || windowLengths.length == 0 || Arrays.stream(windowLengths).anyMatch(l -> l < 1)
        || Arrays.stream(windowLengths).sum() != inputIds.length) {
      throw new IllegalArgumentException("window lengths " + Arrays.toString(windowLengths) + " do not split "
          + inputIds.length + " tokens into windows of at least one token");
    }
    for (float v : target) {
      if (v != 0f && v != 1f) {
        throw new IllegalArgumentException("label vector values must be 0 or 1, got " + Arrays.toString(target));
      }
    }
    inputIds = inputIds.clone();
    segmentIds = segmentIds.clone();
    target = target.clone();
    windowLengths = windowLengths.clone();
  }

  /** A copy of the window lengths. */
  @Override
  public int[] windowLengths() {
    return windowLengths.clone();
  }

  /** Number of windows (1 unless the text was read in windows). */
  public int windows() {
    return windowLengths.length;
  }

  /** The length of window {@code w}. */
  public int windowLength(int w) {
    return windowLengths[w];
  }

  /** Each window as a one-window example without labels (what a one-window signature takes as a row). */
  public List<TokenizedExample> windowExamples() {
    List<TokenizedExample> out = new java.util.ArrayList<>(windowLengths.length);
    int from = 0;
    for (int length : windowLengths) {
      out.add(unlabelled(Arrays.copyOfRange(inputIds, from, from + length),
          Arrays.copyOfRange(segmentIds, from, from + length), target.length));
      from += length;
    }
    return out;
  }

  /** The longest window. */
  public int longestWindow() {
    return Arrays.stream(windowLengths).max().orElse(0);
  }

  /** A copy of the label vector, {@code [K]}. */
  @Override
  public float[] target() {
    return target.clone();
  }

  /** Width of the label vector. */
  public int outputs() {
    return target.length;
  }

  /** Label vector entry {@code k} without copying. */
  public float target(int k) {
    return target[k];
  }

  /** A copy of the token ids, {@code [L]}. */
  @Override
  public int[] inputIds() {
    return inputIds.clone();
  }

  /** A copy of the segment ids, {@code [L]}. */
  @Override
  public int[] segmentIds() {
    return segmentIds.clone();
  }

  /** Number of real tokens {@code L} (including [CLS]/[SEP] of every window). */
  public int length() {
    return inputIds.length;
  }

  /** Token id at {@code position} without copying the array. */
  public int inputId(int position) {
    return inputIds[position];
  }

  /** Segment id at {@code position} without copying the array. */
  public int segmentId(int position) {
    return segmentIds[position];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenizedExample t
        && Arrays.equals(target, t.target)
        && Arrays.equals(inputIds, t.inputIds)
        && Arrays.equals(segmentIds, t.segmentIds)
        && Arrays.equals(windowLengths, t.windowLengths);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * Arrays.hashCode(inputIds) + Arrays.hashCode(segmentIds)) + Arrays.hashCode(target))
        + Arrays.hashCode(windowLengths);
  }

  @Override
  public String toString() {
    return "TokenizedExample[inputIds=" + Arrays.toString(inputIds)
        + ", segmentIds=" + Arrays.toString(segmentIds) + ", target=" + Arrays.toString(target)
        + ", windowLengths=" + Arrays.toString(windowLengths) + "]";
  }
}
