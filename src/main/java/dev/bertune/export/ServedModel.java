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

  private ServedModel(SavedModelBundle bundle, Path dir, SignatureDef sig) {
    this.bundle = bundle;
    this.dir = dir;
    Map<String, TensorInfo> in = sig.getInputsMap();
    Map<String, TensorInfo> out = sig.getOutputsMap();
    for (String key : new String[] {"input_ids", "input_mask", "segment_ids"}) {
      if (!in.containsKey(key)) {
        throw new BertuneException(dir + ": signature serving_default has no input '" + key + "'");
      }
    }
    for (String key : new String[] {"probabilities", "logits"}) {
      if (!out.containsKey(key)) {
        throw new BertuneException(dir + ": signature serving_default has no output '" + key
            + "' (is this a bertune export?)");
      }
    }
    inputIds = in.get("input_ids").getName();
    inputMask = in.get("input_mask").getName();
    segmentIds = in.get("segment_ids").getName();
    probabilities = out.get("probabilities").getName();
    logits = out.get("logits").getName();
  }

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
      return new ServedModel(bundle, dir, sig);
    } catch (RuntimeException e) {
      bundle.close();
      throw e;
    }
  }

  /** Probabilities [B] for a batch. */
  public float[] probabilities(Batch batch) {
    return run(batch)[0];
  }

  /** {probabilities [B], logits [B]} for a batch. */
  public float[][] run(Batch batch) {
    Session.Runner runner = bundle.session().runner()
        .feed(inputIds, batch.inputIds()).feed(inputMask, batch.inputMask()).feed(segmentIds, batch.segmentIds())
        .fetch(probabilities).fetch(logits);
    try (Result r = runner.run()) {
      return new float[][] {ClassifierModel.toArray((TFloat32) r.get(0)), ClassifierModel.toArray((TFloat32) r.get(1))};
    }
  }


  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    bundle.close();
  }
}
