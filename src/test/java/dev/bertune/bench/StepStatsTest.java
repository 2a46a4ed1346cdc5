package dev.bertune.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StepStatsTest {
  @Test
  void medianQuartilesAndSpread() {
    StepStats s = StepStats.of(new double[] {0.5, 0.1, 0.4, 0.2, 0.3});
    assertEquals(0.3, s.median(), 1e-12);
    assertEquals(0.1, s.min(), 1e-12);
    assertEquals(0.2, s.p25(), 1e-12);
    assertEquals(0.4, s.p75(), 1e-12);
    assertEquals(0.5, s.max(), 1e-12);
    assertEquals(Math.sqrt(0.025), s.stddev(), 1e-12);
    assertEquals(0.5, s.seconds()[0], 0, "keeps the order the steps ran in");
  }

  @Test
  void evenCountInterpolatesAndOneStepHasNoSpread() {
    StepStats s = StepStats.of(new double[] {1, 2, 3, 4});
    assertEquals(2.5, s.median(), 1e-12);
    assertEquals(1.75, s.p25(), 1e-12);
    assertEquals(3.25, s.p75(), 1e-12);
    StepStats one = StepStats.of(new double[] {0.7});
    assertEquals(0.7, one.median(), 0);
    assertEquals(0, one.stddev(), 0);
  }
}
