package dev.bertune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.config.BertuneConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Early stopping on scripted metric sequences: it stops at the right epoch, by flag. */
class EarlyStoppingTest {

  /** Feeds {@code values} of {@code metric} epoch by epoch; returns the epoch at which stop was requested. */
  static int run(String metric, boolean higherIsBetter, double minDelta, int patience, double... values) {
    EarlyStopping es = new EarlyStopping(new BertuneConfig.EarlyStopping(true,
        new BertuneConfig.Monitor(metric, higherIsBetter, minDelta), patience, false), null);
    TrainingControl control = new TrainingControl();
    es.onTrainBegin(new Callback.TrainingPlan(values.length, 1, 1, null, control));
    for (int epoch = 1; epoch <= values.length; epoch++) {
      es.onEpochEnd(epoch, Map.of(metric, values[epoch - 1]));
      if (control.stopRequested()) {
        assertFalse(control.interrupted(), "early stopping ends normally, it does not interrupt");
        return epoch;
      }
    }
    return 0;
  }

  @Test
  void stopsAfterPatienceEpochsWithoutImprovement() {
    assertEquals(4, run("val_loss", false, 0, 2, 1.0, 0.8, 0.85, 0.9, 0.7));
    assertEquals(3, run("val_loss", false, 0, 1, 1.0, 0.8, 0.85, 0.7));
  }

  @Test
  void improvementResetsTheCount() {
    assertEquals(0, run("val_loss", false, 0, 2, 1.0, 1.1, 0.9, 1.0, 0.8, 0.85));
  }

  @Test
  void maxModeAndMinDelta() {
    assertEquals(4, run("val_accuracy", true, 0, 2, 0.5, 0.7, 0.65, 0.69));
    // +0.005 is below min-delta 0.01: not an improvement
    assertEquals(3, run("val_accuracy", true, 0.01, 2, 0.70, 0.705, 0.708));
  }

  @Test
  void resumedRunReplaysHistory() {
    EarlyStopping es = new EarlyStopping(new BertuneConfig.EarlyStopping(true,
        new BertuneConfig.Monitor("val_loss", false, 0), 2, false), null);
    TrainingControl control = new TrainingControl();
    es.onTrainBegin(new Callback.TrainingPlan(5, 1, 1, null, control));
    es.onResume(List.of(Map.of("epoch", 1.0, "val_loss", 0.5), Map.of("epoch", 2.0, "val_loss", 0.6)));
    assertEquals(0.5, es.best());
    es.onEpochEnd(3, Map.of("val_loss", 0.7)); // second epoch without improvement
    assertTrue(control.stopRequested());
  }
}
