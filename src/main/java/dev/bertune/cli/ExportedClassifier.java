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

  /** {probabilities, logits} of each text, in order, {@code batchSize} texts per model call. */
  float[][] score(List<String> texts, int batchSize) {
    float[] probs = new float[texts.size()];
    float[] logits = new float[texts.size()];
    for (int from = 0; from < texts.size(); from += batchSize) {
      List<String> chunk = texts.subList(from, Math.min(texts.size(), from + batchSize));
      List<TokenizedExample> examples = new ArrayList<>();
      for (Encoding e : tokenizer.encodeAll(chunk)) {
        examples.add(new TokenizedExample(e.inputIds(), e.segmentIds(), 0));
      }
      try (Batch batch = Batch.of(examples)) {
        float[][] out = model.run(batch);
        System.arraycopy(out[0], 0, probs, from, chunk.size());
        System.arraycopy(out[1], 0, logits, from, chunk.size());
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
