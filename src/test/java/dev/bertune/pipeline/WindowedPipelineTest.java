package dev.bertune.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token cache of texts in windows through the tf.data pipeline: one window count per bucket and batch, batch-size /
 * windows texts per batch, each text's windows as consecutive rows in order, labels per text.
 */
class WindowedPipelineTest {
  static final int L = 12; // every window of a long text has the max length
  static final int BATCH = 8;
  static final List<TokenizedExample> DATA = new ArrayList<>();
  static final Map<Integer, TokenizedExample> BY_ID = new HashMap<>();

  @TempDir static Path root;
  static TokenCache.Entry entry;

  /** Text {@code id} of {@code windows} windows: window v of it starts [CLS], id token, v, ... */
  static TokenizedExample text(int id, int windows) {
    if (windows == 1) {
      return TestData.example(id, 3 + id % (L - 2));
    }
    int[] ids = new int[windows * L];
    int[] seg = new int[windows * L];
    int[] lengths = new int[windows];
    for (int v = 0; v < windows; v++) {
      ids[v * L] = 101;
      ids[v * L + 1] = TestData.ID_BASE + id;
      for (int j = 2; j < L - 1; j++) {
        ids[v * L + j] = 3000 + v * 100 + j;
      }
      ids[v * L + L - 1] = 102;
      lengths[v] = L;
    }
    return new TokenizedExample(ids, seg, new float[] {id % 2, 1 - id % 2}, lengths);
  }

  @BeforeAll
  static void build() throws Exception {
    for (int i = 0; i < 45; i++) {
      TokenizedExample t = text(i, i % 3 == 0 ? 1 : (i % 3 == 1 ? 3 : 5));
      DATA.add(t);
      BY_ID.put(i, t);
    }
    entry = new TokenCache(root).getOrCreate(TokenCache.CacheKey.of("d", "v", L, "head | windows", true),
        () -> DATA, 4);
    assertTrue(entry.buckets().stream().anyMatch(b -> b.windows() == 3 && b.examples() == 15), entry.buckets().toString());
    assertTrue(entry.buckets().stream().anyMatch(b -> b.windows() == 5 && b.examples() == 15));
    assertEquals(DATA, entry.readExamples(), "the cache gives back every text with its windows");
  }

  @Test
  void batchesHoldOneWindowCountAndAboutBatchSizeWindows() {
    try (InputPipeline p = InputPipeline.training(entry, BATCH, 3)) {
      p.startEpoch(1);
      int texts = 0;
      int batches = 0;
      Map<Integer, Integer> batchesByWindows = new HashMap<>();
      for (Optional<Batch> ob = p.next(); ob.isPresent(); ob = p.next()) {
        try (Batch b = ob.get()) {
          batches++;
          int w = b.windows();
          batchesByWindows.merge(w, 1, Integer::sum);
          assertEquals(b.size() * w, b.rows());
          assertTrue(b.size() <= Batch.examplesPerBatch(BATCH, w), b.size() + " texts of " + w + " windows");
          int[] ids = new int[b.rows() * b.sequenceLength()];
          b.inputIds().asRawTensor().data().asInts().read(ids);
          float[][] labels = b.labelRows();
          float[] mask = new float[b.size() * w];
          b.windowMask().asRawTensor().data().asFloats().read(mask);
          for (float m : mask) {
            assertEquals(1f, m);
          }
          for (int i = 0; i < b.size(); i++) {
            int id = ids[i * w * b.sequenceLength() + 1] - TestData.ID_BASE;
            TokenizedExample expected = BY_ID.get(id);
            assertEquals(expected.windows(), w, "text " + id);
            assertArrayEquals(expected.target(), labels[i]);
            for (int v = 0; v < w; v++) {
              int row = (i * w + v) * b.sequenceLength();
              assertEquals(TestData.ID_BASE + id, ids[row + 1], "window " + v + " of text " + id);
              if (w > 1) {
                assertEquals(3000 + v * 100 + 2, ids[row + 2], "windows in order");
              }
            }
          }
          texts += b.size();
        }
      }
      assertEquals(45, texts);
      assertEquals(p.batchesPerEpoch(), batches);
      // 15 texts of 3 windows: 8 batches of 2 texts; 15 of 5 windows: 15 of 1
      assertEquals(8, batchesByWindows.get(3));
      assertEquals(15, batchesByWindows.get(5));
    }
  }

  @Test
  void inOrderBatchesRefuseWindows() {
    assertThrows(IllegalArgumentException.class, () -> InputPipeline.evaluation(entry, BATCH));
  }

  @Test
  void inMemoryBatchPadsShorterTextsWithMaskedWindows() {
    try (Batch b = Batch.of(List.of(BY_ID.get(0), BY_ID.get(1)))) { // 1 and 3 windows
      assertEquals(2, b.size());
      assertEquals(3, b.windows());
      float[] mask = new float[6];
      b.windowMask().asRawTensor().data().asFloats().read(mask);
      assertArrayEquals(new float[] {1, 0, 0, 1, 1, 1}, mask);
      assertEquals(BY_ID.get(0).length() + BY_ID.get(1).length(), b.realTokens());
      assertEquals(6L * L, b.computedTokens());
    }
  }
}
