package dev.bertune.train;

import java.util.List;
import java.util.Map;

/**
 * Hooks into {@link Trainer#fit}; every method is a no-op by default. {@link History} and {@link ProgressBar}
 * are callbacks like any other. Metrics arrive as ordered maps: {@code loss, accuracy, ...} for training,
 * {@code val_loss, val_accuracy, ...} for validation. A callback ends training by setting a flag on
 * {@link TrainingPlan#control()}, never by throwing.
 */
public interface Callback {
  default void onTrainBegin(TrainingPlan plan) {}

  /** A resumed run: the epochs already done, for callbacks that track a best value. */
  default void onResume(List<Map<String, Double>> history) {}

  default void onEpochBegin(int epoch) {}

  /** After each optimisation step; {@code logs} holds the running means of the epoch so far. */
  default void onBatchEnd(int epoch, int batch, int examples, Map<String, Double> logs) {}

  /** After validation of {@code epoch} (1-based); {@code logs} holds training and validation metrics. */
  default void onEpochEnd(int epoch, Map<String, Double> logs) {}

  default void onTrainEnd() {}

  /**
   * The shape of a fit.
   *
   * @param totalExamples examples per epoch
   * @param trainer the trainer, for its step and position
   */
  record TrainingPlan(int epochs, int stepsPerEpoch, int totalExamples, Trainer trainer, TrainingControl control) {}
}
