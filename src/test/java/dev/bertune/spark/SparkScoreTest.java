package dev.bertune.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bertune.inference.TextClassifier;
import dev.bertune.task.Prediction;
import dev.bertune.testing.Captured;
import dev.bertune.testing.TinyRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code score} on an embedded {@code local[2]} Spark with exports of the tiny BERT: the same labels and
 * probabilities as {@code predict} for every task type, every input format, ids, bad rows, and
 * outputs that appear only when complete.
 */
class SparkScoreTest {
  @TempDir static Path dir;
  static TinyRun tiny;
  static Path binary;
  static Path multiClass;
  static Path multiLabel;
  static Path windows;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void train() throws Exception {
    tiny = TinyRun.create(dir);
    Path genres = TinyRun.writeMultiClass(dir.resolve("genres.tsv"), 160, 3);
    Path tags = TinyRun.writeMultiLabel(dir.resolve("tags.tsv"), 160, 5);
    binary = tiny.export("binary");
    multiClass = tiny.export("genres", "data.train=\"" + genres + "\"", "data.test=\"" + genres + "\"");
    multiLabel = tiny.export("tags", "data.train=\"" + tags + "\"", "data.test=\"" + tags + "\"",
        "data.label-column=labels");
    windows = tiny.export("windows", "tokenizer.long-text=windows", "tokenizer.max-length=8", "tokenizer.stride=2");
  }

  /** The texts of a TSV data file (first column), without the header. */
  static List<String> texts(Path tsv) throws IOException {
    try (Stream<String> lines = Files.lines(tsv)) {
      return lines.skip(1).map(l -> l.split("\t")[0]).toList();
    }
  }

  static Captured score(String... args) {
    List<String> all = new ArrayList<>(List.of("score", "--master", "local[2]", "--conf", "spark.ui.enabled=false"));
    all.addAll(List.of(args));
    return Captured.run("", all);
  }

