package dev.bertune.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the classifier says about one text.
 *
 * @param labels the predicted labels: exactly one for binary and multi-class tasks, any number (none included)
 *     for multi-label tasks, in the export's label order
 * @param probabilities every label's probability by name, in the export's label order (binary: both classes,
 *     summing to 1; multi-class with softmax: all summing to 1; sigmoid outputs: each in [0, 1] on its own)
 */
public record Prediction(List<String> labels, Map<String, Float> probabilities) {

  /** Copies both (the map keeps its order). */
  public Prediction {
    labels = List.copyOf(labels);
    probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
  }

  /** The first predicted label; for multi-label predictions with no label, the empty string. */
  public String label() {
    return labels.isEmpty() ? "" : labels.get(0);
  }

  /** The probability of {@code label}. */
  public float probability(String label) {
    Float p = probabilities.get(label);
    if (p == null) {
      throw new IllegalArgumentException("no label '" + label + "'; labels: " + probabilities.keySet());
    }
    return p;
  }

  /** The {@code n} most probable labels with their probabilities, most probable first (ties: label order). */
  public List<Map.Entry<String, Float>> top(int n) {
    List<Map.Entry<String, Float>> all = new ArrayList<>(probabilities.entrySet());
    all.sort((a, b) -> Float.compare(b.getValue(), a.getValue())); // stable: ties keep label order
    return List.copyOf(all.subList(0, Math.min(Math.max(n, 0), all.size())));
  }
}
