package dev.bertune.task;

import dev.bertune.BertuneException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code head.class-weights}: per-class loss weights for imbalanced single-label data (binary, multi-class), as
 * Keras' {@code class_weight}: each example's loss is multiplied by the weight of its class.
 *
 * @param kind none, balanced ({@code n / (K * n_k)}, scikit-learn's "balanced") or given by name
 * @param given the weights by class name when {@code kind} is {@link Kind#GIVEN} (classes not named weigh 1)
 */
public record ClassWeights(Kind kind, Map<String, Double> given) {

  /** How the weights are chosen. */
  public enum Kind { NONE, BALANCED, GIVEN }

  /** No weighting. */
  public static final ClassWeights NONE = new ClassWeights(Kind.NONE, Map.of());

  /** Copies the map and checks the weights. */
  public ClassWeights {
    given = Map.copyOf(new TreeMap<>(given));
    if (given.values().stream().anyMatch(w -> !(w > 0))) {
      throw new BertuneException("config key 'head.class-weights': every weight must be > 0, got " + given);
    }
    if (kind != Kind.GIVEN && !given.isEmpty()) {
      throw new IllegalArgumentException("weights given with kind " + kind);
    }
  }

  /**
   * The weight of each class of {@code labels}.
   *
   * @param counts training examples per class, in the same order
   */
  public float[] resolve(List<String> labels, long[] counts) {
    float[] out = new float[labels.size()];
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    for (int k = 0; k < out.length; k++) {
      out[k] = switch (kind) {
        case NONE -> 1f;
        case BALANCED -> counts[k] == 0 ? 1f : (float) ((double) total / (labels.size() * counts[k]));
        case GIVEN -> given.getOrDefault(labels.get(k), 1.0).floatValue();
      };
    }
    if (kind == Kind.GIVEN) {
      TaskChecks.requireKnown("head.class-weights", given.keySet(), labels);
    }
    return out;
  }

  /** For logs: "none", "balanced" or the map. */
  public String describe() {
    return kind == Kind.GIVEN ? given.toString() : kind.name().toLowerCase(java.util.Locale.ROOT);
  }
}
