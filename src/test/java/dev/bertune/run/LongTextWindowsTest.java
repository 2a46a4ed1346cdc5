package dev.bertune.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bertune.inference.TextClassifier;
import dev.bertune.testing.Captured;
import dev.bertune.testing.TinyRun;
import dev.bertune.text.Encoding;
import dev.bertune.text.LongText;
import dev.bertune.text.TextWindows;
import dev.bertune.text.Truncation;
import dev.bertune.text.WordPieceTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code tokenizer.long-text = windows} end to end on the tiny BERT: long reviews read in windows of 16 WordPieces,
 * trained frozen (features cached per window) and fully, exported with {@code serving_windows}, reloaded.
 */
class LongTextWindowsTest {
  @TempDir static Path dir;
  static TinyRun tiny;
  static Path longTrain;
  static Path longTest;
  static Path frozen;
  static Path full;
  static Captured frozenRun;
  static final List<String> WINDOWS = List.of("tokenizer.long-text=windows", "tokenizer.max-length=16",
      "tokenizer.stride=4", "tokenizer.max-windows=6");
  static final List<String> TEXTS = List.of(
      "the film was great and wonderful , the acting brilliant , the music was very good and i loved the story",
      "awful", "the plot was boring , the acting terrible , it was a really bad film and i hated the music . awful");

  @BeforeAll
  static void train() throws Exception {
    tiny = TinyRun.create(dir);
    longTrain = TinyRun.writeLongReviews(dir.resolve("long-train.tsv"), 120, 3, 20, 70);
    longTest = TinyRun.writeLongReviews(dir.resolve("long-test.tsv"), 40, 4, 20, 70);
    List<String> frozenSets = sets("frozen", "head.window-pooling=attention");
    frozenRun = Captured.run("", args(frozenSets));
    assertEquals(0, frozenRun.status(), frozenRun.err() + frozenRun.out());
    frozen = dir.resolve("export/frozen/1");
    full = tiny.export("full", with("train.mode=full", "train.epochs=1", "head.window-pooling=mean",
        "train.accumulation-steps=2",
        "data.train=\"" + longTrain + "\"", "data.test=\"" + longTest + "\""));
  }

  private static String[] with(String... extra) {
    List<String> all = new ArrayList<>(WINDOWS);
    all.addAll(List.of(extra));
    return all.toArray(String[]::new);
  }

  private static List<String> sets(String name, String... extra) {
    List<String> s = tiny.overrides();
    s.addAll(List.of("train.mode=frozen", "train.epochs=3", "run.id=" + name, "export.name=" + name,
        "train.learning-rate.head=5e-2", "data.train=\"" + longTrain + "\"", "data.test=\"" + longTest + "\""));
    s.addAll(WINDOWS);
    s.addAll(List.of(extra));
    return s;
  }

  private static List<String> args(List<String> sets) {
    List<String> args = new ArrayList<>(List.of("train"));
    sets.forEach(s -> {
      args.add("--set");
      args.add(s);
    });
    return args;
  }

  @Test
  void runSaysHowManyTextsAreReadInWindows() throws Exception {
    String out = frozenRun.out();
    assertTrue(out.matches("(?s).*windows \\(train\\): 108 of 108 texts are longer than 16 WordPieces and read in"
        + " several windows \\(stride 4\\); \\d+ windows in all.*"), out);
    assertTrue(out.matches("(?s).*train features: 108 texts in \\d+ windows x 8 \\[computed by BERT\\].*"), out);
    String report = Files.readString(dir.resolve("runs/frozen/report.md"));
    assertTrue(report.contains("windows (stride 4, at most 6), attention pooling"), report);
  }

  @Test
  void frozenWindowFeaturesAreCachedAndKeyedByTheWindowSettings() {
    Captured again = Captured.run("", args(sets("frozen-again", "head.window-pooling=attention")));
    assertEquals(0, again.status(), again.err());
    assertTrue(again.out().matches("(?s).*train features: 108 texts in \\d+ windows x 8 \\[feature cache hit\\].*"),
        again.out());
    assertTrue(!again.out().contains("[computed by BERT]"), again.out());
    Captured other = Captured.run("", args(sets("frozen-stride", "head.window-pooling=attention",
        "tokenizer.stride=2")));
    assertEquals(0, other.status(), other.err());
    assertTrue(other.out().contains("[computed by BERT]"), "another stride is other windows: " + other.out());
  }

