package dev.bertune.task;

import dev.bertune.BertuneException;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** Checks shared by the task types. */
final class TaskChecks {
  private TaskChecks() {}

  /** Fails when a config key names labels the data does not have, listing the labels it has. */
  static void requireKnown(String key, Collection<String> named, List<String> labels) {
    TreeSet<String> unknown = new TreeSet<>(named);
    unknown.removeAll(labels);
    if (!unknown.isEmpty()) {
      throw new BertuneException("config key '" + key + "' names unknown label" + (unknown.size() == 1 ? " " : "s ")
          + String.join(", ", unknown) + "; the labels are: " + String.join(", ", labels));
    }
  }

  /** Fails unless {@code labels} has at least {@code min} distinct names. */
  static List<String> distinct(List<String> labels, int min, String task) {
    if (labels.size() < min || new TreeSet<>(labels).size() != labels.size()) {
      throw new IllegalArgumentException(task + " needs at least " + min + " distinct labels, got " + labels);
    }
    return List.copyOf(labels);
  }

  /** One probability in [0, 1], or thresholds out of range. */
  static double[] thresholds(double[] t, int n) {
    if (t.length != n) {
      throw new IllegalArgumentException("expected " + n + " thresholds, got " + t.length);
    }
    for (double v : t) {
      if (!(v >= 0 && v <= 1)) {
        throw new IllegalArgumentException("threshold out of [0, 1]: " + v);
      }
    }
    return t.clone();
  }

  /** 1 / (1 + e^-x). */
  static float sigmoid(float x) {
    return (float) (1 / (1 + Math.exp(-x)));
  }

  /** The sigmoid of each logit. */
  static float[] sigmoids(float[] logits) {
    float[] out = new float[logits.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = sigmoid(logits[k]);
    }
    return out;
  }

  /** Sigmoid cross-entropy summed over the outputs of one example (unweighted). */
  static double summedSigmoidLoss(float[] logits, float[] target) {
    double sum = 0;
    for (int k = 0; k < logits.length; k++) {
      sum += sigmoidLoss(logits[k], target[k]);
    }
    return sum;
  }

  /** Sigmoid cross-entropy of one logit, stable: {@code max(x, 0) - x z + log(1 + e^-|x|)}. */
  static double sigmoidLoss(double x, double z) {
    return Math.max(x, 0) - x * z + Math.log1p(Math.exp(-Math.abs(x)));
  }

  /** {@code a 0.912, b 0.774}. */
  static String list(List<java.util.Map.Entry<String, Float>> entries) {
    StringBuilder s = new StringBuilder();
    for (java.util.Map.Entry<String, Float> e : entries) {
      s.append(s.length() == 0 ? "" : ", ").append(e.getKey())
          .append(String.format(java.util.Locale.ROOT, " %.3f", e.getValue()));
    }
    return s.toString();
  }

  /** The probabilities by name as a JSON object inside {@code into}. */
  static com.fasterxml.jackson.databind.node.ObjectNode probabilitiesJson(
      com.fasterxml.jackson.databind.node.ObjectNode into, Prediction p) {
    com.fasterxml.jackson.databind.node.ObjectNode probs = into.putObject("probabilities");
    p.probabilities().forEach(probs::put);
    return into;
  }

  /** The fields every task.json has: type, labels, thresholds and the probability op. */
  static com.fasterxml.jackson.databind.node.ObjectNode json(Task task, String probability) {
    com.fasterxml.jackson.databind.node.ObjectNode n = new com.fasterxml.jackson.databind.ObjectMapper()
        .createObjectNode();
    n.put("type", task.type().configName());
    task.labels().forEach(n.putArray("labels")::add);
    com.fasterxml.jackson.databind.node.ArrayNode t = n.putArray("thresholds");
    for (double v : task.thresholds()) {
      t.add(v);
    }
    n.put("probability", probability);
    return n;
  }

  /** {@code , <what> a 1.000, b 2.000}, or empty when every weight is 1. */
  static String weights(String what, List<String> labels, float[] weights) {
    if (Losses.allOnes(weights)) {
      return "";
    }
    StringBuilder w = new StringBuilder(", " + what + " ");
    for (int k = 0; k < labels.size(); k++) {
      w.append(k == 0 ? "" : ", ").append(labels.get(k)).append(' ')
          .append(String.format(java.util.Locale.ROOT, "%.3f", weights[k]));
    }
    return w.toString();
  }
}
