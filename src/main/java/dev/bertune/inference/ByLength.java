package dev.bertune.inference;

import dev.bertune.pipeline.Batch;
import dev.bertune.pipeline.TokenizedExample;
import dev.bertune.text.Encoding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Runs encoded texts through a model a batch at a time, shortest first, so that each batch is padded only to its
 * longest member; the rows come back in the given order.
 */
final class ByLength {
  private ByLength() {}

  /** One model call: the rows (any number of outputs, each {@code [B][*]}) of one padded batch. */
  interface Model {
    float[][][] run(Batch batch);
  }

  /**
   * {@code outputs} arrays of rows {@code [N][*]}, in the order of {@code encodings}.
   *
   * @param width the label-vector width of the batches (the model does not read labels)
   */
  static float[][][] run(List<Encoding> encodings, int batchSize, int width, int outputs, Model model) {
    float[][][] rows = new float[outputs][encodings.size()][];
    Integer[] order = new Integer[encodings.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingInt(i -> encodings.get(i).length()));
    for (int from = 0; from < order.length; from += batchSize) {
      int to = Math.min(order.length, from + batchSize);
      List<TokenizedExample> examples = new ArrayList<>(to - from);
      for (int k = from; k < to; k++) {
        Encoding e = encodings.get(order[k]);
        examples.add(TokenizedExample.unlabelled(e.inputIds(), e.segmentIds(), width));
      }
      try (Batch batch = Batch.of(examples)) {
        float[][][] out = model.run(batch);
        for (int o = 0; o < outputs; o++) {
          for (int k = from; k < to; k++) {
            rows[o][order[k]] = out[o][k - from];
          }
        }
      }
    }
    return rows;
  }
}
