package dev.bertune.train;

import java.util.Map;

/**
 * Hooks into {@link Trainer#fit}; every method is a no-op by default. {@link History} and {@link ProgressBar}
 * are callbacks like any other. Metrics arrive as ordered maps: {@code loss, accuracy, ...} for training,
 * {@code val_loss, val_accuracy, ...} for validation.
 */
public interface Callback {
  default void onTrainBegin(TrainingPlan plan) {}

  default void onEpochBegin(int epoch) {}

  /** After each optimisation step; {@code logs} holds the running means of the epoch so far. */
  default void onBatchEnd(int epoch, int batch, int examples, Map<String, Double> logs) {}

  /** After validation of {@code epoch} (1-based); {@code logs} holds training and validation metrics. */
  default void onEpochEnd(int epoch, Map<String, Double> logs) {}

  default void onTrainEnd() {}

  /**
   * The shape of a fit: epochs, steps and examples per epoch.
   *
   * @param totalExamples examples per epoch
   */
  record TrainingPlan(int epochs, int stepsPerEpoch, int totalExamples) {}
}
