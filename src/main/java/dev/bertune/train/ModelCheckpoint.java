package dev.bertune.train;

import dev.bertune.config.BertuneConfig;
import java.util.Map;

/**
 * Writes the run's checkpoints: "last" after every epoch (and every {@code every-steps} steps inside one),
 * which {@code train --resume} continues from, and the best epoch by the monitored metric. Writes are atomic
 * (see {@link Checkpoints}).
 */
public final class ModelCheckpoint extends MonitorCallback {
  private final Checkpoints checkpoints;
  private final boolean saveBest;
  private final int everySteps;
  private Trainer trainer;
  private int stepsPerEpoch;

  public ModelCheckpoint(BertuneConfig.Checkpoint settings, Checkpoints checkpoints) {
    super(settings.monitor());
    this.checkpoints = checkpoints;
    this.saveBest = settings.saveBest();
    this.everySteps = settings.everySteps();
  }

  @Override
  public void onTrainBegin(TrainingPlan plan) {
    trainer = plan.trainer();
    stepsPerEpoch = plan.stepsPerEpoch();
  }

  @Override
  public void onBatchEnd(int epoch, int batch, int examples, Map<String, Double> logs) {
    if (everySteps > 0 && trainer.step() % everySteps == 0 && batch < stepsPerEpoch) {
      checkpoints.saveLast(trainer, false);
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    if (observe(epoch, logs) && saveBest) {
      checkpoints.saveBest(monitor, trainer);
    }
    checkpoints.saveLast(trainer, true);
  }
}