  @Test
  void exportHasTheWindowsSignatureAndItsSettings() throws Exception {
    for (Path export : List.of(frozen, full)) {
      try (SavedModelBundle b = SavedModelBundle.load(export.toString(), "serve")) {
        SignatureDef sig = b.metaGraphDef().getSignatureDefMap().get("serving_windows");
        assertTrue(sig != null, "no serving_windows in " + export);
        assertEquals(3, sig.getInputsOrThrow("input_ids").getTensorShape().getDimCount());
        assertEquals(2, sig.getInputsOrThrow("window_mask").getTensorShape().getDimCount());
        assertTrue(b.metaGraphDef().getSignatureDefMap().containsKey("serving_default"));
      }
      JsonNode settings = new ObjectMapper().readTree(export.resolve("assets.extra/tokenizer-config.json").toFile());
      assertEquals("windows", settings.get("long_text").asText());
      assertEquals(4, settings.get("stride").asInt());
      assertEquals(6, settings.get("max_windows").asInt());
      Captured inspect = Captured.run("inspect", export.toString());
      assertTrue(inspect.out().contains("long texts: windows (stride 4, at most 6), pooled (signature serving_windows)"),
          inspect.out());
    }
  }

  /**
   * What a TF Serving client does: tokenize into windows, pad to [D, W, T] with a window mask, call serving_windows;
   * the probabilities equal the Java API's.
   */
  @Test
  void servingWindowsGivesTheJavaApisDocumentProbabilities() throws Exception {
    for (Path export : List.of(frozen, full)) {
      float[][] api;
      try (TextClassifier clf = TextClassifier.load(export)) {
        api = clf.score(TEXTS).probabilities();
        assertEquals(LongText.WINDOWS, clf.windows().mode());
      }
      float[] served = servingWindows(export, TEXTS);
      for (int i = 0; i < TEXTS.size(); i++) {
        assertEquals(api[i][0], served[i], 1e-6, export + " text " + i);
      }
      assertTrue(Math.abs(served[0] - served[2]) > 1e-4, "texts get their own probabilities");
    }
  }

  private static float[] servingWindows(Path export, List<String> texts) throws Exception {
    float[][] rows = servingWindowRows(export, texts, 16, 4, 6);
    float[] out = new float[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rows[i][0];
    }
    return out;
  }

  /** serving_windows's probabilities as rows [D][K] (K = 1 for a binary export's [D] output). */
  private static float[][] servingWindowRows(Path export, List<String> texts, int maxLength, int stride,
      int maxWindows) throws Exception {
    Path extra = export.resolve("assets.extra");
    List<List<Encoding>> docs;
    try (WordPieceTokenizer tok = WordPieceTokenizer.fromFiles(extra.resolve("tokenizer.json"),
        extra.resolve("vocab.txt"), true, maxLength, Truncation.HEAD_TAIL)) {
      docs = new TextWindows(LongText.WINDOWS, stride, maxWindows).encode(tok, texts);
    }
    int d = docs.size();
    int w = docs.stream().mapToInt(List::size).max().orElseThrow();
    int t = maxLength;
    assertTrue(w > 1 && docs.get(1).size() == 1, "a long and a short text");
    int[] ids = new int[d * w * t];
    int[] mask = new int[d * w * t];
    float[] windowMask = new float[d * w];
    for (int i = 0; i < d; i++) {
      for (int v = 0; v < docs.get(i).size(); v++) {
        int[] window = docs.get(i).get(v).inputIds();
        for (int j = 0; j < window.length; j++) {
          ids[(i * w + v) * t + j] = window[j];
          mask[(i * w + v) * t + j] = 1;
        }
        windowMask[i * w + v] = 1;
      }
    }
    try (SavedModelBundle b = SavedModelBundle.load(export.toString(), "serve")) {
      SignatureDef sig = b.metaGraphDef().getSignatureDefMap().get("serving_windows");
      Shape dwt = Shape.of(d, w, t);
      try (TInt32 idsT = TInt32.tensorOf(dwt, DataBuffers.of(ids));
          TInt32 maskT = TInt32.tensorOf(dwt, DataBuffers.of(mask));
          TInt32 segT = TInt32.tensorOf(dwt, DataBuffers.of(new int[d * w * t]));
          TFloat32 wm = TFloat32.tensorOf(Shape.of(d, w), DataBuffers.of(windowMask))) {
        Session.Runner r = b.session().runner()
            .feed(sig.getInputsOrThrow("input_ids").getName(), idsT)
            .feed(sig.getInputsOrThrow("input_mask").getName(), maskT)
            .feed(sig.getInputsOrThrow("segment_ids").getName(), segT)
            .feed(sig.getInputsOrThrow("window_mask").getName(), wm)
            .fetch(sig.getOutputsOrThrow("probabilities").getName());
        try (Result res = r.run()) {
          TFloat32 p = (TFloat32) res.get(0);
          int k = p.shape().numDimensions() == 1 ? 1 : (int) p.shape().size(1);
          float[] flat = new float[d * k];
          p.asRawTensor().data().asFloats().read(flat);
          float[][] out = new float[d][];
          for (int i = 0; i < d; i++) {
            out[i] = java.util.Arrays.copyOfRange(flat, i * k, (i + 1) * k);
          }
          return out;
        }
      }
    }
  }

