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
}
