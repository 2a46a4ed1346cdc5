package dev.bertune.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureCacheTest {
  @TempDir Path dir;

  static FeatureCache.Features features(float offset) {
    float[] v = new float[3 * 4];
    for (int i = 0; i < v.length; i++) {
      v[i] = offset + i / 10f;
    }
    return new FeatureCache.Features(v, new float[] {1, 0, 0, 1, 1, 1}, new int[] {1, 1, 1}, 4, 2, false); // labels [3, 2]
  }

  private List<Path> files() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void missComputesAndStoresThenHitReadsWithoutComputing() throws Exception {
    FeatureCache cache = new FeatureCache(dir);
    AtomicInteger computed = new AtomicInteger();
    FeatureCache.Features first = cache.getOrCompute("k", () -> {
      computed.incrementAndGet();
      return features(0);
    });
    assertFalse(first.hit());
    FeatureCache.Features second = cache.getOrCompute("k", () -> {
      computed.incrementAndGet();
      return features(99);
    });
    assertTrue(second.hit());
    assertEquals(1, computed.get());
    assertArrayEquals(first.vectors(), second.vectors());
    assertArrayEquals(first.labels(), second.labels());
    assertEquals(4, second.hidden());
    assertEquals(1, files().size(), "no temporary file left");
  }

  @Test
  void anotherKeyIsAnotherEntry() throws Exception {
    FeatureCache cache = new FeatureCache(dir);
    cache.getOrCompute("model-a", () -> features(0));
    FeatureCache.Features b = cache.getOrCompute("model-b", () -> features(5));
    assertFalse(b.hit());
    assertEquals(5f, b.vectors()[0]);
  }

  @Test
  void damagedOrTruncatedEntryIsRecomputed() throws Exception {
    FeatureCache cache = new FeatureCache(dir);
    cache.getOrCompute("k", () -> features(0));
    Path file = files().get(0);
    byte[] bytes = Files.readAllBytes(file);
    bytes[20] ^= 1;
    Files.write(file, bytes);
    FeatureCache.Features again = cache.getOrCompute("k", () -> features(7));
    assertFalse(again.hit(), "a flipped bit is detected");
    assertEquals(7f, again.vectors()[0]);
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));
    assertFalse(cache.getOrCompute("k", () -> features(8)).hit(), "a half-written file is detected");
    assertTrue(cache.getOrCompute("k", () -> features(9)).hit());
  }
}
