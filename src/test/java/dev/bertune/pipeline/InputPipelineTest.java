package dev.bertune.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class InputPipelineTest {

  static final int N = 60;
  static final int WIDTH = 8;
  static final int BATCH = 4;
  static final List<TokenizedExample> DATA = TestData.mixed(N);

  @TempDir static Path root;
  static TokenCache.Entry bucketed; // width 8: lengths 3..40 fall into 5 buckets
  static TokenCache.Entry unbucketed; // width 64: one bucket

  @BeforeAll
  static void buildCache() throws IOException {
    TokenCache cache = new TokenCache(root.resolve("bucketed"));
    TokenCache.CacheKey key = TokenCache.CacheKey.of("data", "vocab", 64, "head", true);
    bucketed = cache.getOrCreate(key, () -> DATA, WIDTH);
    unbucketed = new TokenCache(root.resolve("flat")).getOrCreate(key, () -> DATA, 64);
    assertEquals(5, bucketed.buckets().size());
    assertEquals(1, unbucketed.buckets().size());
  }

  /** What one epoch yielded. */
  record EpochStats(
      List<Integer> order, List<Integer> batchBuckets, int batches, long real, long computed) {}

  /**
   * Runs one epoch and checks every batch in depth: each row equals its source example (ids,
   * segments, label), padding is zero, and T equals the batch's longest member.
   */
  static EpochStats runEpoch(InputPipeline p, int epoch, int maxBatch, boolean sameBucket) {
    p.startEpoch(epoch);
    List<Integer> order = new ArrayList<>();
    List<Integer> batchBuckets = new ArrayList<>();
    int batches = 0;
    long real = 0;
    long computed = 0;
    for (Optional<Batch> ob = p.next(); ob.isPresent(); ob = p.next()) {
      try (Batch b = ob.get()) {
        batches++;
        checkBatch(b, order, maxBatch, sameBucket);
        batchBuckets.add((b.sequenceLength() - 1) / WIDTH);
        real += b.realTokens();
        computed += b.computedTokens();
      }
    }
    assertTrue(p.next().isEmpty(), "stays empty after the end of the epoch");
    return new EpochStats(order, batchBuckets, batches, real, computed);
  }

  static void checkBatch(Batch b, List<Integer> order, int maxBatch, boolean sameBucket) {
    TInt32 ids = b.inputIds();
    TInt32 mask = b.inputMask();
    TInt32 seg = b.segmentIds();
    TFloat32 labels = b.labels();
    int t = b.sequenceLength();
    assertEquals(b.size(), labels.shape().size(0));
    int longest = 0;
    int shortest = Integer.MAX_VALUE;
    long maskSum = 0;
    for (int r = 0; r < b.size(); r++) {
      int id = ids.getInt(r, 1) - TestData.ID_BASE;
      TokenizedExample ex = DATA.get(id);
      order.add(id);
      longest = Math.max(longest, ex.length());
      shortest = Math.min(shortest, ex.length());
      for (int j = 0; j < t; j++) {
        boolean realToken = j < ex.length();
        assertEquals(realToken ? ex.inputId(j) : 0, ids.getInt(r, j), "ids row " + r + " pos " + j);
        assertEquals(realToken ? 1 : 0, mask.getInt(r, j), "mask");
        assertEquals(realToken ? ex.segmentId(j) : 0, seg.getInt(r, j), "segments");
        maskSum += mask.getInt(r, j);
      }
      for (int k = 0; k < ex.outputs(); k++) {
        assertEquals(ex.target(k), labels.getFloat(r, k), "label vector of example " + id);
      }
    }
    assertEquals(longest, t, "padded only to the longest member");
    assertEquals(maskSum, b.realTokens());
    assertEquals((long) b.size() * t, b.computedTokens());
    assertTrue(b.size() >= 1 && b.size() <= maxBatch, "batch size " + b.size());
    if (sameBucket) {
      assertEquals((shortest - 1) / WIDTH, (longest - 1) / WIDTH, "batch mixes buckets");
    }
  }

  static List<Integer> sorted(List<Integer> xs) {
    return xs.stream().sorted().toList();
  }

  static final List<Integer> ALL_IDS = java.util.stream.IntStream.range(0, N).boxed().toList();

  @Test
  void trainingEpochsArePermutationsWithNewOrderPerEpochAndReproducibleBySeed() {
    EpochStats e0;
    EpochStats e1;
    try (InputPipeline p = InputPipeline.training(bucketed, BATCH, 42)) {
      assertEquals(N, p.examples());
      e0 = runEpoch(p, 0, BATCH, true);
      e1 = runEpoch(p, 1, BATCH, true);
      assertEquals(e0.order(), runEpoch(p, 0, BATCH, true).order(), "restarting epoch 0 repeats it");
      assertEquals(e0.batches(), p.batchesPerEpoch());
    }
    assertEquals(ALL_IDS, sorted(e0.order()), "epoch 0: each example exactly once");
    assertEquals(ALL_IDS, sorted(e1.order()), "epoch 1: each example exactly once");
    assertNotEquals(e0.order(), e1.order(), "order must change between epochs");
    assertNotEquals(ALL_IDS, e0.order(), "training order must be shuffled");
    assertNotEquals(sorted(e0.batchBuckets()), e0.batchBuckets(),
        "whole batches must be shuffled across buckets, not served bucket by bucket");

    try (InputPipeline fresh = InputPipeline.training(bucketed, BATCH, 42)) {
      assertEquals(e0.order(), runEpoch(fresh, 0, BATCH, true).order(), "same seed, same epoch-0 order");
      assertEquals(e1.order(), runEpoch(fresh, 1, BATCH, true).order(), "same seed, same epoch-1 order");
    }
    try (InputPipeline other = InputPipeline.training(bucketed, BATCH, 43)) {
      assertNotEquals(e0.order(), runEpoch(other, 0, BATCH, true).order(), "another seed, another order");
    }
  }

  @Test
  void bucketingPadsFarLessThanNoBucketing() {
    EpochStats withBuckets;
    EpochStats without;
    try (InputPipeline p = InputPipeline.training(bucketed, BATCH, 7)) {
      withBuckets = runEpoch(p, 0, BATCH, true);
    }
    try (InputPipeline p = InputPipeline.training(unbucketed, BATCH, 7)) {
      without = runEpoch(p, 0, BATCH, false);
    }
    long realTotal = DATA.stream().mapToLong(TokenizedExample::length).sum();
    assertEquals(realTotal, withBuckets.real());
    assertEquals(realTotal, without.real());
    double ratioBuckets = (double) withBuckets.computed() / withBuckets.real();
    double ratioFlat = (double) without.computed() / without.real();
    System.out.printf("computed/real tokens: bucketed %.3f, unbucketed %.3f%n", ratioBuckets, ratioFlat);
    assertTrue(ratioBuckets < 1.25, "bucketed computed/real = " + ratioBuckets);
    assertTrue(ratioBuckets < ratioFlat - 0.2,
        "bucketed " + ratioBuckets + " vs unbucketed " + ratioFlat);
  }

  @Test
  void evaluationKeepsOriginalOrder() {
    try (InputPipeline p = InputPipeline.evaluation(bucketed, 7)) {
      assertEquals(9, p.batchesPerEpoch());
      EpochStats s = runEpoch(p, 0, 7, false);
      assertEquals(ALL_IDS, s.order());
      assertEquals(9, s.batches());
      assertEquals(ALL_IDS, runEpoch(p, 1, 7, false).order(), "every pass in the same order");
    }
  }

  @Test
  void byLengthYieldsEveryExampleOnceInAFixedOrderWithLittlePadding() {
    try (InputPipeline byLength = InputPipeline.byLength(bucketed, BATCH);
        InputPipeline inOrder = InputPipeline.evaluation(bucketed, BATCH)) {
      EpochStats s = runEpoch(byLength, 0, BATCH, true);
      assertEquals(ALL_IDS, sorted(s.order()), "each example exactly once");
      assertEquals(s.order(), runEpoch(byLength, 5, BATCH, true).order(), "no shuffle: same order every pass");
      EpochStats ordered = runEpoch(inOrder, 0, BATCH, false);
      assertTrue((double) s.computed() / s.real() < 1.25, "grouped by length: " + s.computed() + "/" + s.real());
      assertTrue(s.computed() < ordered.computed(), s.computed() + " vs in order " + ordered.computed());
    }
  }

  @Test
  void nextBeforeStartEpochFails() {
    try (InputPipeline p = InputPipeline.evaluation(bucketed, 7)) {
      assertThrows(IllegalStateException.class, p::next);
    }
  }

  @Test
  void inMemoryBatchPadsToLongest() {
    List<TokenizedExample> few =
        List.of(TestData.example(3, 5), TestData.example(4, 9), TestData.example(5, 3));
    List<Integer> order = new ArrayList<>();
    Batch b = Batch.of(few);
    try (b) {
      assertEquals(3, b.size());
      assertEquals(9, b.sequenceLength());
      assertEquals(17, b.realTokens());
      assertEquals(27, b.computedTokens());
      for (int r = 0; r < 3; r++) {
        for (int j = 0; j < 9; j++) {
          TokenizedExample ex = few.get(r);
          assertEquals(j < ex.length() ? ex.inputId(j) : 0, b.inputIds().getInt(r, j));
          assertEquals(j < ex.length() ? 1 : 0, b.inputMask().getInt(r, j));
          assertEquals(j < ex.length() ? ex.segmentId(j) : 0, b.segmentIds().getInt(r, j));
        }
        order.add(b.inputIds().getInt(r, 1) - TestData.ID_BASE);
        assertArrayEquals(few.get(r).target(), b.labelRows()[r]);
      }
    }
    assertEquals(List.of(3, 4, 5), order);
    assertThrows(IllegalStateException.class, b::inputIds);
    b.close(); // idempotent
  }
}
