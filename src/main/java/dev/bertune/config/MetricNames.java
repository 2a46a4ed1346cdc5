package dev.bertune.config;

import java.util.List;
import java.util.Set;

/**
 * The epoch-log metric names any task can have, for checking a monitor at start-up (which of them a run has
 * depends on its task, known once the data is read; {@code TrainingRun} checks again then).
 */
final class MetricNames {
  private MetricNames() {}

  /** Every metric name of every task (top-k accuracy as {@code top_<k>_accuracy}). */
  static final List<String> ALL = List.of("loss", "accuracy", "precision", "recall", "f1", "auc", "macro_f1",
      "weighted_f1", "top_<k>_accuracy", "micro_f1", "subset_accuracy", "hamming_loss", "macro_auc");

  private static final Set<String> LOWER_IS_BETTER = Set.of("loss", "hamming_loss");

  static boolean isKnown(String name) {
    return ALL.contains(name) || name.matches("top_[0-9]+_accuracy");
  }

  static boolean lowerIsBetter(String name) {
    return LOWER_IS_BETTER.contains(name);
  }
}