  /** The rows of a JSON Lines output folder, by id. */
  static Map<String, JsonNode> readJson(Path folder) throws IOException {
    Map<String, JsonNode> rows = new HashMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
        for (String line : Files.readAllLines(f)) {
          JsonNode n = JSON.readTree(line);
          rows.put(n.get(n.has("id") ? "id" : "row_id").asText(), n);
        }
      }
    }
    return rows;
  }

  static Path jsonLines(Path file, List<String> texts) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      lines.add(JSON.createObjectNode().put("id", "doc-" + i).put("body", texts.get(i)).toString());
    }
    return Files.write(file, lines);
  }

  @Test
  void everyTaskTypeScoresLikePredict() throws Exception {
    List<String> texts = texts(dir.resolve("tags.tsv")).subList(0, 120);
    Path input = jsonLines(dir.resolve("docs.jsonl"), texts);
    for (Path model : List.of(binary, multiClass, multiLabel, windows)) { // windows: texts of 1 to 6 windows
      Path out = dir.resolve("scored-" + model.getParent().getFileName() + ".json");
      Captured r = score("--model", model.toString(), "--input", input.toString(), "--text-column", "body",
          "--id-column", "id", "--output", out.toString(), "--batch-size", "7");
      assertEquals(0, r.status(), r.err() + r.out());
      assertTrue(r.out().contains("wrote 120 rows"), r.out());
      Map<String, JsonNode> rows = readJson(out);
      assertEquals(texts.size(), rows.size());
      List<String> predictArgs = new ArrayList<>(List.of("predict", "--model", model.toString(), "--json"));
      predictArgs.addAll(texts);
      Captured predicted = Captured.run("", predictArgs);
      assertEquals(0, predicted.status(), predicted.err());
      List<JsonNode> expected = predicted.out().lines().map(SparkScoreTest::parse).toList();
      assertEquals(texts.size(), expected.size());
      for (int i = 0; i < texts.size(); i++) {
        JsonNode row = rows.get("doc-" + i);
        JsonNode p = expected.get(i);
        String what = model.getParent().getFileName() + " doc-" + i;
        if (p.has("labels")) {
          assertEquals(p.get("labels"), row.get("labels"), "labels of " + what);
        } else {
          assertEquals(p.get("label").asText(), row.get("label").asText(), "label of " + what);
        }
        List<String> labels = new ArrayList<>();
        p.get("probabilities").fieldNames().forEachRemaining(labels::add);
        List<String> columns = ScoredColumns.columnNames(labels);
        for (int k = 0; k < labels.size(); k++) {
          assertEquals(p.get("probabilities").get(labels.get(k)).asDouble(), row.get(columns.get(k)).asDouble(), 1e-6,
              labels.get(k) + " of " + what);
        }
        assertEquals(1, row.get("model_version").asInt());
      }
    }
  }

  static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new IllegalStateException(line, e);
    }
  }

  @Test
  void readsCsvWithQuotedNewlinesAndNumbersRowsInInputOrder() throws Exception {
    List<String> texts = List.of("great film , loved it", "awful \"boring\" plot", "the music\nwas wonderful",
        "bad acting");
    StringBuilder csv = new StringBuilder("text,stars\n");
    for (String t : texts) {
      csv.append('"').append(t.replace("\"", "\"\"")).append("\",3\n");
    }
    Path input = Files.writeString(dir.resolve("few.csv"), csv.toString());
    Path out = dir.resolve("few-scored.json");
    Captured r = score("--model", binary.toString(), "--input", input.toString(), "--output", out.toString());
    assertEquals(0, r.status(), r.err());
    Map<String, JsonNode> rows = readJson(out);
    try (TextClassifier clf = TextClassifier.load(binary)) {
      List<Prediction> expected = clf.classify(texts);
      for (int i = 0; i < texts.size(); i++) {
        JsonNode row = rows.get(Integer.toString(i));
        assertEquals(expected.get(i).probability("positive"), row.get("prob_positive").asDouble(), 1e-6, texts.get(i));
      }
    }
  }

  @Test
  void aBadRowFailsNamingItsFileAndIdAndWritesNothing() throws Exception {
    Path input = Files.writeString(dir.resolve("bad.jsonl"), "{\"id\": \"a\", \"text\": \"great\"}\n"
        + "{\"id\": \"b\", \"text\": \"   \"}\n{\"id\": \"c\", \"text\": \"awful\"}\n{\"id\": \"d\"}\n");
    Path out = dir.resolve("bad-scored");
    Captured r = score("--model", binary.toString(), "--input", input.toString(), "--id-column", "id", "--output",
        out.toString());
    assertEquals(2, r.status(), r.out());
    assertTrue(r.err().contains("bad.jsonl") && r.err().contains("id b has an empty text"), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    assertFalse(Files.exists(out));
    try (Stream<Path> left = Files.list(dir)) {
      assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".bad-scored")), "no staging left");
    }

    Captured skipped = score("--model", binary.toString(), "--input", input.toString(), "--id-column", "id",
        "--output", out.toString(), "--on-invalid", "skip", "--output-format", "json");
    assertEquals(0, skipped.status(), skipped.err());
    assertTrue(skipped.out().contains("skipped 1 rows with an empty text"), skipped.out());
    assertTrue(skipped.out().contains("skipped 1 rows with no text (null)"), skipped.out());
    assertEquals(List.of("a", "c"), readJson(out).keySet().stream().sorted().toList());
  }

  @Test
  void anExistingOutputIsRefusedBeforeAnyWorkOrReplacedWhole() throws Exception {
    Path input = jsonLines(dir.resolve("two.jsonl"), List.of("great", "awful"));
    Path out = Files.createDirectories(dir.resolve("taken"));
    Files.writeString(out.resolve("keep.txt"), "old");
    Captured refused = score("--model", binary.toString(), "--input", input.toString(), "--text-column", "body",
        "--output", out.toString());
    assertEquals(2, refused.status());
    assertTrue(refused.err().contains("exists") && refused.err().contains("--mode overwrite"), refused.err());
    assertFalse(refused.out().contains("input:"), "refused before reading: " + refused.out());
    assertTrue(Files.exists(out.resolve("keep.txt")));

    Captured replaced = score("--model", binary.toString(), "--input", input.toString(), "--text-column", "body",
        "--output", out.toString(), "--mode", "overwrite", "--output-format", "json", "--id-column", "id");
    assertEquals(0, replaced.status(), replaced.err());
    assertFalse(Files.exists(out.resolve("keep.txt")));
    assertEquals(2, readJson(out).size());
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
  }

  @Test
  void parquetFoldersAndUserMistakes() throws Exception {
    Path input = jsonLines(dir.resolve("p.jsonl"), texts(dir.resolve("genres.tsv")).subList(0, 30));
    Path parquet = dir.resolve("scored.parquet");
    Captured r = score("--model", multiClass.toString(), "--input", input.toString(), "--text-column", "body",
        "--output", parquet.toString());
    assertEquals(0, r.status(), r.err());
    try (Stream<Path> files = Files.list(parquet)) {
      assertTrue(files.anyMatch(p -> p.getFileName().toString().endsWith(".parquet")), "parquet by default");
    }
    // the parquet output is itself a valid input (a folder, format from its files)
    Path again = dir.resolve("again.json");
    Captured r2 = score("--model", multiClass.toString(), "--input", parquet.toString(), "--text-column", "label",
        "--output", again.toString());
    assertEquals(0, r2.status(), r2.err());
    assertEquals(30, readJson(again).size());

    Captured noColumn = score("--model", binary.toString(), "--input", input.toString(), "--output",
        dir.resolve("x").toString());
    assertEquals(2, noColumn.status());
    assertTrue(noColumn.err().contains("no column 'text'") && noColumn.err().contains("body"), noColumn.err());
    Captured notExport = score("--model", tiny.model.toString(), "--input", input.toString(), "--output",
        dir.resolve("x").toString());
    assertEquals(2, notExport.status());
    assertTrue(notExport.err().contains("not a bertune export"), notExport.err());
  }

  /** ModelAudit runs on the driver, before any task: an export without provenance needs --trust-model. */
  @Test
  void anUntrustedExportIsRefusedBeforeTheJob() throws IOException {
    Path version = dir.resolve("untrusted").resolve("1");
    try (Stream<Path> files = Files.walk(binary)) {
      for (Path p : files.toList()) {
        Path to = version.resolve(binary.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    Files.delete(version.resolve("assets.extra").resolve("provenance.json"));
    Path input = jsonLines(dir.resolve("untrusted.json"), List.of("great film", "awful plot"));
    Path out = dir.resolve("untrusted-scored.json");
    Captured refused = score("--model", version.toString(), "--input", input.toString(), "--text-column", "body",
        "--id-column", "id", "--output", out.toString());
    assertEquals(2, refused.status(), refused.err());
    assertTrue(refused.err().contains("no bertune provenance") && refused.err().contains("--trust-model"),
        refused.err());
    assertFalse(Files.exists(out));
    Captured trusted = score("--model", version.toString(), "--input", input.toString(), "--text-column", "body",
        "--id-column", "id", "--output", out.toString(), "--trust-model");
    assertEquals(0, trusted.status(), trusted.err());
    assertEquals(2, readJson(out).size());
  }

  @Test
  void moreThanSixteenLabelsGoIntoOneMapColumn() throws Exception {
    StringBuilder tsv = new StringBuilder("text\tlabel\n");
    List<String> texts = new ArrayList<>();
    for (int k = 0; k < 17; k++) {
      for (int i = 0; i < 6; i++) {
        String text = "topic" + k + " the film " + (i % 2 == 0 ? "was" : "is") + " about topic" + k;
        tsv.append(text).append("\tclass-").append(k).append('\n');
        texts.add(text);
      }
    }
    Path data = Files.writeString(dir.resolve("many.tsv"), tsv.toString());
    Path many = tiny.export("many", "data.train=\"" + data + "\"", "data.test=\"" + data + "\"");
    Path input = jsonLines(dir.resolve("many.jsonl"), texts);
    Path out = dir.resolve("many-scored.json");
    Captured r = score("--model", many.toString(), "--input", input.toString(), "--text-column", "body",
        "--id-column", "id", "--output", out.toString());
    assertEquals(0, r.status(), r.err() + r.out());
    Map<String, JsonNode> rows = readJson(out);
    try (TextClassifier clf = TextClassifier.load(many)) {
      assertEquals(17, clf.labels().size());
      List<Prediction> expected = clf.classify(texts);
      for (int i = 0; i < texts.size(); i++) {
        JsonNode map = rows.get("doc-" + i).get(ScoredColumns.PROBABILITIES);
        assertEquals(17, map.size());
        for (String label : clf.labels()) {
          assertEquals(expected.get(i).probability(label), map.get(label).asDouble(), 1e-6);
        }
        assertEquals(expected.get(i).label(), rows.get("doc-" + i).get("label").asText());
      }
    }
  }

  @Test
  void probabilityColumnNamesAreSafeAndUnique() {
    assertEquals(List.of("prob_sci_fi", "prob_sci_fi_2", "prob_r_b"), ScoredColumns.columnNames(
        List.of("Sci-Fi", "sci fi", "R&B")));
  }
}
