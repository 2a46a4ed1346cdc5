package dev.bertune.task;

import dev.bertune.BertuneException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code head.positive-class-weight}: the loss weight of a positive label, one number for every label or a map by
 * label name (labels not named weigh 1).
 *
 * @param all the weight of labels not in {@code byLabel}
 * @param byLabel weights by label name
 */
public record LabelWeights(double all, Map<String, Double> byLabel) {

  /** Unweighted. */
  public static final LabelWeights NONE = new LabelWeights(1.0, Map.of());

  /** Copies the map and checks that every weight is positive. */
  public LabelWeights {
    byLabel = Map.copyOf(new TreeMap<>(byLabel));
    if (!(all > 0) || byLabel.values().stream().anyMatch(w -> !(w > 0))) {
      throw new BertuneException("config key 'head.positive-class-weight': every weight must be > 0, got "
          + (byLabel.isEmpty() ? all : byLabel));
    }
  }

  /** One weight per label of {@code labels}, in order; a name not among them is an error listing them. */
  public float[] resolve(List<String> labels) {
    TaskChecks.requireKnown("head.positive-class-weight", byLabel.keySet(), labels);
    float[] out = new float[labels.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = byLabel.getOrDefault(labels.get(k), all).floatValue();
    }
    return out;
  }

  /** Whether some weight differs from 1. */
  public boolean weighted() {
    return all != 1.0 || byLabel.values().stream().anyMatch(w -> w != 1.0);
  }
}
