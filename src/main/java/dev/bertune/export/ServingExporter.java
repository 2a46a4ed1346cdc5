package dev.bertune.export;

import dev.bertune.BertuneException;
import dev.bertune.FileTrees;
import dev.bertune.TemporaryFolders;
import dev.bertune.config.BertuneConfig;
import dev.bertune.task.Task;
import dev.bertune.model.BertSignature;
import dev.bertune.model.ClassifierModel;
import dev.bertune.model.PretrainedBert;
import dev.bertune.model.ResourceVariable;
import dev.bertune.model.TensorMap;
import dev.bertune.model.VariableSaver;
import dev.bertune.pipeline.Batch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import dev.bertune.model.WindowPool;
import org.tensorflow.Tensor;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.family.TType;

/**
 * Writes the trained classifier as a SavedModel that TF Serving loads as it is:
 * {@code <export.dir>/<export.name>/<version>/} with tag {@code serve}, signature {@code serving_default}
 * (method {@code tensorflow/serving/predict}; inputs {@code input_ids, input_mask, segment_ids} int32
 * [-1, -1]; outputs {@code probabilities, logits} float [-1] or [-1, K]), signature {@code features} (the same
 * inputs; output {@code features}, the BERT vectors the head reads, float [-1, H]), for a model that reads long texts
 * in windows signature {@code serving_windows} ({@link ServingGraph}), and {@code assets.extra/}
 * (tokenizer files,
 * provenance). The model is written to a hidden temporary folder, reloaded, compared with the in-memory model,
 * and only then renamed to its version number: a failed export leaves no version behind.
 */
public final class ServingExporter {
  public static final String METHOD_PREDICT = "tensorflow/serving/predict";
  public static final String TAG = "serve";
  /** Largest allowed |probability difference| between the reloaded export and the in-memory model, in fp32. */
  public static final double TOLERANCE = 1e-5;
  /**
   * The same in bf16, where the check runs both models with TensorFlow's bf16 rewrite: bf16 keeps 8 bits of
   * mantissa, and TensorFlow may fuse the inference-only export graph differently from the training graph (a fused
   * LayerNorm becomes oneDNN's {@code _MklLayerNorm}), so two correct graphs differ by up to ~1e-3.
   */
  public static final double BF16_TOLERANCE = 1e-3;

  private ServingExporter() {}

  /**
   * Extra files for {@code assets.extra/}: file name → file to copy, or → text; {@code warmup}: examples whose
   * requests go into {@code tf_serving_warmup_requests} ({@link WarmupRequests}; none: no such file).
   */
  public record ExtraAssets(Map<String, Path> files, Map<String, String> texts,
      List<dev.bertune.pipeline.TokenizedExample> warmup) {
    /** Without warm-up requests. */
    public ExtraAssets(Map<String, Path> files, Map<String, String> texts) {
      this(files, texts, List.of());
    }
  }

  /** What was written. */
  public record Exported(Path dir, int version, double maxDifference, long bytes) {}

  /**
   * Exports {@code model}.
   *
   * @param verifyBatch reviews run through both the export and the in-memory model
   */
  /** The hidden folder an export is written into before its rename: {@code <export.dir>/<name>/.export-*}. */
  public static final String TEMPORARY_PREFIX = ".export-";

  public static Exported export(ClassifierModel model, Task task, BertuneConfig config, ExtraAssets extras,
      Batch verifyBatch, ConfigProto sessionConfig) {
    return export(model, task, config, extras, verifyBatch, sessionConfig, () -> {});
  }

  /**
   * As {@link #export(ClassifierModel, Task, BertuneConfig, ExtraAssets, Batch, ConfigProto)}, calling {@code
   * stopIfInterrupted} between its steps: when it throws, the temporary folder is deleted and nothing is exported.
   */
  public static Exported export(ClassifierModel model, Task task, BertuneConfig config, ExtraAssets extras,
      Batch verifyBatch, ConfigProto sessionConfig, Runnable stopIfInterrupted) {
    Path base = config.export().dir().resolve(config.export().name());
    Path tmp = null;
    try {
      tmp = TemporaryFolders.reserve(base, TEMPORARY_PREFIX); // the exporter creates the folder
      writeSavedModel(model, task, config, tmp, sessionConfig);
      stopIfInterrupted.run();
      writeExtras(tmp.resolve("assets.extra"), extras);
      if (!extras.warmup().isEmpty()) {
        WarmupRequests.write(tmp.resolve("assets.extra").resolve(WarmupRequests.NAME), config.export().name(),
            extras.warmup());
      }
      stopIfInterrupted.run();
      double diff = verify(model, tmp, verifyBatch, sessionConfig);
      stopIfInterrupted.run();
      int version = nextVersion(base);
      Path target = base.resolve(Integer.toString(version));
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      TemporaryFolders.release(tmp); // the owner record
      tmp = null;
      return new Exported(target, version, diff, FileTrees.size(target));
    } catch (IOException e) {
      throw new BertuneException("export to " + base + " failed: " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        TemporaryFolders.release(tmp);
      }
    }
  }

