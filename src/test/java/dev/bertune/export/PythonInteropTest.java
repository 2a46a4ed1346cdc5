package dev.bertune.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bertune.inference.TextClassifier;
import dev.bertune.run.TokenizerSettingsFile;
import dev.bertune.testing.TinyRun;
import dev.bertune.text.Encoding;
import dev.bertune.text.WordPieceTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh export in TensorFlow for Python ({@code src/test/python/check_export.py}, run by the venv that
 * {@code src/test/setup.sh} makes from the machine's wheel index): {@code saved_model_cli show --all} and
 * {@code tf.saved_model.load(...).signatures["serving_default"]} on the same token ids give bertune's probabilities
 * (1e-5), with the signature TF Serving needs; for an export that reads long texts in windows, {@code
 * signatures["serving_windows"]} on [texts, windows, tokens] gives the Java API's text probabilities; the TF Serving
 * warm-up file holds {@code PredictionLog} requests the signature runs; and TensorBoard's own reader finds the
 * scalars of the run.
 */
class PythonInteropTest {
  /** The Python with tensorflow-cpu and tensorboard: {@code BERTUNE_PYTHON}, or the venv setup.sh makes. */
  static final Path PYTHON = Path.of(System.getenv().getOrDefault("BERTUNE_PYTHON", ".bertune/pyenv/bin/python"));
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> TEXTS = List.of("the film was great and wonderful", "awful boring plot", "a movie",
      "i loved the music , the story was bad and the acting terrible !");

  @TempDir static Path dir;
  static TinyRun tiny;

  @BeforeAll
  static void data() throws Exception {
    tiny = TinyRun.create(dir);
  }

  @ParameterizedTest
  @ValueSource(strings = {"binary", "multi-label", "windows"})
  void tensorflowForPythonServesTheExportAsBertuneDoes(String task) throws Exception {
    assertTrue(Files.isExecutable(PYTHON), PYTHON + " not found: run src/test/setup.sh (it makes a venv with"
        + " tensorflow-cpu 2.21 and tensorboard from the local wheel index), or set BERTUNE_PYTHON");
    List<String> sets = new ArrayList<>(List.of("train.mode=full", "train.epochs=2",
        "callbacks.tensorboard.every-steps=5"));
    if (task.equals("multi-label")) {
      Path tags = TinyRun.writeMultiLabel(dir.resolve("tags.tsv"), 96, 5);
      sets.addAll(List.of("data.train=\"" + tags + "\"", "data.test=\"" + tags + "\"", "data.label-column=labels"));
    }
    if (task.equals("windows")) {
      Path reviews = TinyRun.writeLongReviews(dir.resolve("long.tsv"), 96, 5, 20, 60);
      sets.addAll(List.of("data.train=\"" + reviews + "\"", "data.test=\"" + reviews + "\"",
          "tokenizer.long-text=windows", "tokenizer.max-length=16", "tokenizer.stride=4",
          "head.window-pooling=attention"));
    }
    Path export = tiny.export(task, sets.toArray(String[]::new));
    Path cases = cases(export, dir.resolve(task + "-cases.json"));
    Path tensorboard = tiny.root.resolve("runs").resolve(task).resolve("tensorboard");

    JsonNode checked = runPython(export, cases, tensorboard);
    assertTrue(checked.get("ok").asBoolean(), checked.toString());
    assertTrue(checked.get("max_abs_difference").asDouble() <= 1e-5, checked.toString());
    assertEquals(task.equals("multi-label") ? 2 : 1, checked.get("probabilities_shape").size(), "[-1] or [-1, K]");
    if (task.equals("windows")) {
      assertTrue(checked.get("windows_max_abs_difference").asDouble() <= 1e-5, checked.toString());
      assertTrue(checked.get("windows_shape").get(1).asInt() > 1, "texts of several windows: " + checked);
    }
    JsonNode warmup = checked.get("warmup_requests");
    assertEquals(4, warmup.size(), "shortest, median, longest, and all in one batch: " + warmup);
    assertEquals(1, warmup.get(0).get(0).asInt());
    assertTrue(warmup.get(3).get(0).asInt() > 1, "a batch request: " + warmup);
    System.out.println("TensorFlow " + checked.get("tensorflow").asText() + " on the " + task + " export: max |Δp| "
        + checked.get("max_abs_difference").asDouble());

    JsonNode scalars = checked.get("tensorboard_scalars");
    List<String> history = Files.readAllLines(tiny.root.resolve("runs").resolve(task).resolve("history.csv"));
    List<String> header = List.of(history.get(0).split(","));
    for (String metric : List.of("loss", "val_loss")) {
      String tag = (metric.startsWith("val_") ? "validation/epoch_" + metric.substring(4) : "train/epoch_" + metric);
      JsonNode points = scalars.get(tag);
      assertTrue(points != null && points.size() == 2, tag + " in " + scalars.fieldNames().next() + "...: " + points);
      for (int e = 0; e < 2; e++) {
        double expected = Double.parseDouble(history.get(e + 1).split(",")[header.indexOf(metric)]);
        assertEquals(e + 1, points.get(e).get(0).asLong(), tag + " step");
        assertEquals(expected, points.get(e).get(1).asDouble(), 1e-5, tag + " epoch " + (e + 1));
      }
    }
    assertTrue(scalars.has("train/batch_loss"), "batch scalars too: " + scalars);
  }

  /** Token ids of {@link #TEXTS} (the export's tokenizer) with the probabilities bertune gives them. */
  static Path cases(Path export, Path file) throws IOException {
    TokenizerSettingsFile.Settings s = TokenizerSettingsFile.read(export);
    Path extra = export.resolve("assets.extra");
    int[][] ids;
    try (WordPieceTokenizer tok = WordPieceTokenizer.fromFiles(extra.resolve("tokenizer.json"),
        extra.resolve("vocab.txt"), s.lowerCase(), s.maxLength(), s.truncation())) {
      List<Encoding> enc = tok.encodeAll(TEXTS);
      int t = enc.stream().mapToInt(Encoding::length).max().orElseThrow();
      ids = new int[TEXTS.size()][t];
      int[][] mask = new int[TEXTS.size()][t];
      for (int i = 0; i < TEXTS.size(); i++) {
        int[] e = enc.get(i).inputIds();
        System.arraycopy(e, 0, ids[i], 0, e.length);
        java.util.Arrays.fill(mask[i], 0, e.length, 1);
      }
      int[][] seg = new int[TEXTS.size()][t];
      float[][] probs;
      try (TextClassifier clf = TextClassifier.load(export)) {
        probs = clf.scoreTokens(ids, mask, seg).probabilities();
      }
      ObjectNode root = JSON.createObjectNode();
      root.set("input_ids", JSON.valueToTree(ids));
      root.set("input_mask", JSON.valueToTree(mask));
      root.set("segment_ids", JSON.valueToTree(seg));
      root.set("probabilities", probs[0].length == 1
          ? JSON.valueToTree(java.util.Arrays.stream(probs).map(p -> p[0]).toList()) : JSON.valueToTree(probs));
      if (s.windows().windowed()) {
        root.set("windows", windowCases(export, s.windows().encode(tok, LONG_TEXTS)));
      }
      Files.writeString(file, root.toString());
    }
    return file;
  }

  static final List<String> LONG_TEXTS = List.of(
      "the film was great and wonderful , the acting brilliant , the music was very good and i loved the story",
      "awful", "the plot was boring , the acting terrible , it was a really bad film and i hated the music . awful");

  /** {@link #LONG_TEXTS} as a TF Serving client sends them to serving_windows, and bertune's probabilities. */
  static ObjectNode windowCases(Path export, List<List<Encoding>> docs) {
    int w = docs.stream().mapToInt(List::size).max().orElseThrow();
    int t = docs.stream().flatMap(List::stream).mapToInt(Encoding::length).max().orElseThrow();
    int[][][] ids = new int[docs.size()][w][t];
    int[][][] mask = new int[docs.size()][w][t];
    float[][] windowMask = new float[docs.size()][w];
    for (int i = 0; i < docs.size(); i++) {
      for (int v = 0; v < docs.get(i).size(); v++) {
        int[] e = docs.get(i).get(v).inputIds();
        System.arraycopy(e, 0, ids[i][v], 0, e.length);
        java.util.Arrays.fill(mask[i][v], 0, e.length, 1);
        windowMask[i][v] = 1;
      }
    }
    float[][] probs;
    try (TextClassifier clf = TextClassifier.load(export)) {
      probs = clf.score(LONG_TEXTS).probabilities();
    }
    ObjectNode w3 = JSON.createObjectNode();
    w3.set("input_ids", JSON.valueToTree(ids));
    w3.set("input_mask", JSON.valueToTree(mask));
    w3.set("segment_ids", JSON.valueToTree(new int[docs.size()][w][t]));
    w3.set("window_mask", JSON.valueToTree(windowMask));
    w3.set("probabilities", JSON.valueToTree(java.util.Arrays.stream(probs).map(p -> p[0]).toList()));
    return w3;
  }

  static JsonNode runPython(Path export, Path cases, Path tensorboard) throws Exception {
    Path log = Files.createTempFile(dir, "python", ".log");
    ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), "src/test/python/check_export.py", export.toString(),
        cases.toString(), tensorboard.toString()).redirectError(log.toFile());
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "python timed out");
    String last = out.lines().reduce((a, b) -> b).orElse("");
    String err = Files.readString(log);
    assertTrue(last.startsWith("{"), "python printed no result (exit " + p.exitValue() + "): " + out
        + err.substring(Math.max(0, err.length() - 3000)));
    JsonNode result = JSON.readTree(last);
    assertEquals(0, p.exitValue(), result.toString());
    return result;
  }
}
