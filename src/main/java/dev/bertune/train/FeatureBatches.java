package dev.bertune.train;

import dev.bertune.model.ClassifierModel;
import dev.bertune.pipeline.FeatureCache;
import java.util.Optional;
import java.util.Random;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * A {@link BatchStream} over cached BERT features [N, H] for a frozen encoder: the head trains on them without
 * running BERT again. Training streams shuffle with {@code seed + epoch}; evaluation streams keep the order.
 */
public final class FeatureBatches implements BatchStream {
  private final FeatureCache.Features features;
  private final int batchSize;
  private final Long seed; // null: in order
  private int[] order;
  private int position;

  private FeatureBatches(FeatureCache.Features features, int batchSize, Long seed) {
    this.features = features;
    this.batchSize = batchSize;
    this.seed = seed;
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
    order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    if (seed != null) {
      Random random = new Random(seed * 1_000_003L + epoch);
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    position = 0;
  }

  @Override
  public Optional<ModelBatch> next() {
    if (order == null) {
      throw new IllegalStateException("call startEpoch(epoch) before next()");
    }
    if (position >= order.length) {
      return Optional.empty();
    }
    int b = Math.min(batchSize, order.length - position);
    int h = features.hidden();
    int k = features.outputs();
    float[] x = new float[b * h];
    float[] y = new float[b * k];
    float[][] rows = new float[b][];
    for (int i = 0; i < b; i++) {
      int row = order[position + i];
      System.arraycopy(features.vectors(), row * h, x, i * h, h);
      System.arraycopy(features.labels(), row * k, y, i * k, k);
      rows[i] = java.util.Arrays.copyOfRange(y, i * k, (i + 1) * k);
    }
    position += b;
    TFloat32 xs = TFloat32.tensorOf(Shape.of(b, h), DataBuffers.of(x, true, false));
    try {
      return Optional.of(new FeatureBatch(xs, TFloat32.tensorOf(Shape.of(b, k), DataBuffers.of(y, true, false)), rows));
    } catch (RuntimeException e) {
      xs.close();
      throw e;
    }
  }

  @Override
  public int batchesPerEpoch() {
    return (features.count() + batchSize - 1) / batchSize;
  }

  @Override
  public int examples() {
    return features.count();
  }

  @Override
  public void close() {
    // features live on the Java heap
  }

  /** Features [B, H] and label vectors [B, K] as tensors, the label vectors also as rows. */
  record FeatureBatch(TFloat32 features, TFloat32 labelTensor, float[][] labels) implements ModelBatch {
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
      return model.trainStepOnFeatures(features, labelTensor, in);
    }

    @Override
    public ClassifierModel.Predictions predict(ClassifierModel model) {
      return model.predictFromFeatures(features, labelTensor);
    }

    @Override
    public void close() {
      features.close();
      labelTensor.close();
    }
  }
}
