package dev.bertune.inference;

import dev.bertune.BertuneException;
import dev.bertune.config.BertuneConfig;
import dev.bertune.config.Precision;
import dev.bertune.export.ModelAudit;
import dev.bertune.export.ServedModel;
import dev.bertune.pipeline.Batch;
import dev.bertune.run.SessionConfigs;
import dev.bertune.run.TokenizerSettingsFile;
import dev.bertune.task.Prediction;
import dev.bertune.task.Task;
import dev.bertune.task.TaskFile;
import dev.bertune.task.TaskType;
import dev.bertune.text.Encoding;
import dev.bertune.text.TextWindows;
import dev.bertune.text.WordPieceTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A bertune export, ready to classify texts:
 *
 * <pre>{@code
 * try (TextClassifier clf = TextClassifier.load(Path.of("savedmodel/export/review-classifier/3"))) {
 *   Prediction p = clf.classify("A moving film.");
 *   List<Prediction> ps = clf.classify(List.of("Loved it.", "Two hours I will never get back."));
 * }
 * }</pre>
 *
 * <p>It reads only the export folder: the SavedModel, {@code assets.extra/tokenizer.json} and {@code vocab.txt},
 * {@code tokenizer-config.json} (max length, truncation, casing) and {@code task.json} (labels, thresholds); it
 * writes nothing. Works for every task: a {@link Prediction} holds the predicted labels and every label's
 * probability by name.
 *
 * <p><b>Threads.</b> One instance may be shared by any number of threads: it holds one TensorFlow session, whose
 * {@code run} is safe to call concurrently (each call feeds and fetches its own tensors), and one native tokenizer,
 * whose encoding is stateless. Calls made at the same time run side by side on TensorFlow's thread pool
 * ({@link Builder#threads}); results do not depend on what else runs.
 *
 * <p><b>Batching.</b> {@link #classify(List)} sorts the texts by WordPiece length, runs them {@link
 * Builder#batchSize} at a time (each batch padded only to its longest member) and returns the predictions in the
 * given order, the same as classifying them one by one.
 *
 * <p><b>Text pairs.</b> An export trained with {@code data.text-pair-column} takes pairs ({@link #takesPairs()}):
 * classify them with {@link #classifyPairs(List)} and {@link #scorePairs(List)}; the single-text methods refuse such
 * an export, and the pair methods a single-text one.
 *
 * <p>Close it: that frees the SavedModel bundle and the tokenizer.
 */
public final class TextClassifier implements AutoCloseable {
  /** Texts per model call unless {@link Builder#batchSize} says otherwise. */
  public static final int DEFAULT_BATCH_SIZE = 32;

  private final Path dir;
  private final ServedModel model;
  private final WordPieceTokenizer tokenizer;
  private final TextWindows windows;
  private final Task task;
  private final int batchSize;
  private final boolean pairs;

  private TextClassifier(Path dir, ServedModel model, WordPieceTokenizer tokenizer, TextWindows windows, Task task,
      int batchSize, boolean pairs) {
    this.windows = windows;
    this.dir = dir;
    this.model = model;
    this.tokenizer = tokenizer;
    this.task = task;
    this.batchSize = batchSize;
    this.pairs = pairs;
  }

  /** Loads an export version folder with the default options. */
  public static TextClassifier load(Path exportDir) {
    return builder(exportDir).build();
  }

  /** Options for loading {@code exportDir}. */
  public static Builder builder(Path exportDir) {
    return new Builder(exportDir);
  }

  /** Options of a {@link TextClassifier}: batch size, threads, number format. */
  public static final class Builder {
    private final Path dir;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int threads;
    private Precision precision = Precision.FP32;
    private boolean trustModel;

    private Builder(Path dir) {
      this.dir = Objects.requireNonNull(dir, "exportDir");
    }

    /** Texts per model call (default {@value #DEFAULT_BATCH_SIZE}); larger batches use more memory. */
    public Builder batchSize(int texts) {
      if (texts < 1) {
        throw new BertuneException("batch size must be at least 1, got " + texts);
      }
      this.batchSize = texts;
      return this;
    }

    /**
     * TensorFlow's threads for one operation (0, the default: TensorFlow's choice, all cores). The pool is
     * process-wide and fixed by the first session a process creates.
     */
    public Builder threads(int count) {
      if (count < 0) {
        throw new BertuneException("threads must be 0 (TensorFlow's choice) or more, got " + count);
      }
      this.threads = count;
      return this;
    }

    /** fp32 (default) or bf16 (oneDNN mixed precision on CPUs that have it; probabilities move by up to ~0.03). */
    public Builder precision(Precision value) {
      this.precision = Objects.requireNonNull(value, "precision");
      return this;
    }

    /**
     * Whether to load an export that is not plainly bertune's (no provenance, or ops that touch files or processes:
     * {@link ModelAudit}); default false: such an export is refused before TensorFlow loads it.
     */
    public Builder trustModel(boolean trusted) {
      this.trustModel = trusted;
      return this;
    }

    /** Loads the export. */
    public TextClassifier build() {
      if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
        throw new BertuneException("no SavedModel at " + dir + " (expected " + dir.resolve("saved_model.pb")
            + "); give an export's version folder, such as savedmodel/export/review-classifier/1");
      }
      Path extra = dir.resolve("assets.extra");
      TokenizerSettingsFile.Settings s = TokenizerSettingsFile.read(dir);
      Task task = TaskFile.read(dir);
      for (String f : List.of("tokenizer.json", "vocab.txt")) {
        if (!Files.isRegularFile(extra.resolve(f))) {
          throw new BertuneException("no " + extra.resolve(f) + " (is " + dir + " a bertune export?)");
        }
      }
      ModelAudit.requireTrusted(dir, trustModel); // before loading runs any of its ops
      var runtime = new BertuneConfig.Runtime(threads, 0, precision, false, false);
      ServedModel model = ServedModel.load(dir, SessionConfigs.of(runtime));
      try {
        if (s.windows().windowed() != model.windowed()) {
          throw new BertuneException(dir + ": tokenizer-config.json says long_text = "
              + s.windows().mode().configName() + " but the SavedModel " + (model.windowed() ? "has" : "has no")
              + " serving_windows signature");
        }
        WordPieceTokenizer tokenizer = WordPieceTokenizer.fromFiles(extra.resolve("tokenizer.json"),
            extra.resolve("vocab.txt"), s.lowerCase(), s.maxLength(), s.truncation());
        return new TextClassifier(dir, model, tokenizer, s.windows(), task, batchSize, s.textPair());
      } catch (RuntimeException e) {
        model.close();
        throw e;
      }
    }
  }

  /** The prediction for one text. */
  public Prediction classify(String text) {
    return classify(List.of(text)).get(0);
  }

  /** The predictions for many texts, in the given order (batched by length inside). */
  public List<Prediction> classify(List<String> texts) {
    return Arrays.stream(score(texts).probabilities()).map(task::prediction).toList();
  }

  /**
   * The raw outputs of many texts, in the given order: probabilities and logits {@code [N][K]} (K = 1 for a binary
   * export: the positive class's).
   */
  public ServedModel.Outputs score(List<String> texts) {
    Objects.requireNonNull(texts, "texts");
    requirePairs(false);
    return run(windows.encode(tokenizer, texts));
  }

  /** Both outputs of encoded texts (each: its windows), in their order, batched by window count and length. */
  private ServedModel.Outputs run(List<List<Encoding>> texts) {
    float[][][] rows = ByLength.runWindows(texts, batchSize, task.outputs(), 2, batch -> {
      ServedModel.Outputs out = model.run(batch);
      return new float[][][] {out.probabilities(), out.logits()};
    });
    return new ServedModel.Outputs(rows[0], rows[1]);
  }

  /** The prediction for one text pair (of an export that {@link #takesPairs()}). */
  public Prediction classifyPair(TextPair pair) {
    return classifyPairs(List.of(pair)).get(0);
  }

  /** The predictions for many text pairs, in the given order (batched by length inside). */
  public List<Prediction> classifyPairs(List<TextPair> textPairs) {
    return Arrays.stream(scorePairs(textPairs).probabilities()).map(task::prediction).toList();
  }

  /**
   * The raw outputs of many text pairs, in the given order, as {@link #score(List)}'s.
   *
   * @throws BertuneException when the export takes single texts
   */
  public ServedModel.Outputs scorePairs(List<TextPair> textPairs) {
    Objects.requireNonNull(textPairs, "textPairs");
    requirePairs(true);
    List<Encoding> encodings = tokenizer.encodePairs(
        textPairs.stream().map(TextPair::text).toList(), textPairs.stream().map(TextPair::textPair).toList());
    return run(encodings.stream().map(List::of).toList()); // a pair is one window
  }

  /** Whether the export takes text pairs ({@code [CLS] text [SEP] text_pair [SEP]}) instead of single texts. */
  public boolean takesPairs() {
    return pairs;
  }

  private void requirePairs(boolean given) {
    if (given != pairs) {
      throw new BertuneException(dir + (pairs ? " takes text pairs (it was trained with data.text-pair-column):"
          + " give each text with its second text" : " takes single texts, not text pairs (it was trained"
          + " without data.text-pair-column)"));
    }
  }

  /**
   * The raw outputs of token rows already padded to one length (a TF Serving client's {@code input_ids},
   * {@code input_mask}, {@code segment_ids}, each {@code [B][T]}).
   *
   * @throws IllegalArgumentException when the rows are ragged or empty
   */
  public ServedModel.Outputs scoreTokens(int[][] inputIds, int[][] inputMask, int[][] segmentIds) {
    try (Batch batch = Batch.ofRows(inputIds, inputMask, segmentIds, task.outputs())) {
      return model.run(batch);
    }
  }

  /**
   * The raw outputs of texts already in windows (a TF Serving client's {@code serving_windows} request): the windows
   * as rows {@code [D*W][T]}, text after text, all of one length, and the window mask {@code [D][W]}.
   *
   * @throws IllegalArgumentException when the rows are ragged or do not match the mask
   * @throws BertuneException when the export takes one window per text
   */
  public ServedModel.Outputs scoreWindowTokens(int[][] inputIds, int[][] inputMask, int[][] segmentIds,
      float[][] windowMask) {
    if (!windows.windowed()) {
      throw new BertuneException(dir + " takes one window per text (tokenizer.long-text = truncate)");
    }
    try (Batch batch = Batch.ofWindowRows(inputIds, inputMask, segmentIds, windowMask, task.outputs())) {
      return model.run(batch);
    }
  }

  /** The exported signature, as TF Serving describes it in its metadata. */
  public org.tensorflow.proto.SignatureDef signature() {
    return model.signature();
  }

  /** How the export reads long texts: one window cut to its max length, or windows pooled into one prediction. */
  public TextWindows windows() {
    return windows;
  }

  /** The label names in output order. */
  public List<String> labels() {
    return task.labels();
  }

  /** Binary, multi-class or multi-label. */
  public TaskType taskType() {
    return task.type();
  }

  /** The export's decision thresholds (binary: one; multi-label: one per label; multi-class: none). */
  public double[] thresholds() {
    return task.thresholds();
  }

  /**
   * The export's task: labels, thresholds, how probabilities become a {@link Prediction}, its metrics (what
   * {@code evaluate} uses).
   */
  public Task task() {
    return task;
  }

  /** The export version folder. */
  public Path dir() {
    return dir;
  }

  /** Frees the SavedModel bundle and the tokenizer. */
  @Override
  public void close() {
    try {
      tokenizer.close();
    } finally {
      model.close();
    }
  }
}
