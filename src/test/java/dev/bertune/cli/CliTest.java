package dev.bertune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bertune.testing.Captured;
import dev.bertune.testing.TinyRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The user's path through the CLI, end to end on the tiny BERT: train, inspect, evaluate, predict, errors. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliTest {
  @TempDir static Path dir;
  static TinyRun tiny;
  static Path export;

  @BeforeAll
  static void setUp() throws Exception {
    tiny = TinyRun.create(dir);
  }

  static List<String> train(String... extra) {
    List<String> args = new ArrayList<>(List.of("train"));
    for (String o : tiny.overrides()) {
      args.add("--set");
      args.add(o);
    }
    for (String o : extra) {
      args.add("--set");
      args.add(o);
    }
    return args;
  }

  @Test
  @Order(1)
  void trainWritesRunDirectoryAndExportsAVerifiedSavedModel() throws Exception {
    Captured r = Captured.run("", train("train.mode=full", "train.epochs=8", "run.id=cli", "train.batch-size=16",
        "train.learning-rate.encoder=1e-2", "train.learning-rate.head=1e-1", "train.warmup-fraction=0"));
    assertEquals(0, r.status(), r.err() + r.out());
    Path run = tiny.root.resolve("runs/cli");
    for (String f : List.of("config.conf", "history.csv", "metrics.json", "provenance.json", "report.md",
        "training-curves.png", "roc.png", "confusion-matrix.png")) {
      assertTrue(Files.isRegularFile(run.resolve(f)), f);
    }
    assertEquals(9, Files.readAllLines(run.resolve("history.csv")).size(), "header + 8 epochs");
    JsonNode metrics = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
    for (String k : List.of("accuracy", "precision", "recall", "f1", "auc", "loss", "count")) {
      assertTrue(metrics.get("test").has(k), k);
    }
    assertEquals(60, metrics.get("test").get("count").asInt());
    assertTrue(metrics.get("test").get("auc").asDouble() >= 0.8, "learned nothing: " + metrics);
    System.out.println("tiny CLI run metrics: " + metrics);

    export = tiny.root.resolve("export/review-classifier/1");
    assertTrue(Files.isRegularFile(export.resolve("saved_model.pb")));
    for (String f : List.of("vocab.txt", "tokenizer.json", "tokenizer-config.json", "provenance.json")) {
      assertTrue(Files.isRegularFile(export.resolve("assets.extra").resolve(f)), f);
    }
    JsonNode provenance = new ObjectMapper().readTree(export.resolve("assets.extra/provenance.json").toFile());
    assertEquals(64, provenance.get("data").get(tiny.train.toString()).get("sha256").asText().length());
    assertEquals(dev.bertune.BertuneVersion.get(), provenance.get("versions").get("bertune").asText());
    assertTrue(provenance.get("versions").get("bertune").asText().matches("\\d+\\.\\d+\\.\\d+.*"));
    try (Stream<Path> children = Files.list(export.getParent())) {
      assertEquals(List.of("1"), children.map(p -> p.getFileName().toString()).toList(), "no temporary folder left");
    }
  }

  @Test
  @Order(2)
  void inspectShowsTheServingSignature() {
    Captured r = Captured.run("inspect", export.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("tag-set: 'serve'"), r.out());
    assertTrue(r.out().contains("signature_def['serving_default']"), r.out());
    assertTrue(r.out().contains("Method name is: tensorflow/serving/predict"), r.out());
    assertTrue(r.out().contains("inputs['input_ids'] tensor_info:\n        dtype: DT_INT32\n        shape: (-1, -1)"),
        r.out());
    assertTrue(r.out().contains("outputs['probabilities'] tensor_info:\n        dtype: DT_FLOAT\n        shape: (-1)"),
        r.out());
  }

  @Test
  @Order(3)
  void evaluateReportsMetricsOfTheExportAsJson() throws Exception {
    Captured r = Captured.run("evaluate", "--model", export.toString(), "--data", tiny.test.toString(), "--json");
    assertEquals(0, r.status(), r.err());
    JsonNode m = new ObjectMapper().readTree(r.out());
    JsonNode trained = new ObjectMapper().readTree(tiny.root.resolve("runs/cli/metrics.json").toFile()).get("test");
    assertEquals(trained.get("accuracy").asDouble(), m.get("accuracy").asDouble(), 1e-9);
    assertEquals(trained.get("auc").asDouble(), m.get("auc").asDouble(), 1e-6);
    assertEquals(trained.get("loss").asDouble(), m.get("loss").asDouble(), 1e-4);
  }

  @Test
  @Order(4)
  void predictClassifiesTextsFromStdinAndArguments() throws Exception {
    Captured r = Captured.run("the movie was great and wonderful\nterrible boring awful film\n",
        List.of("predict", "--model", export.toString(), "--json"));
    assertEquals(0, r.status(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(2, lines.size(), r.out());
    ObjectMapper json = new ObjectMapper();
    assertEquals("positive", json.readTree(lines.get(0)).get("label").asText());
    assertEquals("negative", json.readTree(lines.get(1)).get("label").asText());
    Captured args = Captured.run("predict", "--model", export.toString(), "loved it", "hated it");
    assertEquals(0, args.status(), args.err());
    assertEquals(2, args.out().lines().count());
  }

  @Test
  @Order(4)
  void predictSkipsBlankStdinLinesWithACountAndRefusesInvalidUtf8() {
    Captured r = Captured.run("loved it\n\n  \nhated it\n", List.of("predict", "--model", export.toString()));
    assertEquals(0, r.status(), r.err());
    assertEquals(2, r.out().lines().count(), r.out());
    assertTrue(r.err().contains("predict: skipped 2 blank lines of stdin (lines 2, 3)"), r.err());
    byte[] latin1 = {'o', 'k', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n'};
    Captured bad = Captured.run(latin1, List.of("predict", "--model", export.toString()));
    assertEquals(Main.USER_ERROR, bad.status(), bad.out());
    assertTrue(bad.err().startsWith("error: <stdin>:2: invalid UTF-8 byte 0xE9"), bad.err());
    assertEquals("", bad.out(), "nothing classified");
  }

  @Test
  void unknownConfigKeyNamesTheNearestKey() {
    Captured r = Captured.run("train", "--set", "train.epoch=2");
    assertEquals(Main.USER_ERROR, r.status());
    assertTrue(r.err().contains("unknown config key 'train.epoch'"), r.err());
    assertTrue(r.err().contains("did you mean 'train.epochs'"), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
  }

  @Test
  void badValueListsAcceptedValues() {
    Captured r = Captured.run("train", "--set", "train.mode=half");
    assertEquals(Main.USER_ERROR, r.status());
    assertTrue(r.err().contains("train.mode") && r.err().contains("frozen, partial, full"), r.err());
  }

  @Test
  void malformedRowStopsWithFileAndLine() throws Exception {
    Path bad = tiny.root.resolve("bad.tsv");
    Files.writeString(bad, "text\tlabel\ngreat film\tpos\nawful film\tmaybe\nbad film\tneg\n");
    // with the two classes named, a third label is an unknown label at its line
    Captured r = Captured.run("", train("data.train=\"" + bad + "\"", "run.id=bad", "task.labels=[neg, pos]"));
    assertEquals(Main.USER_ERROR, r.status());
    assertTrue(r.err().contains(bad + ":3: train label maybe not among the task's labels (neg, pos)"), r.err());
    assertFalse(Files.exists(tiny.root.resolve("runs/bad")), "nothing written for a failed run");
    // a binary task that finds a third label names it and where it is
    Captured binary = Captured.run("", train("data.train=\"" + bad + "\"", "run.id=bad", "task.type=binary"));
    assertEquals(Main.USER_ERROR, binary.status());
    assertTrue(binary.err().contains("'maybe', first at " + bad + ":3"), binary.err());
    assertFalse(binary.err().contains("\tat "), "no stack trace: " + binary.err());
  }

  @Test
  void maxLengthAutoIsChosenFromTheTrainingTextsAndCutsAreReported() throws Exception {
    Captured auto = Captured.run("", train("tokenizer.max-length=auto", "train.mode=frozen", "train.epochs=1",
        "run.id=auto-length", "export.name=auto-length"));
    assertEquals(0, auto.status(), auto.err() + auto.out());
    assertTrue(auto.out().matches("(?s).*tokenizer\\.max-length = auto: 32 \\(the smallest multiple of 32 covering"
        + " 95% of the 200 training texts, at most 64\\); WordPieces per text: min \\d+, median \\d+, p95 \\d+,"
        + " max \\d+.*"), auto.out());
    assertTrue(auto.out().contains("truncation (train): no text is longer than 32 WordPieces; none was cut"),
        auto.out());
    Path export = tiny.root.resolve("export/auto-length/1/assets.extra/tokenizer-config.json");
    assertEquals(32, new ObjectMapper().readTree(export.toFile()).get("max_length").asInt(), "the export records it");
    Captured shortRun = Captured.run("", train("tokenizer.max-length=8", "train.mode=frozen", "train.epochs=1",
        "run.id=short-length", "export.enabled=false"));
    assertEquals(0, shortRun.status(), shortRun.err());
    assertTrue(shortRun.out().matches("(?s).*truncation \\(train\\): \\d+ of 180 texts \\([0-9.]+%\\) are longer"
        + " than 8 WordPieces and were cut, losing \\d+% of their pieces.*"), shortRun.out());
  }

  @Test
  void missingModelSaysHowToImportIt() {
    Captured r = Captured.run("", train("model.dir=\"" + tiny.root.resolve("nowhere") + "\""));
    assertEquals(Main.USER_ERROR, r.status());
    assertTrue(r.err().contains("mvn -B generate-resources"), r.err());
  }
}
