package dev.bertune.task;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bertune.metrics.MultiClassMetrics;
import dev.bertune.metrics.TaskMetrics;
import dev.bertune.data.Review;
import dev.bertune.data.Splits;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * K >= 2 mutually exclusive classes: K logits, softmax cross-entropy (or, with {@code head.loss = sigmoid}, K
 * one-vs-rest sigmoids and their summed cross-entropy); the prediction is the most probable class (ties: the
 * first in label order). Exported outputs {@code [-1, K]}.
 *
 * @param loss {@link LossFunction#SOFTMAX} or {@link LossFunction#SIGMOID}
 * @param classWeights [K] loss weight of each class (1 = unweighted)
 * @param topK the k of the {@code top_k_accuracy} metric
 */
public record MultiClassTask(List<String> labels, LossFunction loss, float[] classWeights, int topK)
    implements Task {

  /** Checks the labels, the loss and the weights. */
  public MultiClassTask {
    labels = TaskChecks.distinct(labels, 2, "a multi-class task");
    if (loss != LossFunction.SOFTMAX && loss != LossFunction.SIGMOID) {
      throw new IllegalArgumentException("loss must be softmax or sigmoid, got " + loss);
    }
    classWeights = classWeights.clone();
    if (classWeights.length != labels.size() || topK < 1) {
      throw new IllegalArgumentException("bad class weights or top-k");
    }
  }

  @Override
  public TaskType type() {
    return TaskType.MULTI_CLASS;
  }

  @Override
  public int outputs() {
    return labels.size();
  }

  @Override
  public String problem(List<String> values) {
    if (values.size() != 1) {
      return values.isEmpty() ? "no label (a multi-class task needs exactly one)"
          : "several labels (" + String.join(", ", values) + ") in a multi-class task, where each example has"
              + " exactly one; for data where an example can have several set task.type = multi-label";
    }
    return labels.contains(values.get(0)) ? null
        : "unknown label '" + values.get(0) + "' (labels: " + String.join(", ", labels) + ")";
  }

  @Override
  public Optional<float[]> target(List<String> values) {
    if (problem(values) != null) {
      return Optional.empty();
    }
    float[] oneHot = new float[labels.size()];
    oneHot[labels.indexOf(values.get(0))] = 1f;
    return Optional.of(oneHot);
  }

  @Override
  public Splits.Split split(List<Review> reviews, double fraction, long seed) {
    return Splits.stratified(reviews, fraction, seed);
  }

  @Override
  public Operand<TFloat32> exampleLosses(Ops tf, Operand<TFloat32> targets, Operand<TFloat32> logits) {
    Operand<TFloat32> ce = loss == LossFunction.SOFTMAX
        ? Losses.softmaxCrossEntropy(tf, targets, logits)
        : Losses.summedSigmoidCrossEntropy(tf, targets, logits, ones(labels.size()));
    return Losses.allOnes(classWeights) ? ce : tf.math.mul(ce, Losses.classWeights(tf, targets, classWeights));
  }

  @Override
  public Operand<TFloat32> probabilities(Ops tf, Operand<TFloat32> logits) {
    return loss == LossFunction.SOFTMAX ? tf.nn.softmax(logits) : tf.math.sigmoid(logits);
  }

  @Override
  public float[] probabilities(float[] logits) {
    if (loss == LossFunction.SIGMOID) {
      return TaskChecks.sigmoids(logits);
    }
    float[] out = new float[logits.length];
    double max = Double.NEGATIVE_INFINITY;
    for (float x : logits) {
      max = Math.max(max, x);
    }
    double sum = 0;
    for (int k = 0; k < out.length; k++) {
      sum += Math.exp(logits[k] - max);
    }
    for (int k = 0; k < out.length; k++) {
      out[k] = (float) (Math.exp(logits[k] - max) / sum);
    }
    return out;
  }

  @Override
  public TaskMetrics metrics(float[][] probabilities, float[][] targets, double meanLoss) {
    int[] truth = new int[targets.length];
    for (int i = 0; i < truth.length; i++) {
      truth[i] = argmax(targets[i]);
    }
    return MultiClassMetrics.compute(labels, probabilities, truth, meanLoss, topK);
  }

  @Override
  public List<String> metricNames() {
    return MultiClassMetrics.metricNames(labels.size(), topK);
  }

  @Override
  public String runningMetric() {
    return "accuracy";
  }

  @Override
  public double[] tally(float[] probabilities, float[] target) {
    return new double[] {target[argmax(probabilities)] == 1f ? 1 : 0, 1};
  }

  @Override
  public Prediction prediction(float[] probabilities) {
    Map<String, Float> byName = new LinkedHashMap<>();
    for (int k = 0; k < labels.size(); k++) {
      byName.put(labels.get(k), probabilities[k]);
    }
    return new Prediction(List.of(labels.get(argmax(probabilities))), byName);
  }

  @Override
  public String render(Prediction p, int top) {
    if (top <= 1) {
      return String.format(Locale.ROOT, "%.4f\t%s", p.probability(p.label()), p.label());
    }
    return TaskChecks.list(p.top(top));
  }

  @Override
  public ObjectNode renderJson(Prediction p) {
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.put("label", p.label());
    n.put("probability", p.probability(p.label()));
    return TaskChecks.probabilitiesJson(n, p);
  }

  @Override
  public double exampleLoss(float[] logits, float[] target) {
    if (loss == LossFunction.SIGMOID) {
      return TaskChecks.summedSigmoidLoss(logits, target);
    }
    double max = Double.NEGATIVE_INFINITY;
    for (float x : logits) {
      max = Math.max(max, x);
    }
    double sum = 0;
    for (float x : logits) {
      sum += Math.exp(x - max);
    }
    return max + Math.log(sum) - logits[argmax(target)];
  }

  @Override
  public double[] thresholds() {
    return new double[0];
  }

  @Override
  public Task withThresholds(double[] thresholds) {
    return this;
  }

  @Override
  public String lossDescription() {
    return (loss == LossFunction.SOFTMAX ? "softmax cross-entropy" : "one-vs-rest sigmoid cross-entropy")
        + TaskChecks.weights("class weights", labels, classWeights);
  }

  @Override
  public ObjectNode json() {
    return TaskChecks.json(this, loss == LossFunction.SOFTMAX ? "softmax" : "sigmoid").put("top_k", topK);
  }

  /** Index of the largest value; ties go to the lowest index. */
  static int argmax(float[] values) {
    int best = 0;
    for (int k = 1; k < values.length; k++) {
      if (values[k] > values[best]) {
        best = k;
      }
    }
    return best;
  }

  private static float[] ones(int n) {
    float[] out = new float[n];
    Arrays.fill(out, 1f);
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MultiClassTask t && labels.equals(t.labels) && loss == t.loss && topK == t.topK
        && Arrays.equals(classWeights, t.classWeights);
  }

  @Override
  public int hashCode() {
    return labels.hashCode() * 31 + loss.hashCode();
  }
}
