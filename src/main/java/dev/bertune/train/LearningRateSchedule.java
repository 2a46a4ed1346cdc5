package dev.bertune.train;

/** Learning-rate multiplier by optimisation step (0-based); the base rates come from the config. */
public sealed interface LearningRateSchedule permits LearningRateSchedule.Constant, LearningRateSchedule.WarmupLinear {

  /** Multiplier in [0, 1] for {@code step}. */
  double factor(long step);

  /** Always 1. */
  record Constant() implements LearningRateSchedule {
    @Override
    public double factor(long step) {
      return 1;
    }
  }

  /** Linear warm-up from 0 over {@code warmupSteps}, then linear decay to 0 at {@code totalSteps}. */
  record WarmupLinear(long warmupSteps, long totalSteps) implements LearningRateSchedule {
    public WarmupLinear {
      if (totalSteps <= 0 || warmupSteps < 0 || warmupSteps > totalSteps) {
        throw new IllegalArgumentException("need 0 <= warmupSteps <= totalSteps, totalSteps > 0");
      }
    }

    /** Warm-up over {@code warmupFraction} of {@code totalSteps}. */
    public static WarmupLinear of(double warmupFraction, long totalSteps) {
      return new WarmupLinear(Math.round(warmupFraction * totalSteps), totalSteps);
    }

    @Override
    public double factor(long step) {
      if (step < warmupSteps) {
        return (step + 1.0) / warmupSteps;
      }
      long decaySteps = totalSteps - warmupSteps;
      return decaySteps == 0 ? 1 : Math.max(0, (double) (totalSteps - step) / decaySteps);
    }
  }
}
