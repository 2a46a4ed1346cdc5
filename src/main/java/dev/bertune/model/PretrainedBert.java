package dev.bertune.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bertune.BertuneException;
import dev.bertune.config.BertuneConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The pretrained BERT SavedModel loaded into a TF graph and session, with its signature checked. Owns the
 * bundle: close it.
 */
public final class PretrainedBert implements AutoCloseable {
  /** Fix for a missing or broken model, quoted in every error about it. */
  public static final String IMPORT_HINT =
      "run `mvn -B generate-resources` in the bertune folder to import BERT-base uncased from Maven Central"
          + " (or set model.dir)";
  private static final int DEFAULT_MAX_POSITIONS = 512;

  private final SavedModelBundle bundle;
  private final BertSignature signature;
  private final Path dir;
  private final boolean lowerCase;
  private final int einsumProducts;
  private final int fusedLayerNorms;

  private PretrainedBert(SavedModelBundle bundle, BertSignature signature, Path dir, boolean lowerCase,
      int einsumProducts, int fusedLayerNorms) {
    this.bundle = bundle;
    this.signature = signature;
    this.dir = dir;
    this.lowerCase = lowerCase;
    this.einsumProducts = einsumProducts;
    this.fusedLayerNorms = fusedLayerNorms;
  }

