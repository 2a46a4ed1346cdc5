package dev.bertune.train;

import dev.bertune.BertuneException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Stops training at the first step whose loss or gradient norm is NaN or infinite (the weights that step wrote are
 * unusable, so nothing after it may be checkpointed or exported), and warns once per epoch when a batch's loss
 * exceeds {@value #EXPLOSION_FACTOR} times the first epoch's mean loss.
 */
final class DivergenceGuard {
  static final double EXPLOSION_FACTOR = 100;
  private final Consumer<String> warn;
  private double firstEpochLoss = Double.NaN;
  private int warnedEpoch;

  DivergenceGuard(Consumer<String> warn) {
    this.warn = warn;
  }

  /** A resumed run's first-epoch loss, from its history. */
  void resume(List<Map<String, Double>> history) {
    if (!history.isEmpty() && history.get(0).get("loss") != null) {
      firstEpochLoss = history.get(0).get("loss");
    }
  }

  /** Records epoch 1's mean loss, the reference for explosions. */
  void epochEnd(int epoch, double meanLoss) {
    if (epoch == 1 || Double.isNaN(firstEpochLoss)) {
      firstEpochLoss = meanLoss;
    }
  }

  /**
   * Checks one step's loss and (when it updated the weights) gradient norm.
   *
   * @throws BertuneException when either is NaN or infinite
   */
  void check(int epoch, int batch, long step, double loss, double gradientNorm, boolean updated, double encoderLr,
      double headLr) {
    if (!Double.isFinite(loss) || (updated && !Double.isFinite(gradientNorm))) {
      throw new BertuneException(String.format(Locale.ROOT, "training diverged at epoch %d, batch %d (step %d):"
          + " loss %s, gradient norm %s, learning rates encoder %.3g, head %.3g; stopped there, the last checkpoint"
          + " written before it is kept and nothing is exported; lower train.learning-rate.* (or check the data)",
          epoch, batch, step, loss, updated ? gradientNorm : "not measured", encoderLr, headLr));
    }
    if (Double.isFinite(firstEpochLoss) && firstEpochLoss > 0 && loss > EXPLOSION_FACTOR * firstEpochLoss
        && warnedEpoch != epoch) {
      warnedEpoch = epoch;
      warn.accept(String.format(Locale.ROOT, "warning: the loss is exploding: %.4g at epoch %d, batch %d, over %.0fx"
          + " the first epoch's %.4g (learning rates encoder %.3g, head %.3g)", loss, epoch, batch, EXPLOSION_FACTOR,
          firstEpochLoss, encoderLr, headLr));
    }
  }
}