  /** serve's :classify-text on a windows export, over real HTTP, gives the Java API's text probabilities. */
  @Test
  void serveWindowsTheSameWay() throws Exception {
    float[][] api;
    try (TextClassifier clf = TextClassifier.load(full)) {
      api = clf.score(TEXTS).probabilities();
    }
    ObjectMapper json = new ObjectMapper();
    var body = json.createObjectNode();
    var instances = body.putArray("instances");
    TEXTS.forEach(instances::add);
    try (dev.bertune.serve.ModelServer server = dev.bertune.serve.ModelServer.start(TextClassifier.load(full),
        new dev.bertune.serve.ServeOptions("127.0.0.1", 0, "long", 64, 0, 64, 1 << 20, 10_000))) {
      java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port()
              + "/v1/models/long:classify-text")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
              body.toString())).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      JsonNode predictions = json.readTree(r.body()).get("predictions");
      for (int i = 0; i < TEXTS.size(); i++) {
        assertEquals(api[i][0], predictions.get(i).get("probabilities").get("positive").floatValue(), 1e-6f,
            r.body());
      }
    }
  }

  /**
   * serve's TF-Serving-style {@code :predict} with {@code "signature_name": "serving_windows"}, in the row and the
   * columnar format, gives the Java API's text probabilities; an unknown signature is a 400, not a silent default.
   */
  @Test
  void servePredictTakesTheWindowsSignature() throws Exception {
    float[][] api;
    List<List<Encoding>> docs;
    try (TextClassifier clf = TextClassifier.load(full);
        WordPieceTokenizer tok = WordPieceTokenizer.fromFiles(full.resolve("assets.extra/tokenizer.json"),
            full.resolve("assets.extra/vocab.txt"), true, 16, Truncation.HEAD_TAIL)) {
      api = clf.score(TEXTS).probabilities();
      docs = new TextWindows(LongText.WINDOWS, 4, 6).encode(tok, TEXTS);
    }
    int w = docs.stream().mapToInt(List::size).max().orElseThrow();
    ObjectMapper json = new ObjectMapper();
    var rows = json.createObjectNode().put("signature_name", "serving_windows");
    var instances = rows.putArray("instances");
    var columns = json.createObjectNode().put("signature_name", "serving_windows");
    var inputs = columns.putObject("inputs");
    for (List<Encoding> doc : docs) {
      var text = instances.addObject();
      for (String key : List.of("input_ids", "input_mask", "segment_ids")) {
        var windows = text.putArray(key);
        for (int v = 0; v < w; v++) {
          var row = windows.addArray();
          int[] ids = v < doc.size() ? doc.get(v).inputIds() : new int[0];
          for (int j = 0; j < 16; j++) {
            row.add(j >= ids.length ? 0 : key.equals("input_ids") ? ids[j] : key.equals("input_mask") ? 1 : 0);
          }
        }
        (inputs.has(key) ? (com.fasterxml.jackson.databind.node.ArrayNode) inputs.get(key) : inputs.putArray(key))
            .add(windows);
      }
      var mask = text.putArray("window_mask");
      for (int v = 0; v < w; v++) {
        mask.add(v < doc.size() ? 1 : 0);
      }
      (inputs.has("window_mask") ? (com.fasterxml.jackson.databind.node.ArrayNode) inputs.get("window_mask")
          : inputs.putArray("window_mask")).add(mask);
    }
    try (dev.bertune.serve.ModelServer server = dev.bertune.serve.ModelServer.start(TextClassifier.load(full),
        new dev.bertune.serve.ServeOptions("127.0.0.1", 0, "long", 64, 0, 64, 1 << 20, 10_000))) {
      JsonNode byRow = json.readTree(post(server, rows.toString(), 200));
      JsonNode byColumn = json.readTree(post(server, columns.toString(), 200));
      for (int i = 0; i < TEXTS.size(); i++) {
        assertEquals(api[i][0], byRow.get("predictions").get(i).get("probabilities").floatValue(), 1e-6f);
        assertEquals(api[i][0], byColumn.get("outputs").get("probabilities").get(i).floatValue(), 1e-6f);
      }
      String unknown = post(server, "{\"signature_name\": \"features\", \"instances\": []}", 400);
      assertTrue(unknown.contains("Serving signature name: \\\"features\\\" not found"), unknown);
      String padFirst = post(server, rows.toString().replace("\"window_mask\":[1", "\"window_mask\":[0"), 400);
      assertTrue(padFirst.contains("first window must be real"), padFirst);
    }
  }

  private static String post(dev.bertune.serve.ModelServer server, String body, int status) throws Exception {
    java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port()
            + "/v1/models/long:predict")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(status, r.statusCode(), r.body());
    return r.body();
  }

  /** Windows work for every task: a multi-label export pools [D, K] probabilities the same way. */
  @Test
  void multiLabelTextsInWindows() throws Exception {
    Path tags = TinyRun.writeMultiLabel(dir.resolve("tags.tsv"), 96, 5);
    Path export = tiny.export("tags-windows", "data.train=\"" + tags + "\"", "data.test=\"" + tags + "\"",
        "data.label-column=labels", "tokenizer.long-text=windows", "tokenizer.max-length=8", "tokenizer.stride=2",
        "tokenizer.max-windows=4", "head.window-pooling=max");
    List<String> texts = List.of("the music was great and the acting awful , the story boring and the film bad",
        "music", "i loved the story and the music , great acting");
    try (TextClassifier clf = TextClassifier.load(export)) {
      assertEquals(dev.bertune.task.TaskType.MULTI_LABEL, clf.taskType());
      float[][] api = clf.score(texts).probabilities();
      float[][] served = servingWindowRows(export, texts, 8, 2, 4);
      for (int i = 0; i < texts.size(); i++) {
        assertEquals(3, served[i].length);
        assertArrayEquals(api[i], served[i], 1e-6f, "text " + i);
      }
    }
  }

  /** A text that fits in one window gets, from the windows export, exactly serving_default's probability. */
  @Test
  void aTextThatFitsIsPredictedAsOneWindow() throws Exception {
    try (TextClassifier clf = TextClassifier.load(frozen);
        WordPieceTokenizer tok = WordPieceTokenizer.fromFiles(frozen.resolve("assets.extra/tokenizer.json"),
            frozen.resolve("assets.extra/vocab.txt"), true, 16, Truncation.HEAD_TAIL)) {
      String shortText = "it was great";
      int[] ids = tok.encodeAll(List.of(shortText)).get(0).inputIds();
      int[] ones = new int[ids.length];
      java.util.Arrays.fill(ones, 1);
      float[][] viaDefault = clf.scoreTokens(new int[][] {ids}, new int[][] {ones}, new int[][] {new int[ids.length]})
          .probabilities();
      float[][] viaApi = clf.score(List.of(shortText)).probabilities();
      assertArrayEquals(viaDefault[0], viaApi[0], 0f);
    }
  }

  @Test
  void predictAndEvaluateWindowTheSameWay() throws Exception {
    List<String> args = new ArrayList<>(List.of("predict", "--model", full.toString(), "--json"));
    args.addAll(TEXTS);
    Captured cli = Captured.run("", args);
    assertEquals(0, cli.status(), cli.err());
    List<String> lines = cli.out().lines().toList();
    try (TextClassifier clf = TextClassifier.load(full)) {
      float[][] api = clf.score(TEXTS).probabilities();
      for (int i = 0; i < TEXTS.size(); i++) {
        JsonNode n = new ObjectMapper().readTree(lines.get(i));
        assertEquals(api[i][0], n.get("probabilities").get("positive").asDouble(), 1e-6, lines.get(i));
      }
    }
    Captured eval = Captured.run("evaluate", "--model", full.toString(), "--data", longTest.toString());
    assertEquals(0, eval.status(), eval.err());
    assertTrue(eval.out().contains("accuracy"), eval.out());
  }
}
