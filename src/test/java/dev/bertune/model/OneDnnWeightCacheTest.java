package dev.bertune.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.BertuneException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Training is refused where TensorFlow's oneDNN weight cache is on, in every spelling TensorFlow takes, and only there. */
class OneDnnWeightCacheTest {
  @Test
  void trainingIsRefusedWhenTheCacheIsOn() {
    for (String on : List.of("1", "true", "TRUE", "True")) {
      BertuneException e = assertThrows(BertuneException.class,
          () -> OneDnnWeightCache.requireFreshWeights(Map.of(OneDnnWeightCache.VARIABLE, on)));
      assertTrue(e.getMessage().startsWith("TF_ONEDNN_ASSUME_FROZEN_WEIGHTS=" + on + " is set"), e.getMessage());
    }
    for (Map<String, String> off : List.of(Map.<String, String>of(), Map.of(OneDnnWeightCache.VARIABLE, "0"),
        Map.of(OneDnnWeightCache.VARIABLE, "false"), Map.of("OTHER", "1"))) {
      assertDoesNotThrow(() -> OneDnnWeightCache.requireFreshWeights(off), off.toString());
    }
  }
}
