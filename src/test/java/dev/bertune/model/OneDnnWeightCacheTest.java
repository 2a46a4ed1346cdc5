package dev.bertune.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.BertuneException;
import dev.bertune.config.FineTuneMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Training the encoder is refused where TensorFlow's oneDNN weight cache is on, and only there. */
class OneDnnWeightCacheTest {
  @Test
  void modesThatChangeBertsWeightsAreRefusedWhenTheCacheIsOn() {
    for (String on : List.of("1", "true", "TRUE", "True")) {
      for (FineTuneMode mode : List.of(FineTuneMode.FULL, FineTuneMode.PARTIAL)) {
        BertuneException e = assertThrows(BertuneException.class,
            () -> OneDnnWeightCache.requireFreshWeights(mode, Map.of(OneDnnWeightCache.VARIABLE, on)));
        assertTrue(e.getMessage().startsWith("TF_ONEDNN_ASSUME_FROZEN_WEIGHTS=" + on + " is set"), e.getMessage());
        assertTrue(e.getMessage().contains("train.mode = " + mode.name().toLowerCase()), e.getMessage());
      }
      assertDoesNotThrow(() -> OneDnnWeightCache.requireFreshWeights(FineTuneMode.FROZEN,
          Map.of(OneDnnWeightCache.VARIABLE, on)), "BERT's weights never change in frozen mode");
    }
    for (Map<String, String> off : List.of(Map.<String, String>of(), Map.of(OneDnnWeightCache.VARIABLE, "0"),
        Map.of(OneDnnWeightCache.VARIABLE, "false"), Map.of("OTHER", "1"))) {
      assertDoesNotThrow(() -> OneDnnWeightCache.requireFreshWeights(FineTuneMode.FULL, off), off.toString());
    }
  }
}
