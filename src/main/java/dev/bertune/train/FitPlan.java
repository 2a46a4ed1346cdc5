package dev.bertune.train;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link Trainer#fit} should do: how many epochs, on which learning-rate schedule, and where to start.
 *
 * @param epochs total epochs of the run
 * @param startEpoch 1 for a new run; for a resumed run the epoch in progress at the checkpoint
 * @param skipBatches batches of {@code startEpoch} already trained before the checkpoint
 * @param history epoch logs of the epochs already completed (resume), else empty
 * @param partialEpoch the scores of the {@code skipBatches} already trained (resume mid-epoch), if recorded
 */
public record FitPlan(int epochs, LearningRateSchedule schedule, int startEpoch, int skipBatches,
    List<Map<String, Double>> history, Optional<EpochScores> partialEpoch, TrainingControl control) {

  /** A run from the beginning. */
  public static FitPlan fresh(int epochs, LearningRateSchedule schedule, TrainingControl control) {
    return new FitPlan(epochs, schedule, 1, 0, List.of(), Optional.empty(), control);
  }

  public boolean resumed() {
    return startEpoch > 1 || skipBatches > 0;
  }
}
