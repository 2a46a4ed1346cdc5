package dev.bertune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bertune.testing.Captured;
import dev.bertune.testing.TinyRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-class and multi-label classification end to end on the tiny BERT, through the CLI: the task chosen from
 * the data, training that learns, the task's metrics and plots, an export with K outputs and its labels, and
 * predict and evaluate on that export giving the training run's figures.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TaskCliTest {
  @TempDir static Path dir;
  static TinyRun tiny;
  static Path classes;
  static Path classesTest;
  static Path tags;
  static Path tagsTest;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void setUp() throws Exception {
    tiny = TinyRun.create(dir);
    classes = TinyRun.writeMultiClass(dir.resolve("classes.tsv"), 240, 1);
    classesTest = TinyRun.writeMultiClass(dir.resolve("classes-test.tsv"), 60, 2);
    tags = TinyRun.writeMultiLabel(dir.resolve("tags.tsv"), 320, 3);
    tagsTest = TinyRun.writeMultiLabel(dir.resolve("tags-test.tsv"), 80, 4);
  }

  private static List<String> train(String... extra) {
    List<String> args = new ArrayList<>(List.of("train"));
    List<String> all = new ArrayList<>(tiny.overrides());
    all.addAll(List.of("train.mode=full", "train.epochs=20", "train.batch-size=16", "train.learning-rate.encoder=1e-2",
        "train.learning-rate.head=1e-1", "train.warmup-fraction=0"));
    all.addAll(List.of(extra));
    for (String o : all) {
      args.add("--set");
      args.add(o);
    }
    return args;
  }

  private static JsonNode json(Path file) throws Exception {
    return JSON.readTree(file.toFile());
  }

  private static List<Double> column(Path historyCsv, String name) throws Exception {
    List<String> lines = Files.readAllLines(historyCsv);
    int c = List.of(lines.get(0).split(",")).indexOf(name);
    return lines.subList(1, lines.size()).stream().map(l -> Double.parseDouble(l.split(",")[c])).toList();
  }

  @Test
  @Order(1)
  void multiClassIsInferredTrainedMeasuredAndExported() throws Exception {
    Captured r = Captured.run("", train("data.train=\"" + classes + "\"", "data.test=\"" + classesTest + "\"",
        "run.id=mc", "export.name=mc", "callbacks.checkpoint.monitor=val_macro_f1"));
    assertEquals(0, r.status(), r.err() + r.out());
    assertTrue(r.out().contains("task: multi-class (auto: 3 distinct labels in the training data); labels (3):"
        + " about, complaint, praise; loss: softmax cross-entropy"), r.out());
    Path run = tiny.root.resolve("runs/mc");
    List<Double> loss = column(run.resolve("history.csv"), "loss");
    assertTrue(loss.get(loss.size() - 1) < 0.5 * loss.get(0), "loss goes down: " + loss);
    JsonNode test = json(run.resolve("metrics.json")).get("test");
    for (String k : List.of("loss", "accuracy", "macro_f1", "weighted_f1", "count", "per_class", "confusion_matrix")) {
      assertTrue(test.has(k), k + " in " + test);
    }
    assertTrue(test.get("accuracy").asDouble() >= 0.85, "learned the classes: " + test);
    assertEquals(60, test.get("count").asInt());
    long diagonal = 0;
    for (int i = 0; i < 3; i++) {
      diagonal += test.get("confusion_matrix").get("counts").get(i).get(i).asLong();
    }
    assertEquals(Math.round(test.get("accuracy").asDouble() * 60), diagonal, "confusion matrix agrees with accuracy");
    for (String f : List.of("confusion-matrix.png", "per-class-f1.png", "training-curves.png", "report.md")) {
      assertTrue(Files.isRegularFile(run.resolve(f)), f);
    }
    assertTrue(Files.readString(run.resolve("report.md")).contains("### Per label (test)"));

    Path export = tiny.root.resolve("export/mc/1");
    assertEquals("about\ncomplaint\npraise\n", Files.readString(export.resolve("assets.extra/labels.txt")));
    assertEquals("multi-class", json(export.resolve("assets.extra/task.json")).get("type").asText());
    Captured inspect = Captured.run("inspect", export.toString());
    assertTrue(inspect.out().contains("outputs['probabilities'] tensor_info:\n        dtype: DT_FLOAT\n"
        + "        shape: (-1, 3)"), inspect.out());
    assertTrue(inspect.out().contains("task: multi-class, 3 labels: about, complaint, praise"), inspect.out());

    Captured eval = Captured.run("evaluate", "--model", export.toString(), "--data", classesTest.toString(), "--json");
    assertEquals(0, eval.status(), eval.err());
    JsonNode m = JSON.readTree(eval.out());
    assertEquals(test.get("accuracy").asDouble(), m.get("accuracy").asDouble(), 1e-9);
    assertEquals(test.get("macro_f1").asDouble(), m.get("macro_f1").asDouble(), 1e-9);
    assertEquals(test.get("loss").asDouble(), m.get("loss").asDouble(), 1e-4, "Java loss = the graph's");
    assertEquals(test.get("confusion_matrix"), m.get("confusion_matrix"));

    Captured p = Captured.run("the film was great and wonderful\nawful boring film\n",
        List.of("predict", "--model", export.toString(), "--json"));
    assertEquals(0, p.status(), p.err());
    List<JsonNode> lines = p.out().lines().map(TaskCliTest::parse).toList();
    assertEquals("praise", lines.get(0).get("label").asText());
    assertEquals("complaint", lines.get(1).get("label").asText());
    JsonNode probs = lines.get(0).get("probabilities");
    assertEquals(1.0, probs.get("about").asDouble() + probs.get("complaint").asDouble() + probs.get("praise").asDouble(),
        1e-5);
    Captured top = Captured.run("predict", "--model", export.toString(), "--top-k", "2", "loved it");
    assertTrue(top.out().matches("praise [01]\\.\\d{3}, \\w+ [01]\\.\\d{3}\tloved it\\n"), top.out());
  }

  @Test
  @Order(2)
  void multiLabelTunesThresholdsAndExportsThem() throws Exception {
    Captured r = Captured.run("", train("data.train=\"" + tags + "\"", "data.test=\"" + tagsTest + "\"",
        "data.label-column=labels", "run.id=ml", "export.name=ml", "task.tune-thresholds=true",
        "callbacks.early-stopping.enabled=true", "callbacks.early-stopping.monitor=val_micro_f1",
        "callbacks.early-stopping.patience=20"));
    assertEquals(0, r.status(), r.err() + r.out());
    assertTrue(r.out().contains("task: multi-label (auto: label values are lists"), r.out());
    assertTrue(r.out().contains("thresholds tuned on validation (best F1 per label): complaint "), r.out());
    Path run = tiny.root.resolve("runs/ml");
    List<Double> loss = column(run.resolve("history.csv"), "loss");
    assertTrue(loss.get(loss.size() - 1) < 0.5 * loss.get(0), "loss goes down: " + loss);
    assertFalse(column(run.resolve("history.csv"), "val_micro_f1").isEmpty());
    JsonNode test = json(run.resolve("metrics.json")).get("test");
    for (String k : List.of("micro_f1", "macro_f1", "subset_accuracy", "hamming_loss", "macro_auc", "per_label",
        "thresholds")) {
      assertTrue(test.has(k), k + " in " + test);
    }
    assertTrue(test.get("micro_f1").asDouble() >= 0.85, "learned the tags: " + test);
    assertTrue(Files.isRegularFile(run.resolve("per-label-f1.png")) && Files.isRegularFile(run.resolve("roc.png")));

    Path export = tiny.root.resolve("export/ml/1");
    JsonNode task = json(export.resolve("assets.extra/task.json"));
    assertEquals("multi-label", task.get("type").asText());
    assertEquals(3, task.get("thresholds").size());
    // the thresholds the run tuned (its log line; 0.5 itself is a valid optimum when the tiny model separates the
    // labels) are the export's, and the test metrics used them
    String tunedLine = r.out().lines().filter(l -> l.startsWith("thresholds tuned on validation")).findFirst()
        .orElseThrow();
    List<String> labels = List.of("complaint", "music", "praise");
    for (int k = 0; k < 3; k++) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile(" " + labels.get(k) + " ([0-9.]+)").matcher(tunedLine);
      assertTrue(m.find(), tunedLine);
      assertEquals(Double.parseDouble(m.group(1)), task.get("thresholds").get(k).asDouble(), 5e-4,
          "tuned threshold of " + labels.get(k) + " in the export: " + task + " vs " + tunedLine);
      assertEquals(test.get("thresholds").get(labels.get(k)).asDouble(), task.get("thresholds").get(k).asDouble(),
          1e-12);
    }

    Captured eval = Captured.run("evaluate", "--model", export.toString(), "--data", tagsTest.toString(),
        "--label-column", "labels", "--json");
    assertEquals(0, eval.status(), eval.err());
    JsonNode m = JSON.readTree(eval.out());
    assertEquals(test.get("micro_f1").asDouble(), m.get("micro_f1").asDouble(), 1e-9, "export thresholds applied");
    assertEquals(test.get("subset_accuracy").asDouble(), m.get("subset_accuracy").asDouble(), 1e-9);

    List<String> texts = List.of("great music", "terrible acting and awful story", "loved it", "the film was a movie");
    List<String> args = new ArrayList<>(List.of("predict", "--model", export.toString()));
    args.addAll(texts);
    Captured p = Captured.run("", args);
    assertEquals(0, p.status(), p.err());
    List<String> jsonArgs = new ArrayList<>(args);
    jsonArgs.add(1, "--json");
    List<JsonNode> predicted = Captured.run("", jsonArgs).out().lines().map(TaskCliTest::parse).toList();
    List<String> lines = p.out().lines().toList();
    List<String> names = List.of("complaint", "music", "praise");
    for (int i = 0; i < texts.size(); i++) {
      List<String> over = new ArrayList<>();
      StringBuilder expected = new StringBuilder();
      for (int k = 0; k < 3; k++) {
        double prob = predicted.get(i).get("probabilities").get(names.get(k)).asDouble();
        if (prob >= task.get("thresholds").get(k).asDouble()) {
          over.add(names.get(k));
          expected.append(expected.length() == 0 ? "" : ", ").append(names.get(k))
              .append(String.format(java.util.Locale.ROOT, " %.3f", prob));
        }
      }
      assertEquals(over, JSON.convertValue(predicted.get(i).get("labels"), List.class), "labels over thresholds");
      assertEquals((over.isEmpty() ? "(none)" : expected) + "\t" + texts.get(i), lines.get(i));
    }
    assertEquals(List.of("music", "praise"), JSON.convertValue(predicted.get(0).get("labels"), List.class),
        "the tagger learned: " + predicted.get(0));
    assertEquals(List.of("praise"), JSON.convertValue(predicted.get(2).get("labels"), List.class), "" + predicted);
  }

  @Test
  @Order(3)
  void aMonitorTheTaskDoesNotHaveListsTheTasksNames() {
    Captured r = Captured.run("", train("data.train=\"" + tags + "\"", "data.test=\"" + tagsTest + "\"",
        "data.label-column=labels", "run.id=bad",
        "callbacks.checkpoint.monitor=val_accuracy"));
    assertEquals(Main.USER_ERROR, r.status());
    assertTrue(r.err().contains("'callbacks.checkpoint.monitor' = 'val_accuracy' is not a metric of this multi-label"
        + " task; accepted: loss, micro_f1, macro_f1, subset_accuracy, hamming_loss, macro_auc"), r.err());
    assertFalse(Files.exists(tiny.root.resolve("runs/bad")));
    Captured unknown = Captured.run("", train("callbacks.checkpoint.monitor=val_f2"));
    assertEquals(Main.USER_ERROR, unknown.status());
    assertTrue(unknown.err().contains("macro_f1") && unknown.err().contains("subset_accuracy"), unknown.err());
  }

  @Test
  @Order(4)
  void aTrainingLabelOutsideTaskLabelsIsAnErrorOrSkipped() throws Exception {
    Captured r = Captured.run("", train("data.train=\"" + classes + "\"", "data.test=\"" + classesTest + "\"",
        "task.labels=[praise, complaint]", "run.id=restricted", "train.epochs=1"));
    assertEquals(Main.USER_ERROR, r.status());
    assertTrue(r.err().contains(classes + ":4: train label about not among the task's labels (praise, complaint)"),
        r.err());
    Captured skip = Captured.run("", train("data.train=\"" + classes + "\"", "data.test=\"" + classesTest + "\"",
        "task.labels=[praise, complaint]", "run.id=restricted", "train.epochs=1", "data.on-invalid=skip"));
    assertEquals(0, skip.status(), skip.err());
    assertTrue(skip.out().contains("task: binary (auto: 2 labels in task.labels)"), skip.out());
    assertTrue(skip.out().contains("warning: train: skipped 80 invalid rows"), skip.out());
    assertEquals("complaint", json(tiny.root.resolve("export/review-classifier/1/assets.extra/task.json"))
        .get("positive_label").asText(), "task.labels fixes the order: the second is positive");
  }

  @Test
  @Order(5)
  void aFrozenMultiLabelRunCachesKWideLabelsWithItsFeatures() throws Exception {
    List<String> frozen = List.of("data.train=\"" + tags + "\"", "data.test=\"" + tagsTest + "\"",
        "data.label-column=labels", "train.mode=frozen", "train.epochs=3", "export.enabled=false");
    List<String> first = new ArrayList<>(frozen);
    first.add("run.id=frozen-1");
    Captured r = Captured.run("", train(first.toArray(String[]::new)));
    assertEquals(0, r.status(), r.err() + r.out());
    assertTrue(r.out().matches("(?s).*train features: \\d+ x 8 \\[computed by BERT\\].*"), r.out());
    List<String> second = new ArrayList<>(frozen);
    second.add("run.id=frozen-2");
    Captured again = Captured.run("", train(second.toArray(String[]::new)));
    assertEquals(0, again.status(), again.err());
    assertTrue(again.out().matches("(?s).*train features: \\d+ x 8 \\[feature cache hit\\].*"), again.out());
    assertEquals(json(tiny.root.resolve("runs/frozen-1/metrics.json")).get("test"),
        json(tiny.root.resolve("runs/frozen-2/metrics.json")).get("test"), "cached labels give the same metrics");
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new IllegalStateException(line, e);
    }
  }
}
