package dev.bertune.train;

import dev.bertune.model.ClassifierModel;
import dev.bertune.pipeline.FeatureCache;
import dev.bertune.pipeline.Batch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * A {@link BatchStream} over cached BERT features (one vector per window) for a frozen encoder: the head (with the
 * window pooling) trains on them without running BERT again. Training streams shuffle with {@code seed + epoch};
 * evaluation streams keep the order. A batch holds examples of one window count.
 */
public final class FeatureBatches implements BatchStream {
  private final FeatureCache.Features features;
  private final int batchSize;
  private final Long seed; // null: in order
  private final int[] firstRows;
  private List<int[]> batches;
  private int position;

  private FeatureBatches(FeatureCache.Features features, int batchSize, Long seed) {
    this.features = features;
    this.batchSize = batchSize;
    this.seed = seed;
    this.firstRows = features.firstRows();
  }

  public static FeatureBatches training(FeatureCache.Features features, int batchSize, long seed) {
    return new FeatureBatches(features, batchSize, seed);
  }

  public static FeatureBatches evaluation(FeatureCache.Features features, int batchSize) {
    return new FeatureBatches(features, batchSize, null);
  }

  @Override
  public void startEpoch(int epoch) {
    int n = features.count();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = seed == null ? null : new Random(seed * 1_000_003L + epoch);
    if (random != null) {
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    batches = batches(order, random);
    position = 0;
  }

  /**
   * The examples of each batch: {@code order} cut into batches of examples with one window count ({@link
   * Batch#examplesPerBatch}); with several window counts, the batches are shuffled too when {@code random} is given.
   */
  private List<int[]> batches(int[] order, Random random) {
    Map<Integer, List<Integer>> byWindows = new TreeMap<>();
    for (int i : order) {
      byWindows.computeIfAbsent(features.windows()[i], w -> new ArrayList<>()).add(i);
    }
    List<int[]> out = new ArrayList<>();
    for (var group : byWindows.entrySet()) {
      int size = Batch.examplesPerBatch(batchSize, group.getKey());
      List<Integer> members = group.getValue();
      for (int from = 0; from < members.size(); from += size) {
        out.add(members.subList(from, Math.min(members.size(), from + size)).stream().mapToInt(x -> x).toArray());
      }
    }
    if (random != null && byWindows.size() > 1) {
      Collections.shuffle(out, random);
    }
    return out;
  }

  @Override
  public Optional<ModelBatch> next() {
    if (batches == null) {
      throw new IllegalStateException("call startEpoch(epoch) before next()");
    }
    if (position >= batches.size()) {
      return Optional.empty();
    }
    int[] members = batches.get(position++);
    int b = members.length;
    int w = features.windows()[members[0]];
    int h = features.hidden();
    int k = features.outputs();
    float[] x = new float[b * w * h];
    float[] y = new float[b * k];
    float[][] rows = new float[b][];
    for (int i = 0; i < b; i++) {
      int example = members[i];
      System.arraycopy(features.vectors(), firstRows[example] * h, x, i * w * h, w * h);
      System.arraycopy(features.labels(), example * k, y, i * k, k);
      rows[i] = Arrays.copyOfRange(y, i * k, (i + 1) * k);
    }
    float[] ones = new float[b * w];
    Arrays.fill(ones, 1f);
    List<TFloat32> made = new ArrayList<>(3);
    try {
      made.add(TFloat32.tensorOf(Shape.of((long) b * w, h), DataBuffers.of(x, true, false)));
      made.add(TFloat32.tensorOf(Shape.of(b, w), DataBuffers.of(ones, true, false)));
      made.add(TFloat32.tensorOf(Shape.of(b, k), DataBuffers.of(y, true, false)));
      return Optional.of(new FeatureBatch(made.get(0), made.get(1), made.get(2), rows));
    } catch (RuntimeException e) {
      made.forEach(TFloat32::close);
      throw e;
    }
  }

  @Override
  public int batchesPerEpoch() {
    Map<Integer, Integer> byWindows = new TreeMap<>();
    for (int w : features.windows()) {
      byWindows.merge(w, 1, Integer::sum);
    }
    int total = 0;
    for (var e : byWindows.entrySet()) {
      int size = Batch.examplesPerBatch(batchSize, e.getKey());
      total += (e.getValue() + size - 1) / size;
    }
    return total;
  }

  @Override
  public int examples() {
    return features.count();
  }

  @Override
  public void close() {
    // features live on the Java heap
  }

  /**
   * Window features [B*W, H], the window mask [B, W] and label vectors [B, K] as tensors, the label vectors also as
   * rows.
   */
  record FeatureBatch(TFloat32 features, TFloat32 windowMask, TFloat32 labelTensor, float[][] labels)
      implements ModelBatch {
    @Override
    public int size() {
      return labels.length;
    }

    @Override
    public long realTokens() {
      return 0;
    }

    @Override
    public long computedTokens() {
      return 0;
    }

    @Override
    public ClassifierModel.StepResult train(ClassifierModel model, ClassifierModel.StepInputs in) {
      return model.trainStepOnFeatures(features, windowMask, labelTensor, in);
    }

    @Override
    public ClassifierModel.Predictions predict(ClassifierModel model) {
      return model.predictFromFeatures(features, windowMask, labelTensor);
    }

    @Override
    public void close() {
      features.close();
      windowMask.close();
      labelTensor.close();
    }
  }
}
