package dev.bertune.task;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bertune.metrics.MultiLabelMetrics;
import dev.bertune.metrics.TaskMetrics;
import dev.bertune.data.Review;
import dev.bertune.data.Splits;
import java.util.ArrayList;
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
 * K labels, each example any subset of them: K sigmoids, sigmoid cross-entropy summed over the labels (positive
 * labels weighted by {@code head.positive-class-weight}); label k is predicted when its probability reaches
 * {@code thresholds[k]}. Exported outputs {@code [-1, K]}.
 *
 * @param positiveWeights [K] loss weight of a positive label
 * @param thresholds [K] decision thresholds (train.threshold, or tuned on validation)
 */
public record MultiLabelTask(List<String> labels, float[] positiveWeights, double[] thresholds) implements Task {

  /** Checks the labels, weights and thresholds. */
  public MultiLabelTask {
    labels = TaskChecks.distinct(labels, 1, "a multi-label task");
    positiveWeights = positiveWeights.clone();
    thresholds = TaskChecks.thresholds(thresholds, labels.size());
    if (positiveWeights.length != labels.size()) {
      throw new IllegalArgumentException("expected " + labels.size() + " positive weights");
    }
  }

  @Override
  public double[] thresholds() {
    return thresholds.clone();
  }

  @Override
  public TaskType type() {
    return TaskType.MULTI_LABEL;
  }

  @Override
  public int outputs() {
    return labels.size();
  }

  @Override
  public String problem(List<String> values) {
    List<String> unknown = values.stream().filter(v -> !labels.contains(v)).toList();
    return unknown.isEmpty() ? null : "unknown label" + (unknown.size() == 1 ? " '" : "s '")
        + String.join("', '", unknown) + "' (labels: " + String.join(", ", labels) + ")";
  }

  @Override
  public Optional<float[]> target(List<String> values) {
    if (problem(values) != null) {
      return Optional.empty();
    }
    float[] multiHot = new float[labels.size()];
    values.forEach(v -> multiHot[labels.indexOf(v)] = 1f);
    return Optional.of(multiHot);
  }

  @Override
  public Splits.Split split(List<Review> reviews, double fraction, long seed) {
    return Splits.iterative(reviews, fraction, seed);
  }

  @Override
  public Operand<TFloat32> exampleLosses(Ops tf, Operand<TFloat32> targets, Operand<TFloat32> logits) {
    return Losses.summedSigmoidCrossEntropy(tf, targets, logits, positiveWeights);
  }

  @Override
  public Operand<TFloat32> probabilities(Ops tf, Operand<TFloat32> logits) {
    return tf.math.sigmoid(logits);
  }

  @Override
  public float[] probabilities(float[] logits) {
    return TaskChecks.sigmoids(logits);
  }

  @Override
  public TaskMetrics metrics(float[][] probabilities, float[][] targets, double meanLoss) {
    boolean[][] truth = new boolean[targets.length][];
    for (int i = 0; i < truth.length; i++) {
      truth[i] = new boolean[targets[i].length];
      for (int k = 0; k < truth[i].length; k++) {
        truth[i][k] = targets[i][k] == 1f;
      }
    }
    return MultiLabelMetrics.compute(labels, probabilities, truth, thresholds, meanLoss);
  }

  @Override
  public List<String> metricNames() {
    return MultiLabelMetrics.metricNames();
  }

  @Override
  public String runningMetric() {
    return "micro_f1";
  }

  @Override
  public double[] tally(float[] probabilities, float[] target) {
    int tp = 0;
    int wrong = 0;
    for (int k = 0; k < probabilities.length; k++) {
      boolean predicted = probabilities[k] >= thresholds[k];
      boolean actual = target[k] == 1f;
      tp += predicted && actual ? 1 : 0;
      wrong += predicted != actual ? 1 : 0;
    }
    return new double[] {2.0 * tp, 2.0 * tp + wrong};
  }

  @Override
  public Prediction prediction(float[] probabilities) {
    Map<String, Float> byName = new LinkedHashMap<>();
    List<String> predicted = new ArrayList<>();
    for (int k = 0; k < labels.size(); k++) {
      byName.put(labels.get(k), probabilities[k]);
      if (probabilities[k] >= thresholds[k]) {
        predicted.add(labels.get(k));
      }
    }
    return new Prediction(predicted, byName);
  }

  @Override
  public String render(Prediction p, int top) {
    if (p.labels().isEmpty()) {
      return "(none)";
    }
    return TaskChecks.list(p.labels().stream().map(l -> Map.entry(l, p.probability(l))).toList());
  }

  @Override
  public ObjectNode renderJson(Prediction p) {
    ObjectNode n = new ObjectMapper().createObjectNode();
    p.labels().forEach(n.putArray("labels")::add);
    return TaskChecks.probabilitiesJson(n, p);
  }

  @Override
  public double exampleLoss(float[] logits, float[] target) {
    return TaskChecks.summedSigmoidLoss(logits, target);
  }

  @Override
  public Task withThresholds(double[] tuned) {
    return new MultiLabelTask(labels, positiveWeights, tuned);
  }

  @Override
  public String lossDescription() {
    return "sigmoid cross-entropy summed over " + labels.size() + " labels"
        + TaskChecks.weights("positive weights", labels, positiveWeights);
  }

  @Override
  public ObjectNode json() {
    return TaskChecks.json(this, "sigmoid");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MultiLabelTask t && labels.equals(t.labels) && Arrays.equals(thresholds, t.thresholds)
        && Arrays.equals(positiveWeights, t.positiveWeights);
  }

  @Override
  public int hashCode() {
    return labels.hashCode() * 31 + Arrays.hashCode(thresholds);
  }
}