  private static void writeSavedModel(ClassifierModel model, Task task, BertuneConfig config, Path dir,
      ConfigProto cfg) throws IOException {
    try (Graph graph = new Graph()) {
      ServingGraph.Outputs outputs = ServingGraph.build(graph, model.bert().bundle().metaGraphDef().getGraphDef(),
          model.bert().signature(), config.head().features(), config.model().clsOnlyTopLayer(), config.train().seed(),
          task, model.pool().map(WindowPool::kind));
      List<ResourceVariable> variables = ResourceVariable.allIn(graph);
      Ops tf = Ops.create(graph);
      VariableSaver.build(tf, VariableSaver.EXPORT_SCOPE, variables);
      List<Placeholder<?>> values = new ArrayList<>();
      List<Op> assigns = new ArrayList<>();
      Ops load = tf.withSubScope("load_trained");
      for (ResourceVariable v : variables) {
        Placeholder<?> p = load.placeholder(VariableSaver.typeOf(v.dtype()));
        values.add(p);
        assigns.add(load.assignVariableOp(v.handle(), p));
      }
      Op assignAll = load.withControlDependencies(assigns).noOp();
      try (Session session = new Session(graph, cfg)) {
        session.initialize();
        List<String> names = variables.stream().map(ResourceVariable::opName).toList();
        try (TensorMap trained = model.readVariables(names)) {
          Session.Runner runner = session.runner().addTarget(assignAll);
          for (int i = 0; i < variables.size(); i++) {
            runner.feed(values.get(i), trained.get(names.get(i)));
          }
          runner.run().close();
        }
        var bertSig = model.bert().signature();
        Signature signature = inputs(Signature.builder().key(Signature.DEFAULT_KEY), graph, bertSig)
            .output(ServingGraph.PROBABILITIES, outputs.probabilities())
            .output(ServingGraph.LOGITS, outputs.logits())
            .build();
        Signature features = inputs(Signature.builder().key(ServingGraph.FEATURES), graph, bertSig)
            .output(ServingGraph.FEATURES, outputs.features())
            .build();
        List<Signature> signatures = new ArrayList<>(List.of(signature, features));
        outputs.windows().ifPresent(w -> signatures.add(windowsSignature(w)));
        SavedModelBundle.exporter(dir.toString()).withTags(TAG).withSession(session)
            .withSignatures(signatures.toArray(Signature[]::new)).export();
      }
    }
  }

  /** {@code serving_windows}: texts as windows [D, W, T] with their mask [D, W], pooled probabilities and logits. */
  private static Signature windowsSignature(ServingGraph.Windows w) {
    return Signature.builder().key(ServingGraph.WINDOWS).methodName(METHOD_PREDICT)
        .input(ServingGraph.INPUT_KEYS.get(0), w.inputIds())
        .input(ServingGraph.INPUT_KEYS.get(1), w.inputMask())
        .input(ServingGraph.INPUT_KEYS.get(2), w.segmentIds())
        .input(ServingGraph.WINDOW_MASK, w.windowMask())
        .output(ServingGraph.PROBABILITIES, w.probabilities())
        .output(ServingGraph.LOGITS, w.logits())
        .build();
  }

  private static Signature.Builder inputs(Signature.Builder b, Graph graph, BertSignature sig) {
    return b.methodName(METHOD_PREDICT)
        .input("input_ids", graph.outputOrThrow(sig.inputIds()))
        .input("input_mask", graph.outputOrThrow(sig.inputMask()))
        .input("segment_ids", graph.outputOrThrow(sig.segmentIds()));
  }

  private static double verify(ClassifierModel model, Path dir, Batch batch, ConfigProto cfg) {
    float[][] expected = model.predict(batch, false).probabilities();
    float[][] actual;
    try (ServedModel served = ServedModel.load(dir, cfg)) {
      actual = served.probabilities(batch);
    }
    if (actual.length != expected.length || actual[0].length != expected[0].length) {
      throw new BertuneException("export verification failed: the reloaded model returned " + actual.length + " x "
          + actual[0].length + " probabilities for " + expected.length + " x " + expected[0].length
          + "; nothing was exported");
    }
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      for (int k = 0; k < expected[i].length; k++) {
        max = Math.max(max, Math.abs(expected[i][k] - actual[i][k]));
      }
    }
    double tolerance = PretrainedBert.runsBf16(cfg) ? BF16_TOLERANCE : TOLERANCE;
    if (!(max <= tolerance)) {
      throw new BertuneException(String.format(
          "export verification failed: the reloaded model differs from the trained one by %.3g (> %.0g);"
              + " nothing was exported", max, tolerance));
    }
    return max;
  }

  private static void writeExtras(Path dir, ExtraAssets extras) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, Path> e : extras.files().entrySet()) {
      try (InputStream in = Files.newInputStream(e.getValue())) { // a new file: the umask's mode, not the source's
        Files.copy(in, dir.resolve(e.getKey()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    for (Map.Entry<String, String> e : extras.texts().entrySet()) {
      Files.writeString(dir.resolve(e.getKey()), e.getValue());
    }
  }

  /** One more than the highest integer version in {@code base}, starting at 1. */
  static int nextVersion(Path base) throws IOException {
    try (Stream<Path> children = Files.list(base)) {
      return children.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{1,9}"))
          .mapToInt(Integer::parseInt).max().orElse(0) + 1;
    }
  }
}
