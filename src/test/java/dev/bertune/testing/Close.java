package dev.bertune.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Closeness of float arrays relative to their scale. */
public final class Close {
  private Close() {}

  /** {@code x} and {@code y} agree within {@code tol} times the largest magnitude in {@code x}, which is not 0. */
  public static void assertClose(float[] x, float[] y, double tol, String what) {
    assertEquals(x.length, y.length, what);
    double scale = 0;
    double diff = 0;
    for (int k = 0; k < x.length; k++) {
      scale = Math.max(scale, Math.abs(x[k]));
      diff = Math.max(diff, Math.abs(x[k] - y[k]));
    }
    assertTrue(scale > 0, what + " is all zeros");
    assertTrue(diff <= tol * scale, what + ": max difference " + diff + " (largest value " + scale + ")");
  }
}
