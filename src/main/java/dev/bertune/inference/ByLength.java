package dev.bertune.inference;

import dev.bertune.pipeline.Batch;
import dev.bertune.pipeline.TokenizedExample;
import dev.bertune.text.Encoding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Runs encoded texts through a model a batch at a time, grouped by window count and then shortest first, so that each
 * batch is padded only to its longest window and holds about {@code batchSize} windows ({@link
 * Batch#examplesPerBatch}); the rows come back in the given order.
 */
final class ByLength {
  private ByLength() {}

  /** One model call: the rows (any number of outputs, each {@code [B][*]}) of one padded batch. */
  interface Model {
    float[][][] run(Batch batch);
  }

  /** As {@link #runWindows} for texts of one window each. */
  static float[][][] run(List<Encoding> encodings, int batchSize, int width, int outputs, Model model) {
    return runWindows(encodings.stream().map(List::of).toList(), batchSize, width, outputs, model);
  }

  /**
   * {@code outputs} arrays of rows {@code [N][*]}, in the order of {@code texts} (each text: its windows).
   *
   * @param width the label-vector width of the batches (the model does not read labels)
   */
  static float[][][] runWindows(List<List<Encoding>> texts, int batchSize, int width, int outputs, Model model) {
    float[][][] rows = new float[outputs][texts.size()][];
    Integer[] order = new Integer[texts.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.<Integer>comparingInt(i -> texts.get(i).size())
        .thenComparingInt(i -> texts.get(i).stream().mapToInt(Encoding::length).max().orElse(0)));
    for (int from = 0; from < order.length; ) {
      int windows = texts.get(order[from]).size();
      int to = from;
      while (to < order.length && to - from < Batch.examplesPerBatch(batchSize, windows)
          && texts.get(order[to]).size() == windows) {
        to++;
      }
      List<TokenizedExample> examples = new ArrayList<>(to - from);
      for (int k = from; k < to; k++) {
        examples.add(TokenizedExample.ofWindows(texts.get(order[k]), new float[width]));
      }
      try (Batch batch = Batch.of(examples)) {
        float[][][] out = model.run(batch);
        for (int o = 0; o < outputs; o++) {
          for (int k = from; k < to; k++) {
            rows[o][order[k]] = out[o][k - from];
          }
        }
      }
      from = to;
    }
    return rows;
  }
}
