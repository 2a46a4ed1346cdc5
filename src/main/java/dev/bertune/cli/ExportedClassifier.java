package dev.bertune.cli;

import dev.bertune.export.ServedModel;
import dev.bertune.pipeline.Batch;
import dev.bertune.pipeline.TokenizedExample;
import dev.bertune.run.TokenizerSettingsFile;
import dev.bertune.text.Encoding;
import dev.bertune.text.WordPieceTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.proto.ConfigProto;

/** An export plus the tokenizer it was trained with (from its {@code assets.extra/}). Close it. */
final class ExportedClassifier implements AutoCloseable {
  private final ServedModel model;
  private final WordPieceTokenizer tokenizer;

  ExportedClassifier(Path dir, Path cacheDir) {
    TokenizerSettingsFile.Settings s = TokenizerSettingsFile.read(dir);
    this.model = ServedModel.load(dir, ConfigProto.getDefaultInstance());
    try {
      this.tokenizer = WordPieceTokenizer.create(dir.resolve("assets.extra").resolve("vocab.txt"), s.lowerCase(),
          s.maxLength(), s.truncation(), cacheDir);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * {probabilities, logits} of each text, in the given order. Texts are batched by length ({@code batchSize}
   * per model call) so that each batch is padded only to its longest member; results return to input order.
   */
  float[][] score(List<String> texts, int batchSize) {
    float[] probs = new float[texts.size()];
    float[] logits = new float[texts.size()];
    List<Encoding> encodings = tokenizer.encodeAll(texts);
    Integer[] order = new Integer[texts.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> encodings.get(i).length()));
    for (int from = 0; from < order.length; from += batchSize) {
      int to = Math.min(order.length, from + batchSize);
      List<TokenizedExample> examples = new ArrayList<>();
      for (int k = from; k < to; k++) {
        Encoding e = encodings.get(order[k]);
        examples.add(new TokenizedExample(e.inputIds(), e.segmentIds(), 0));
      }
      try (Batch batch = Batch.of(examples)) {
        float[][] out = model.run(batch);
        for (int k = from; k < to; k++) {
          probs[order[k]] = out[0][k - from];
          logits[order[k]] = out[1][k - from];
        }
      }
    }
    return new float[][] {probs, logits};
  }

  @Override
  public void close() {
    tokenizer.close();
    model.close();
  }
}
