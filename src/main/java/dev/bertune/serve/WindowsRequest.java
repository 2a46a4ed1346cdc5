package dev.bertune.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code :predict} body for {@code serving_windows}, as TF Serving takes it: texts of W windows of T tokens, in the
 * row format ({@code instances}: one object per text, {@code input_ids}, {@code input_mask}, {@code segment_ids} [W][T]
 * and {@code window_mask} [W]) or the columnar one ({@code inputs}: [D][W][T] and [D][W]); parsed into the texts'
 * windows as rows, text after text, and the window mask.
 */
final class WindowsRequest {
  private WindowsRequest() {}

  /** The request; shapes that are not one [D][W][T] tensor and one [D][W] mask are 400 errors. */
  static TfServingJson.PredictRequest parse(JsonNode body) {
    boolean columnar = body.has("inputs");
    List<JsonNode> texts = new ArrayList<>();
    JsonNode all = columnar ? body.get("inputs") : body.get("instances");
    if (columnar ? !all.isObject() : !all.isArray() || all.isEmpty()) {
      throw HttpError.badRequest(TfServingJson.WINDOWS_SIGNATURE + " takes " + (columnar
          ? "'inputs': {input_ids, input_mask, segment_ids: [texts][windows][tokens], window_mask: [texts][windows]}"
          : "'instances': a non-empty list of texts, each {input_ids, input_mask, segment_ids: [windows][tokens],"
              + " window_mask: [windows]}"));
    }
    int d = columnar ? size(all.get(TfServingJson.WINDOW_MASK), TfServingJson.WINDOW_MASK) : all.size();
    for (int i = 0; i < d; i++) {
      texts.add(columnar ? text(all, i) : all.get(i));
    }
    int w = -1;
    List<int[][]> ids = new ArrayList<>();
    List<int[][]> mask = new ArrayList<>();
    List<int[][]> segments = new ArrayList<>();
    float[][] windowMask = new float[d][];
    for (int i = 0; i < d; i++) {
      JsonNode t = texts.get(i);
      if (!t.isObject()) {
        throw HttpError.badRequest("Failed to process element: " + i + " of 'instances' list. JSON Value: "
            + TfServingJson.abbreviate(t) + " Is not an object (this model has named inputs)");
      }
      windowMask[i] = floats(t.get(TfServingJson.WINDOW_MASK), "text " + i + " key: " + TfServingJson.WINDOW_MASK);
      if (w >= 0 && windowMask[i].length != w) {
        throw HttpError.badRequest("text " + i + " has " + windowMask[i].length + " windows, text 0 " + w
            + " (pad every text to one number of windows, with window_mask 0)");
      }
      w = windowMask[i].length;
      ids.add(windows(t, TfServingJson.INPUTS.get(0), i, w));
      mask.add(windows(t, TfServingJson.INPUTS.get(1), i, w));
      segments.add(windows(t, TfServingJson.INPUTS.get(2), i, w));
    }
    return new TfServingJson.PredictRequest(flatten(ids), flatten(mask), flatten(segments), windowMask, columnar);
  }

  /** Text {@code i} of a columnar body, as the row format has it. */
  private static JsonNode text(JsonNode inputs, int i) {
    var t = TfServingJson.JSON.createObjectNode();
    for (String key : List.of("input_ids", "input_mask", "segment_ids", TfServingJson.WINDOW_MASK)) {
      JsonNode column = inputs.get(key);
      if (column == null || !column.isArray() || column.size() <= i) {
        throw HttpError.badRequest("Missing input: " + key + " for text " + i + " (" + TfServingJson.WINDOWS_SIGNATURE
            + " takes input_ids, input_mask, segment_ids and window_mask, one entry per text)");
      }
      t.set(key, column.get(i));
    }
    return t;
  }

  private static int size(JsonNode node, String key) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw HttpError.badRequest("Missing input: " + key + " (a non-empty [texts][windows] list)");
    }
    return node.size();
  }

  private static int[][] windows(JsonNode text, String key, int i, int w) {
    int[][] m = TfServingJson.matrix(text.get(key), key + " of text " + i);
    if (m.length != w) {
      throw HttpError.badRequest(key + " of text " + i + " has " + m.length + " windows, its window_mask " + w);
    }
    return m;
  }

  private static float[] floats(JsonNode node, String where) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw HttpError.badRequest("Failed to process " + where + ": expected a non-empty list of 0/1 values, found "
          + TfServingJson.abbreviate(node));
    }
    float[] out = new float[node.size()];
    for (int j = 0; j < out.length; j++) {
      JsonNode v = node.get(j);
      if (!v.isNumber() || (v.doubleValue() != 0 && v.doubleValue() != 1)) {
        throw HttpError.badRequest("Failed to process " + where + ": JSON Value: " + TfServingJson.abbreviate(v)
            + " is not 0 or 1");
      }
      out[j] = v.floatValue();
    }
    if (out[0] != 1) {
      throw HttpError.badRequest("Failed to process " + where + ": a text's first window must be real (window_mask"
          + " 1); pad with windows of mask 0 after its last");
    }
    return out;
  }

  private static int[][] flatten(List<int[][]> texts) {
    return texts.stream().flatMap(java.util.Arrays::stream).toArray(int[][]::new);
  }
}
