package dev.bertune.inference;

import dev.bertune.BertuneException;
import dev.bertune.config.BertuneConfig;
import dev.bertune.config.FeatureSource;
import dev.bertune.model.ClassifierHead;
import dev.bertune.model.PretrainedBert;
import dev.bertune.pipeline.Batch;
import dev.bertune.run.SessionConfigs;
import dev.bertune.run.TokenizerSettingsFile;
import dev.bertune.text.WordPieceTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;

/**
 * BERT's features of texts, {@code [N][H]}: what a classification head reads ({@code head.features}: the pooled
 * output or the [CLS] vector), for users who train their own models on them. From the pretrained BERT (the
 * frozen features, as a frozen-mode run computes them) or from a bertune export (its {@code features}
 * signature: the fine-tuned BERT's). Thread-safe like {@link TextClassifier}; close it.
 */
public final class TextEmbedder implements AutoCloseable {
  /** The export signature holding the features. */
  public static final String EXPORT_SIGNATURE = "features";

  private final AutoCloseable owner;
  private final Session session;
  private final String[] inputs; // ids, mask, segments
  private final String features;
  private final WordPieceTokenizer tokenizer;
  private final int batchSize;
  private final String description;

  private TextEmbedder(AutoCloseable owner, Session session, String[] inputs, String features,
      WordPieceTokenizer tokenizer, int batchSize, String description) {
    this.owner = owner;
    this.session = session;
    this.inputs = inputs;
    this.features = features;
    this.tokenizer = tokenizer;
    this.batchSize = batchSize;
    this.description = description;
  }

  /** Whether {@code dir} is a bertune export (else it is taken for a BERT SavedModel). */
  public static boolean isExport(Path dir) {
    return Files.isRegularFile(dir.resolve("assets.extra").resolve(TokenizerSettingsFile.NAME));
  }

  /**
   * The fine-tuned features of an export version folder, through its {@code features} signature; an export that
   * {@link dev.bertune.export.ModelAudit} refuses loads only when {@code trustModel}.
   */
  public static TextEmbedder fromExport(Path dir, int batchSize, BertuneConfig.Runtime runtime, boolean trustModel) {
    requireBatchSize(batchSize);
    dev.bertune.export.ModelAudit.requireTrusted(dir, trustModel); // before loading runs any of its ops
    TokenizerSettingsFile.Settings s = TokenizerSettingsFile.read(dir);
    SavedModelBundle bundle;
    try {
      bundle = SavedModelBundle.loader(dir.toString()).withTags("serve")
          .withConfigProto(SessionConfigs.of(runtime)).load();
    } catch (RuntimeException e) {
      throw new BertuneException("cannot load the SavedModel at " + dir + ": " + e.getMessage(), e);
    }
    try {
      SignatureDef sig = bundle.metaGraphDef().getSignatureDefMap().get(EXPORT_SIGNATURE);
      if (sig == null) {
        throw new BertuneException(dir + " has no '" + EXPORT_SIGNATURE + "' signature (exports made before"
            + " bertune 0.1 embed support lack it): export the run again, or embed with the pretrained BERT");
      }
      String[] in = {name(sig, "input_ids", true), name(sig, "input_mask", true), name(sig, "segment_ids", true)};
      Path extra = dir.resolve("assets.extra");
      WordPieceTokenizer tokenizer = WordPieceTokenizer.fromFiles(extra.resolve("tokenizer.json"),
          extra.resolve("vocab.txt"), s.lowerCase(), s.maxLength(), s.truncation());
      return new TextEmbedder(bundle, bundle.session(), in, name(sig, EXPORT_SIGNATURE, false), tokenizer, batchSize,
          "export " + dir);
    } catch (RuntimeException e) {
      bundle.close();
      throw e;
    }
  }

  /**
   * The frozen features of the pretrained BERT of {@code config} ({@code model.*}, {@code head.features},
   * {@code tokenizer.*}); the generated {@code tokenizer.json} is kept under {@code tokenizerCache}.
   */
  public static TextEmbedder fromBert(BertuneConfig config, int batchSize, Path tokenizerCache) {
    requireBatchSize(batchSize);
    ConfigProto cfg = SessionConfigs.of(config.runtime());
    PretrainedBert bert = PretrainedBert.load(config.model(), cfg);
    try {
      FeatureSource source = config.head().features();
      var f = ClassifierHead.features(org.tensorflow.op.Ops.create(bert.graph()).withSubScope("embed"), bert.graph(),
          bert.signature(), source, Optional.empty());
      int maxLength = config.tokenizer().autoLength() ? bert.signature().maxPositions() : config.tokenizer().maxLength();
      WordPieceTokenizer tokenizer = WordPieceTokenizer.create(bert.vocabFile(), bert.lowerCase(), maxLength,
          config.tokenizer().truncation(), tokenizerCache);
      var sig = bert.signature();
      String[] in = {sig.inputIds(), sig.inputMask(), sig.segmentIds()};
      return new TextEmbedder(bert, bert.session(), in, f.asOutput().op().name() + ":" + f.asOutput().index(),
          tokenizer, batchSize, "pretrained BERT " + bert.dir() + " (" + source.name().toLowerCase() + ")");
    } catch (RuntimeException e) {
      bert.close();
      throw e;
    }
  }

  private static String name(SignatureDef sig, String key, boolean input) {
    var map = input ? sig.getInputsMap() : sig.getOutputsMap();
    if (!map.containsKey(key)) {
      throw new BertuneException("signature '" + EXPORT_SIGNATURE + "' has no " + (input ? "input" : "output") + " '"
          + key + "'");
    }
    return map.get(key).getName();
  }

  private static void requireBatchSize(int batchSize) {
    if (batchSize < 1) {
      throw new BertuneException("batch size must be at least 1, got " + batchSize);
    }
  }

  /** The features of {@code texts}, {@code [N][H]}, in the given order (batched by length inside). */
  public float[][] embed(List<String> texts) {
    Objects.requireNonNull(texts, "texts");
    return ByLength.run(tokenizer.encodeAll(texts), batchSize, 1, 1, this::run)[0];
  }

  private float[][][] run(Batch batch) {
    Session.Runner runner = session.runner().feed(inputs[0], batch.inputIds()).feed(inputs[1], batch.inputMask())
        .feed(inputs[2], batch.segmentIds()).fetch(features);
    try (Result r = runner.run()) {
      return new float[][][] {Batch.rows((TFloat32) r.get(0))};
    }
  }

  /** Where the features come from, for logs. */
  public String description() {
    return description;
  }

  /** Frees the model and the tokenizer. */
  @Override
  public void close() {
    try {
      tokenizer.close();
    } finally {
      try {
        owner.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