  /** Loads and checks the model described by {@code settings}. */
  public static PretrainedBert load(BertuneConfig.Model settings, ConfigProto sessionConfig) {
    Path dir = settings.dir();
    if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
      throw new BertuneException("no BERT SavedModel at " + dir + " (saved_model.pb missing): " + IMPORT_HINT);
    }
    Path vocab = dir.resolve("assets").resolve("vocab.txt");
    if (!Files.isRegularFile(vocab)) {
      throw new BertuneException("the model at " + dir + " has no assets/vocab.txt: " + IMPORT_HINT);
    }
    Optional<StagedModel> staged = Optional.empty();
    SavedModelBundle bundle;
    try {
      staged = StagedModel.stage(dir, settings.tag(), einsumAttention(settings, sessionConfig),
          settings.fusedLayerNorm());
      Path loadFrom = staged.map(StagedModel::dir).orElse(dir);
      bundle = SavedModelBundle.loader(loadFrom.toString()).withTags(settings.tag())
          .withConfigProto(sessionConfig).load();
    } catch (RuntimeException e) {
      throw new BertuneException("cannot load the SavedModel at " + dir + " with tag '" + settings.tag() + "': "
          + firstLine(e.getMessage()) + "; " + IMPORT_HINT, e);
    } finally {
      staged.ifPresent(StagedModel::unstage);
    }
    try {
      BertSignature signature = checkSignature(bundle, settings, dir);
      boolean lower = settings.lowerCase().orElseGet(() -> modelJsonLowerCase(dir).orElse(true));
      return new PretrainedBert(bundle, signature, dir, lower, staged.map(StagedModel::einsumProducts).orElse(0),
          staged.map(StagedModel::fusedLayerNorms).orElse(0));
    } catch (RuntimeException e) {
      bundle.close();
      throw e;
    }
  }

  /**
   * Whether the attention products load as Einsum: {@code model.einsum-attention}, where {@code auto} means when the
   * session runs TensorFlow's bf16 rewrite (there it pays; in fp32 it does not).
   */
  static boolean einsumAttention(BertuneConfig.Model settings, ConfigProto sessionConfig) {
    return settings.einsumAttention().orElseGet(() -> runsBf16(sessionConfig));
  }

  /** Whether sessions with {@code sessionConfig} run TensorFlow's oneDNN bf16 rewrite. */
  public static boolean runsBf16(ConfigProto sessionConfig) {
    return sessionConfig.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16()
        == RewriterConfig.Toggle.ON;
  }

  private static BertSignature checkSignature(SavedModelBundle bundle, BertuneConfig.Model s, Path dir) {
    Map<String, SignatureDef> signatures = bundle.metaGraphDef().getSignatureDefMap();
    SignatureDef sig = signatures.get(s.signature());
    if (sig == null) {
      throw new BertuneException(dir + ": no signature '" + s.signature() + "' (model.signature); it has: "
          + signatures.keySet());
    }
    String ids = input(sig, s.inputIds(), "model.inputs.input-ids", dir);
    String mask = input(sig, s.inputMask(), "model.inputs.input-mask", dir);
    String segments = input(sig, s.segmentIds(), "model.inputs.segment-ids", dir);
    TensorInfo pooled = output(sig, s.pooledOutput(), "model.outputs.pooled", dir);
    TensorInfo sequence = output(sig, s.sequenceOutput(), "model.outputs.sequence", dir);
    TensorShapeProto pooledShape = pooled.getTensorShape();
    if (pooledShape.getDimCount() != 2 || pooledShape.getDim(1).getSize() <= 0) {
      throw new BertuneException(dir + ": output '" + s.pooledOutput() + "' must be [batch, hidden], is "
          + pooledShape.getDimList());
    }
    int hidden = (int) pooledShape.getDim(1).getSize();
    int maxPositions = ResourceVariable.allIn(bundle.graph()).stream()
        .filter(v -> v.name().endsWith("position_embeddings"))
        .mapToInt(v -> (int) v.shape().get(0))
        .findFirst().orElse(DEFAULT_MAX_POSITIONS);
    return new BertSignature(ids, mask, segments, pooled.getName(), sequence.getName(), hidden, maxPositions);
  }

  private static String input(SignatureDef sig, String key, String configKey, Path dir) {
    TensorInfo info = sig.getInputsMap().get(key);
    if (info == null) {
      throw new BertuneException(dir + ": the signature has no input '" + key + "' (" + configKey + "); inputs: "
          + sig.getInputsMap().keySet());
    }
    if (info.getDtype() != DataType.DT_INT32) {
      throw new BertuneException(dir + ": input '" + key + "' is " + info.getDtype() + ", expected DT_INT32");
    }
    return info.getName();
  }

  private static TensorInfo output(SignatureDef sig, String key, String configKey, Path dir) {
    TensorInfo info = sig.getOutputsMap().get(key);
    if (info == null) {
      throw new BertuneException(dir + ": the signature has no output '" + key + "' (" + configKey
          + "); outputs: " + sig.getOutputsMap().keySet());
    }
    if (info.getDtype() != DataType.DT_FLOAT) {
      throw new BertuneException(dir + ": output '" + key + "' is " + info.getDtype() + ", expected DT_FLOAT");
    }
    return info;
  }

  private static Optional<Boolean> modelJsonLowerCase(Path dir) {
    Path json = dir.resolve("assets").resolve("model.json");
    if (!Files.isRegularFile(json)) {
      return Optional.empty();
    }
    try {
      JsonNode node = new ObjectMapper().readTree(json.toFile()).get("doLowerCase");
      return node == null ? Optional.empty() : Optional.of(node.asBoolean());
    } catch (IOException e) {
      throw new BertuneException(json + " is not valid JSON: " + e.getMessage());
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  public Graph graph() {
    return bundle.graph();
  }

  public Session session() {
    return bundle.session();
  }

  public SavedModelBundle bundle() {
    return bundle;
  }

  public BertSignature signature() {
    return signature;
  }

  /** How many attention products were loaded as Einsum ({@link EinsumAttention}; 0: the graph as saved). */
  public int einsumAttentionProducts() {
    return einsumProducts;
  }

  /** How many LayerNorms were loaded as one fused op ({@link FusedLayerNorm}; 0: as saved). */
  public int fusedLayerNorms() {
    return fusedLayerNorms;
  }

  public Path dir() {
    return dir;
  }

  public Path vocabFile() {
    return dir.resolve("assets").resolve("vocab.txt");
  }

  /**
   * SHA-256 over {@code saved_model.pb} and {@code variables/variables.index} (which holds a CRC32C of every
   * weight tensor): identifies the graph and its weights for caches and provenance.
   */
  public String identity() {
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      md.update(Files.readAllBytes(dir.resolve("saved_model.pb")));
      md.update(Files.readAllBytes(dir.resolve("variables").resolve("variables.index")));
      return java.util.HexFormat.of().formatHex(md.digest());
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      throw new BertuneException("cannot read the model files in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Whether text is lower-cased before WordPiece (model.lower-case, else assets/model.json). */
  public boolean lowerCase() {
    return lowerCase;
  }

  @Override
  public void close() {
    bundle.close();
  }
}
