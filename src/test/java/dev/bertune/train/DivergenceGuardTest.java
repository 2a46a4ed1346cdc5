package dev.bertune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.BertuneException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NaN or infinite losses and gradient norms stop training where they happen; an exploding loss warns once. */
class DivergenceGuardTest {
  private final List<String> warnings = new ArrayList<>();
  private final DivergenceGuard guard = new DivergenceGuard(warnings::add);

  @Test
  void aNonFiniteLossOrNormStopsNamingTheStep() {
    guard.check(1, 1, 1, 0.7, 3.0, true, 2e-5, 1e-3);
    BertuneException loss = assertThrows(BertuneException.class,
        () -> guard.check(2, 5, 17, Double.NaN, 1.0, true, 2e-5, 1e-3));
    assertTrue(loss.getMessage().startsWith("training diverged at epoch 2, batch 5 (step 17): loss NaN, gradient"
        + " norm 1.0, learning rates encoder 2.00e-05, head 0.00100"), loss.getMessage());
    BertuneException norm = assertThrows(BertuneException.class,
        () -> guard.check(1, 3, 3, 0.5, Double.POSITIVE_INFINITY, true, 2e-5, 1e-3));
    assertTrue(norm.getMessage().contains("gradient norm Infinity"), norm.getMessage());
    guard.check(1, 4, 4, 0.5, Double.NaN, false, 2e-5, 1e-3); // an accumulation step measures no norm
  }

  @Test
  void aLossOverAHundredTimesTheFirstEpochsWarnsOncePerEpoch() {
    guard.epochEnd(1, 0.5);
    guard.check(2, 1, 10, 49.0, 1, true, 2e-5, 1e-3);
    assertEquals(List.of(), warnings);
    guard.check(2, 2, 11, 51.0, 1, true, 2e-5, 1e-3);
    guard.check(2, 3, 12, 80.0, 1, true, 2e-5, 1e-3);
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("warning: the loss is exploding: 51.00 at epoch 2, batch 2, over 100x the"
        + " first epoch's 0.5000"), warnings.get(0));
    DivergenceGuard resumed = new DivergenceGuard(warnings::add);
    resumed.resume(List.of(Map.of("epoch", 1.0, "loss", 0.5)));
    resumed.check(3, 1, 20, 60.0, 1, true, 2e-5, 1e-3);
    assertEquals(2, warnings.size(), "a resumed run compares with its first epoch too");
  }
}
