package dev.bertune.train;

import dev.bertune.config.BertuneConfig;
import java.util.Map;

/**
 * Stops training when the monitored metric has not improved for {@code patience} epochs, by setting the stop
 * flag (the run then tests and exports normally). With restore-best, the weights of the best epoch are loaded
 * back at the end, from the "best" checkpoint that {@link Checkpoints} keeps for this monitor.
 */
public final class EarlyStopping extends MonitorCallback {
  private final int patience;
  private final boolean restoreBest;
  private final Checkpoints checkpoints;
  private TrainingControl control;
  private Trainer trainer;
  private int wait;
  private int stoppedEpoch;
  private boolean restored;

  /**
   * @param checkpoints where the best weights go when {@code restoreBest}; may be the run's checkpoint store
   */
  public EarlyStopping(BertuneConfig.EarlyStopping settings, Checkpoints checkpoints) {
    super(settings.monitor());
    this.patience = settings.patience();
    this.restoreBest = settings.restoreBest();
    this.checkpoints = checkpoints;
  }

  @Override
  public void onTrainBegin(TrainingPlan plan) {
    control = plan.control();
    trainer = plan.trainer();
  }

  @Override
  protected void replay(int epoch, Map<String, Double> logs) {
    wait = observe(epoch, logs) ? 0 : wait + 1;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    if (observe(epoch, logs)) {
      wait = 0;
      if (restoreBest) {
        checkpoints.saveBest(monitor, trainer);
      }
    } else if (++wait >= Math.max(1, patience)) {
      stoppedEpoch = epoch;
      control.requestStop();
    }
  }

  @Override
  public void onTrainEnd() {
    if (restoreBest && stoppedEpoch > 0 && bestEpoch() > 0 && bestEpoch() != stoppedEpoch) {
      checkpoints.restoreBest(monitor, trainer.model());
      restored = true;
    }
  }

  /** Whether the best epoch's weights were loaded back at the end of training. */
  public boolean restoredBest() {
    return restored;
  }

  /** The epoch after which training stopped, or 0 when it ran all epochs. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }
}
