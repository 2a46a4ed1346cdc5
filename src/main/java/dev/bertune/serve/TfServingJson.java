package dev.bertune.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bertune.export.ServedModel;
import dev.bertune.inference.TextPair;
import dev.bertune.task.Prediction;
import dev.bertune.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * TF Serving's REST formats (https://www.tensorflow.org/tfx/serving/api_rest): model status, metadata, and
 * {@code :predict} requests and responses in the row ({@code instances} / {@code predictions}) and columnar
 * ({@code inputs} / {@code outputs}) formats, with TF Serving's error texts where a client may parse them.
 */
final class TfServingJson {
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> INPUTS = List.of("input_ids", "input_mask", "segment_ids");

  private TfServingJson() {}

  /** {@code GET /v1/models/<name>}: one version, AVAILABLE. */
  static ObjectNode status(String version) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode v = root.putArray("model_version_status").addObject();
    v.put("version", version);
    v.put("state", "AVAILABLE");
    ObjectNode s = v.putObject("status");
    s.put("error_code", "OK");
    s.put("error_message", "");
    return root;
  }

  /** {@code GET /v1/models/<name>/metadata}: the signature as TF Serving prints it (proto3 JSON field names). */
  static ObjectNode metadata(String name, String version, SignatureDef sig) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode spec = root.putObject("model_spec");
    spec.put("name", name);
    spec.put("signature_name", "");
    spec.put("version", version);
    ObjectNode def = root.putObject("metadata").putObject("signature_def").putObject("signature_def")
        .putObject("serving_default");
    tensors(def.putObject("inputs"), sig.getInputsMap());
    tensors(def.putObject("outputs"), sig.getOutputsMap());
    def.put("method_name", sig.getMethodName());
    return root;
  }

  private static void tensors(ObjectNode into, Map<String, TensorInfo> infos) {
    infos.keySet().stream().sorted().forEach(key -> {
      TensorInfo info = infos.get(key);
      ObjectNode t = into.putObject(key);
      t.put("dtype", info.getDtype().name());
      ObjectNode shape = t.putObject("tensor_shape");
      ArrayNode dims = shape.putArray("dim");
      info.getTensorShape().getDimList().forEach(d -> dims.addObject().put("size", Long.toString(d.getSize()))
          .put("name", d.getName()));
      shape.put("unknown_rank", info.getTensorShape().getUnknownRank());
      t.put("name", info.getName());
    });
  }

  /** The signature of a text's windows ({@code tokenizer.long-text = windows} exports). */
  static final String WINDOWS_SIGNATURE = "serving_windows";
  static final String WINDOW_MASK = "window_mask";

  /**
   * A parsed {@code :predict} request: token rows [N][T] and whether the columnar format was used; for {@code
   * serving_windows} the rows are the texts' windows, text after text, and {@code windowMask} [D][W] (else null).
   */
  record PredictRequest(int[][] inputIds, int[][] inputMask, int[][] segmentIds, float[][] windowMask,
      boolean columnar) {}

  /**
   * Parses a {@code :predict} body for {@code serving_default} (rows [B][T]) or, when {@code windows} and the body
   * names it in {@code signature_name}, {@code serving_windows} (texts [D][W][T] and {@code window_mask} [D][W]);
   * wrong shapes, dtypes and signatures are 400 errors in TF Serving's words.
   */
  static PredictRequest predictRequest(JsonNode body, boolean windows) {
    if (body == null || !body.isObject()) {
      throw HttpError.badRequest("JSON Value: " + abbreviate(body) + " Is not an object");
    }
    if (body.has("instances") == body.has("inputs")) {
      throw HttpError.badRequest("Missing 'inputs' or 'instances' key");
    }
    String signature = body.path("signature_name").asText("");
    if (windows && signature.equals(WINDOWS_SIGNATURE)) {
      return WindowsRequest.parse(body);
    }
    if (!signature.isEmpty() && !signature.equals("serving_default")) {
      throw HttpError.badRequest("Serving signature name: \"" + signature + "\" not found in signature def (this"
          + " server runs serving_default" + (windows ? " and " + WINDOWS_SIGNATURE : "") + ")");
    }
    if (body.has("instances")) {
      return rows(body.get("instances"));
    }
    JsonNode inputs = body.get("inputs");
    if (!inputs.isObject()) {
      throw HttpError.badRequest("'inputs' must be an object of named inputs: input_ids, input_mask, segment_ids");
    }
    int[][][] m = new int[3][][];
    for (int i = 0; i < 3; i++) {
      m[i] = matrix(inputs.get(INPUTS.get(i)), INPUTS.get(i));
    }
    return new PredictRequest(m[0], m[1], m[2], null, true);
  }

  private static PredictRequest rows(JsonNode instances) {
    if (!instances.isArray() || instances.isEmpty()) {
      throw HttpError.badRequest("'instances' must be a non-empty list of objects with input_ids, input_mask and"
          + " segment_ids");
    }
    int n = instances.size();
    int[][][] m = new int[3][n][];
    for (int r = 0; r < n; r++) {
      JsonNode row = instances.get(r);
      if (!row.isObject()) {
        throw HttpError.badRequest("Failed to process element: " + r + " of 'instances' list. JSON Value: "
            + abbreviate(row) + " Is not an object (this model has named inputs)");
      }
      for (int i = 0; i < 3; i++) {
        m[i][r] = vector(row.get(INPUTS.get(i)), "element: " + r + " key: " + INPUTS.get(i));
      }
    }
    return new PredictRequest(m[0], m[1], m[2], null, false);
  }

  static int[][] matrix(JsonNode node, String name) {
    if (node == null) {
      throw HttpError.badRequest("Missing input: " + name + " (the signature takes input_ids, input_mask and"
          + " segment_ids)");
    }
    if (!node.isArray() || node.isEmpty()) {
      throw HttpError.badRequest("input: " + name + " must be a non-empty [batch, length] list of lists of int32");
    }
    int[][] out = new int[node.size()][];
    for (int r = 0; r < out.length; r++) {
      out[r] = vector(node.get(r), name + "[" + r + "]");
    }
    return out;
  }

  static int[] vector(JsonNode node, String where) {
    if (node == null || !node.isArray()) {
      throw HttpError.badRequest("Failed to process " + where + ": expected a list of int32 token values, found "
          + abbreviate(node));
    }
    int[] out = new int[node.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode v = node.get(i);
      if (!v.isIntegralNumber() || !v.canConvertToInt()) {
        throw HttpError.badRequest("Failed to process " + where + ": JSON Value: " + abbreviate(v)
            + " Type: " + v.getNodeType() + " is not of expected type: int32");
      }
      out[i] = v.intValue();
    }
    return out;
  }

  /** The response: one object per row ({@code predictions}) or one list per output ({@code outputs}). */
  static ObjectNode predictResponse(ServedModel.Outputs out, boolean columnar, boolean vectorOutputs) {
    ObjectNode root = JSON.createObjectNode();
    if (columnar) {
      ObjectNode outputs = root.putObject("outputs");
      fill(outputs.putArray("probabilities"), out.probabilities(), vectorOutputs);
      fill(outputs.putArray("logits"), out.logits(), vectorOutputs);
      return root;
    }
    ArrayNode predictions = root.putArray("predictions");
    for (int r = 0; r < out.probabilities().length; r++) {
      ObjectNode row = predictions.addObject();
      put(row, "probabilities", out.probabilities()[r], vectorOutputs);
      put(row, "logits", out.logits()[r], vectorOutputs);
    }
    return root;
  }

  private static void fill(ArrayNode into, float[][] rows, boolean vectors) {
    for (float[] row : rows) {
      if (vectors) {
        ArrayNode a = into.addArray();
        for (float v : row) {
          a.add(v);
        }
      } else {
        into.add(row[0]);
      }
    }
  }

  private static void put(ObjectNode row, String key, float[] values, boolean vectors) {
    if (!vectors) {
      row.put(key, values[0]);
      return;
    }
    ArrayNode a = row.putArray(key);
    for (float v : values) {
      a.add(v);
    }
  }

  /** The texts of a {@code :classify-text} body: {@code {"instances": ["text", ...]}}. */
  static List<String> texts(JsonNode body) {
    JsonNode instances = body == null ? null : body.get("instances");
    if (instances == null || !instances.isArray() || instances.isEmpty()) {
      throw HttpError.badRequest("expected {\"instances\": [\"text\", ...]} with at least one text");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < instances.size(); i++) {
      JsonNode t = instances.get(i);
      if (t.isObject()) {
        throw HttpError.badRequest("instances[" + i + "]: this model takes single texts, not text pairs; give"
            + " {\"instances\": [\"text\", ...]}");
      }
      if (!t.isTextual() || t.asText().isBlank()) {
        throw HttpError.badRequest("instances[" + i + "] must be a non-empty string, found " + abbreviate(t));
      }
      out.add(t.asText());
    }
    return out;
  }

  /**
   * The text pairs of a {@code :classify-text} body for an export of pairs: {@code {"instances": [{"text": "...",
   * "text_pair": "..."}, ...]}}.
   */
  static List<TextPair> textPairs(JsonNode body) {
    JsonNode instances = body == null ? null : body.get("instances");
    if (instances == null || !instances.isArray() || instances.isEmpty()) {
      throw HttpError.badRequest("expected {\"instances\": [{\"text\": \"...\", \"text_pair\": \"...\"}, ...]}"
          + " with at least one text pair");
    }
    List<TextPair> out = new ArrayList<>();
    for (int i = 0; i < instances.size(); i++) {
      JsonNode t = instances.get(i);
      if (!t.isObject()) {
        throw HttpError.badRequest("instances[" + i + "]: this model takes text pairs: give {\"text\": \"...\","
            + " \"text_pair\": \"...\"}, found " + abbreviate(t));
      }
      out.add(new TextPair(pairField(t, "text", i), pairField(t, "text_pair", i)));
    }
    return out;
  }

  private static String pairField(JsonNode instance, String key, int i) {
    JsonNode v = instance.get(key);
    if (v == null || v.isNull()) {
      throw HttpError.badRequest("instances[" + i + "] has no '" + key + "': this model takes text pairs, {\"text\":"
          + " \"...\", \"text_pair\": \"...\"}");
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw HttpError.badRequest("instances[" + i + "]." + key + " must be a non-empty string, found "
          + abbreviate(v));
    }
    return v.asText();
  }

  /** {@code {"predictions": [{"labels": [...], "probabilities": {label: p}}, ...], "labels": [...]}}. */
  static ObjectNode classifyResponse(Task task, float[][] probabilities) {
    ObjectNode root = JSON.createObjectNode();
    root.put("task", task.type().configName());
    task.labels().forEach(root.putArray("labels")::add);
    ArrayNode predictions = root.putArray("predictions");
    for (float[] row : probabilities) {
      Prediction p = task.prediction(row);
      ObjectNode n = predictions.addObject();
      p.labels().forEach(n.putArray("labels")::add);
      ObjectNode probs = n.putObject("probabilities");
      p.probabilities().forEach(probs::put);
    }
    return root;
  }

  static String abbreviate(JsonNode node) {
    String s = String.valueOf(node);
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
