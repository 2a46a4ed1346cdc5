package dev.bertune.task;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bertune.data.Review;
import dev.bertune.data.Splits;
import dev.bertune.metrics.BinaryMetrics;
import dev.bertune.metrics.TaskMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Two classes, {@code labels = [negative, positive]}: one logit per example, the sigmoid of which is the
 * probability of the second (positive) class; weighted sigmoid cross-entropy. The exported outputs are
 * {@code [-1]}, as before bertune knew other tasks.
 */
public record BinaryTask(List<String> labels, double threshold, float positiveWeight, float[] classWeights)
    implements Task {

  /** Checks two distinct labels, the threshold and the weights ({@code classWeights [2]}: negative, positive). */
  public BinaryTask {
    labels = TaskChecks.distinct(labels, 2, "a binary task");
    if (labels.size() != 2) {
      throw new IllegalArgumentException("a binary task has exactly 2 labels, got " + labels);
    }
    TaskChecks.thresholds(new double[] {threshold}, 1);
    classWeights = classWeights.clone();
    if (classWeights.length != 2 || !(positiveWeight > 0)) {
      throw new IllegalArgumentException("bad weights");
    }
  }

  /** Sentiment (negative, positive), threshold 0.5, unweighted: the task of exports without a task.json. */
  public static BinaryTask sentimentTask() {
    return new BinaryTask(SENTIMENT, 0.5, 1f, new float[] {1f, 1f});
  }

  /** The label of the positive class (the second). */
  public String positiveLabel() {
    return labels.get(1);
  }

  @Override
  public List<String> outputNames() {
    return List.of(positiveLabel());
  }

  @Override
  public TaskType type() {
    return TaskType.BINARY;
  }

  @Override
  public int outputs() {
    return 1;
  }

  /** The label names of sentiment data written 0/1, neg/pos or negative/positive (any case). */
  public static final List<String> SENTIMENT = List.of("negative", "positive");

  /**
   * The sentiment name of a spelling ({@code 0}, {@code neg}, {@code negative} give {@code negative}; {@code 1},
   * {@code pos}, {@code positive} give {@code positive}), or null for any other value.
   */
  public static String sentiment(String value) {
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "0", "neg", "negative" -> SENTIMENT.get(0);
      case "1", "pos", "positive" -> SENTIMENT.get(1);
      default -> null;
    };
  }

  /** The label a data value stands for: itself, or for sentiment labels any of their spellings. */
  private String name(String value) {
    String s = labels.equals(SENTIMENT) ? sentiment(value) : null;
    return s != null ? s : value;
  }

  @Override
  public String problem(List<String> values) {
    if (values.size() != 1) {
      return values.isEmpty() ? "no label (a binary task needs one of " + String.join(", ", labels) + ")"
          : "more than one label (" + String.join(", ", values) + ") in a binary task; for data where an example"
              + " can have several labels set task.type = multi-label";
    }
    return labels.contains(name(values.get(0))) ? null
        : "unknown label '" + values.get(0) + "' (labels: " + String.join(", ", labels)
            + (labels.equals(SENTIMENT) ? ", also written 0/1 or neg/pos" : "") + ")";
  }

  @Override
  public Optional<float[]> target(List<String> values) {
    return problem(values) != null ? Optional.empty()
        : Optional.of(new float[] {labels.indexOf(name(values.get(0)))});
  }

  @Override
  public Splits.Split split(List<Review> reviews, double fraction, long seed) {
    return Splits.stratified(reviews, fraction, seed);
  }

  @Override
  public Operand<TFloat32> exampleLosses(Ops tf, Operand<TFloat32> targets, Operand<TFloat32> logits) {
    Operand<TFloat32> z = tf.reshape(targets, tf.constant(new int[] {-1})); // [B]
    Operand<TFloat32> x = tf.reshape(logits, tf.constant(new int[] {-1})); // [B]
    Operand<TFloat32> ce = Losses.weightedSigmoidCrossEntropy(tf, z, x, positiveWeight);
    if (Losses.allOnes(classWeights)) {
      return ce;
    }
    Operand<TFloat32> w = tf.math.add(tf.constant(classWeights[0]),
        tf.math.mul(tf.constant(classWeights[1] - classWeights[0]), z)); // [B]
    return tf.math.mul(ce, w);
  }

  @Override
  public Operand<TFloat32> probabilities(Ops tf, Operand<TFloat32> logits) {
    return tf.math.sigmoid(logits);
  }

  @Override
  public float[] probabilities(float[] logits) {
    return new float[] {TaskChecks.sigmoid(logits[0])};
  }

  @Override
  public Operand<TFloat32> servingOutput(Ops tf, Operand<TFloat32> output) {
    return tf.reshape(output, tf.constant(new int[] {-1})); // [B]
  }

  @Override
  public long[] servingShape() {
    return new long[] {-1};
  }

  @Override
  public TaskMetrics metrics(float[][] probabilities, float[][] targets, double meanLoss) {
    float[] p = new float[probabilities.length];
    int[] y = new int[targets.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = probabilities[i][0];
      y[i] = Math.round(targets[i][0]);
    }
    return BinaryMetrics.compute(p, y, meanLoss, threshold);
  }

  @Override
  public List<String> metricNames() {
    return List.copyOf(BinaryMetrics.NAMES);
  }

  @Override
  public String runningMetric() {
    return "accuracy";
  }

  @Override
  public double[] tally(float[] probabilities, float[] target) {
    boolean predicted = probabilities[0] >= threshold;
    return new double[] {predicted == (target[0] == 1f) ? 1 : 0, 1};
  }

  @Override
  public Prediction prediction(float[] probabilities) {
    float p = probabilities[0];
    Map<String, Float> byName = new LinkedHashMap<>();
    byName.put(labels.get(0), 1f - p);
    byName.put(labels.get(1), p);
    return new Prediction(List.of(p >= threshold ? labels.get(1) : labels.get(0)), byName);
  }

  @Override
  public String render(Prediction p, int top) {
    return String.format(java.util.Locale.ROOT, "%.4f\t%s", p.probability(positiveLabel()), p.label());
  }

  @Override
  public ObjectNode renderJson(Prediction p) {
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.put("probability", p.probability(positiveLabel()));
    n.put("label", p.label());
    return TaskChecks.probabilitiesJson(n, p);
  }

  @Override
  public double exampleLoss(float[] logits, float[] target) {
    return TaskChecks.sigmoidLoss(logits[0], target[0]);
  }

  @Override
  public double[] thresholds() {
    return new double[] {threshold};
  }

  @Override
  public Task withThresholds(double[] thresholds) {
    return new BinaryTask(labels, TaskChecks.thresholds(thresholds, 1)[0], positiveWeight, classWeights);
  }

  @Override
  public String lossDescription() {
    String s = "sigmoid cross-entropy";
    if (positiveWeight != 1f) {
      s += ", positive class weight " + positiveWeight;
    }
    if (!Losses.allOnes(classWeights)) {
      s += String.format(java.util.Locale.ROOT, ", class weights %s %.3f / %s %.3f", labels.get(0), classWeights[0],
          labels.get(1), classWeights[1]);
    }
    return s;
  }

  @Override
  public ObjectNode json() {
    return TaskChecks.json(this, "sigmoid").put("positive_label", positiveLabel());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BinaryTask t && labels.equals(t.labels) && threshold == t.threshold
        && positiveWeight == t.positiveWeight && java.util.Arrays.equals(classWeights, t.classWeights);
  }

  @Override
  public int hashCode() {
    return labels.hashCode() * 31 + Double.hashCode(threshold);
  }
}
