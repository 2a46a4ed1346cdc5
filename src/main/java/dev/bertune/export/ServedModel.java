package dev.bertune.export;

import dev.bertune.BertuneException;
import dev.bertune.model.ClassifierModel;
import dev.bertune.pipeline.Batch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;

/** An exported classifier loaded for inference, as TF Serving would run it. Close it. */
public final class ServedModel implements AutoCloseable {
  private final SavedModelBundle bundle;
  private final Path dir;
  private final String inputIds;
  private final String inputMask;
  private final String segmentIds;
  private final String probabilities;
  private final String logits;
  private final WindowTensors windows; // null: the export takes one window per text

  private final SignatureDef signature;

  /** The tensors of {@code serving_windows} that Java callers use: the window mask and the pooled outputs. */
  private record WindowTensors(String windowMask, String probabilities, String logits) {
    static WindowTensors of(SignatureDef sig) {
      return new WindowTensors(sig.getInputsOrThrow(ServingGraph.WINDOW_MASK).getName(),
          sig.getOutputsOrThrow(ServingGraph.PROBABILITIES).getName(),
          sig.getOutputsOrThrow(ServingGraph.LOGITS).getName());
    }
  }

  private ServedModel(SavedModelBundle bundle, Path dir, SignatureDef sig, SignatureDef windowsSig) {
    this.bundle = bundle;
    this.signature = sig;
    this.dir = dir;
    this.windows = windowsSig == null ? null : WindowTensors.of(windowsSig);
    Map<String, TensorInfo> in = sig.getInputsMap();
    Map<String, TensorInfo> out = sig.getOutputsMap();
    for (String key : INPUTS) {
      if (!in.containsKey(key)) {
        throw new BertuneException(dir + ": signature serving_default has no input '" + key + "'");
      }
    }
    for (String key : new String[] {ServingGraph.PROBABILITIES, ServingGraph.LOGITS}) {
      if (!out.containsKey(key)) {
        throw new BertuneException(dir + ": signature serving_default has no output '" + key
            + "' (is this a bertune export?)");
      }
    }
    inputIds = in.get(INPUTS[0]).getName();
    inputMask = in.get(INPUTS[1]).getName();
    segmentIds = in.get(INPUTS[2]).getName();
    probabilities = out.get(ServingGraph.PROBABILITIES).getName();
    logits = out.get(ServingGraph.LOGITS).getName();
  }

  /** The signature's input keys: token ids, attention mask, segment ids (int32 [-1, -1]). */
  static final String[] INPUTS = {"input_ids", "input_mask", "segment_ids"};

  /** Loads an export directory (one version folder). */
  public static ServedModel load(Path dir, ConfigProto cfg) {
    if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
      throw new BertuneException("no SavedModel at " + dir + " (expected " + dir.resolve("saved_model.pb")
          + "); give a version folder such as savedmodel/export/review-classifier/1");
    }
    SavedModelBundle bundle;
    try {
      bundle = SavedModelBundle.loader(dir.toString()).withTags(ServingExporter.TAG).withConfigProto(cfg).load();
    } catch (RuntimeException e) {
      throw new BertuneException("cannot load the SavedModel at " + dir + ": " + e.getMessage(), e);
    }
    SignatureDef sig = bundle.metaGraphDef().getSignatureDefMap().get("serving_default");
    if (sig == null) {
      bundle.close();
      throw new BertuneException(dir + ": no serving_default signature");
    }
    try {
      return new ServedModel(bundle, dir, sig, bundle.metaGraphDef().getSignatureDefMap().get(ServingGraph.WINDOWS));
    } catch (RuntimeException e) {
      bundle.close();
      throw e;
    }
  }

  /** Probabilities [B][K] for a batch (K = 1 for a binary export, whose output is [B]). */
  public float[][] probabilities(Batch batch) {
    return run(batch).probabilities();
  }

  /** Both outputs of a batch, as rows {@code [B][K]}. */
  public record Outputs(float[][] probabilities, float[][] logits) {}

  /**
   * Runs a batch: both outputs as rows (a binary export's {@code [B]} outputs become rows of one). A windows export
   * pools each text's windows ({@code serving_windows}'s outputs, fed the windows as rows); any other export takes
   * one window per text.
   */
  public Outputs run(Batch batch) {
    Session.Runner runner = bundle.session().runner()
        .feed(inputIds, batch.inputIds()).feed(inputMask, batch.inputMask()).feed(segmentIds, batch.segmentIds());
    if (windows != null) {
      runner.feed(windows.windowMask(), batch.windowMask()).fetch(windows.probabilities()).fetch(windows.logits());
    } else if (batch.windows() != 1) {
      throw new IllegalArgumentException(dir + " takes one window per text (it has no " + ServingGraph.WINDOWS
          + " signature)");
    } else {
      runner.fetch(probabilities).fetch(logits);
    }
    try (Result r = runner.run()) {
      return new Outputs(rows((TFloat32) r.get(0)), rows((TFloat32) r.get(1)));
    }
  }

  private static float[][] rows(TFloat32 t) {
    if (t.shape().numDimensions() == 2) {
      return Batch.rows(t);
    }
    float[] flat = ClassifierModel.toArray(t);
    float[][] out = new float[flat.length][];
    for (int i = 0; i < flat.length; i++) {
      out[i] = new float[] {flat[i]};
    }
    return out;
  }


  /** Whether the export reads long texts in windows (it has a {@code serving_windows} signature). */
  public boolean windowed() {
    return windows != null;
  }

  /** The {@code serving_default} signature. */
  public SignatureDef signature() {
    return signature;
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    bundle.close();
  }
}
