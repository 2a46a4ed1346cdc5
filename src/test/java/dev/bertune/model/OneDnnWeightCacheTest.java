package dev.bertune.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.BertuneException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Training is refused where TensorFlow's oneDNN weight cache is on, in every spelling TensorFlow takes, and only
 * there; a value TensorFlow cannot read is refused for every command.
 */
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

  @Test
  void onlyValuesTensorFlowCanReadAreAccepted() {
    for (String readable : List.of("0", "1", "true", "FALSE", "True")) {
      assertDoesNotThrow(() -> OneDnnWeightCache.requireReadableSetting(Map.of(OneDnnWeightCache.VARIABLE,
          readable)), readable);
    }
    assertDoesNotThrow(() -> OneDnnWeightCache.requireReadableSetting(Map.of()));
    for (String unreadable : List.of("yes", "on", "", " 1", "2")) {
      BertuneException e = assertThrows(BertuneException.class,
          () -> OneDnnWeightCache.requireReadableSetting(Map.of(OneDnnWeightCache.VARIABLE, unreadable)));
      assertTrue(e.getMessage().contains("accepted: 0, 1, true, false"), e.getMessage());
    }
  }
}
