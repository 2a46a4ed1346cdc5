package dev.bertune.cli;

import dev.bertune.export.ServedModel;
import dev.bertune.pipeline.Batch;
import dev.bertune.pipeline.TokenizedExample;
import dev.bertune.run.TokenizerSettingsFile;
import dev.bertune.task.Prediction;
import dev.bertune.task.Task;
import dev.bertune.task.TaskFile;
import dev.bertune.text.Encoding;
import dev.bertune.text.WordPieceTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.tensorflow.proto.ConfigProto;

/** An export plus the tokenizer and the task it was trained with (from its {@code assets.extra/}). Close it. */
final class ExportedClassifier implements AutoCloseable {
  private final ServedModel model;
  private final WordPieceTokenizer tokenizer;
  private final Task task;

  ExportedClassifier(Path dir, Path cacheDir) {
    TokenizerSettingsFile.Settings s = TokenizerSettingsFile.read(dir);
    this.task = TaskFile.read(dir);
    this.model = ServedModel.load(dir, ConfigProto.getDefaultInstance());
    try {
      this.tokenizer = WordPieceTokenizer.create(dir.resolve("assets.extra").resolve("vocab.txt"), s.lowerCase(),
          s.maxLength(), s.truncation(), cacheDir);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** The export's task (labels, thresholds). */
  Task task() {
    return task;
  }

  /** The outputs of every text, in input order: probabilities and logits {@code [N][K]}. */
  record Scores(float[][] probabilities, float[][] logits) {
    /** The predictions, in input order. */
    List<Prediction> predictions(Task task) {
      return Arrays.stream(probabilities).map(task::prediction).toList();
    }
  }

  /**
   * Scores texts, in the given order. Texts are batched by length ({@code batchSize} per model call) so that each
   * batch is padded only to its longest member; results return to input order.
   */
  Scores score(List<String> texts, int batchSize) {
    float[][] probs = new float[texts.size()][];
    float[][] logits = new float[texts.size()][];
    List<Encoding> encodings = tokenizer.encodeAll(texts);
    Integer[] order = new Integer[texts.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> encodings.get(i).length()));
    for (int from = 0; from < order.length; from += batchSize) {
      int to = Math.min(order.length, from + batchSize);
      List<TokenizedExample> examples = new ArrayList<>();
      for (int k = from; k < to; k++) {
        Encoding e = encodings.get(order[k]);
        examples.add(TokenizedExample.unlabelled(e.inputIds(), e.segmentIds(), task.outputs()));
      }
      try (Batch batch = Batch.of(examples)) {
        ServedModel.Outputs out = model.run(batch);
        for (int k = from; k < to; k++) {
          probs[order[k]] = out.probabilities()[k - from];
          logits[order[k]] = out.logits()[k - from];
        }
      }
    }
    return new Scores(probs, logits);
  }

  @Override
  public void close() {
    tokenizer.close();
    model.close();
  }
}
