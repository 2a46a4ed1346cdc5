package dev.bertune.bench;

import dev.bertune.pipeline.Batch;
import dev.bertune.pipeline.TokenizedExample;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Benchmark inputs: random token ids, exactly {@code seq} of them per example (mask all 1), segment 0. */
final class SyntheticBatch {
  private SyntheticBatch() {}

  /**
   * A {@code [batch, seq]} batch of ids uniform in {@code [0, vocabularySize)} and random 0/1 labels, the same for
   * the same seed. The caller closes it.
   */
  static Batch create(int batch, int seq, int vocabularySize, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<TokenizedExample> examples = new ArrayList<>(batch);
    for (int i = 0; i < batch; i++) {
      int[] ids = new int[seq];
      for (int j = 0; j < seq; j++) {
        ids[j] = random.nextInt(vocabularySize);
      }
      examples.add(new TokenizedExample(ids, new int[seq], new float[] {random.nextInt(2)}));
    }
    return Batch.of(examples);
  }
}
