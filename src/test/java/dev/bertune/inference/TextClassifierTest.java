package dev.bertune.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bertune.BertuneException;
import dev.bertune.task.Prediction;
import dev.bertune.task.TaskType;
import dev.bertune.testing.Captured;
import dev.bertune.testing.TinyRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public Java API on exports of the tiny BERT: same results as predict, order, batching, threads. */
class TextClassifierTest {
  @TempDir static Path dir;
  static TinyRun tiny;
  static Path binary;
  static Path multiLabel;
  static final List<String> TEXTS = List.of("the film was great and wonderful", "awful", "boring boring plot",
      "i loved the music , the story was bad", "a movie", "it was really very good and the acting brilliant !",
      "terrible", "this is not a good film and the music is awful and boring");

  @BeforeAll
  static void train() throws Exception {
    tiny = TinyRun.create(dir);
    Path tags = TinyRun.writeMultiLabel(dir.resolve("tags.tsv"), 160, 5);
    binary = tiny.export("binary");
    multiLabel = tiny.export("tags", "data.train=\"" + tags + "\"", "data.test=\"" + tags + "\"",
        "data.label-column=labels");
  }

  @Test
  void classifiesLikePredictInTheGivenOrder() throws Exception {
    List<String> args = new ArrayList<>(List.of("predict", "--model", multiLabel.toString(), "--json"));
    args.addAll(TEXTS);
    Captured cli = Captured.run("", args);
    assertEquals(0, cli.status(), cli.err());
    List<JsonNode> expected = cli.out().lines().map(TextClassifierTest::json).toList();
    try (TextClassifier clf = TextClassifier.load(multiLabel)) {
      assertEquals(TaskType.MULTI_LABEL, clf.taskType());
      assertEquals(List.of("complaint", "music", "praise"), clf.labels());
      List<Prediction> got = clf.classify(TEXTS);
      assertEquals(TEXTS.size(), got.size());
      for (int i = 0; i < TEXTS.size(); i++) {
        assertEquals(expected.get(i).get("text").asText(), TEXTS.get(i));
        List<String> labels = new ArrayList<>();
        expected.get(i).get("labels").forEach(l -> labels.add(l.asText()));
        assertEquals(labels, got.get(i).labels(), TEXTS.get(i));
        for (String label : clf.labels()) {
          assertEquals(expected.get(i).get("probabilities").get(label).floatValue(),
              got.get(i).probability(label), 1e-6f, label);
        }
      }
      assertSame(got.get(2), clf.classify(TEXTS.get(2)), "one text = the same text in a list");
    }
  }

  @Test
  void batchingByLengthGivesTheResultsOfOneByOne() {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      many.addAll(TEXTS);
    }
    try (TextClassifier batched = TextClassifier.builder(binary).batchSize(7).build();
        TextClassifier single = TextClassifier.builder(binary).batchSize(1).build()) {
      float[][] together = batched.score(many).probabilities();
      for (int i = 0; i < many.size(); i++) {
        assertArrayEquals(single.score(List.of(many.get(i))).probabilities()[0], together[i], 1e-6f, many.get(i));
      }
      Prediction p = batched.classify("the film was great and wonderful");
      assertEquals(TaskType.BINARY, batched.taskType());
      assertEquals(p.probability("positive") >= 0.5 ? "positive" : "negative", p.label());
      assertEquals(1.0, p.probability("positive") + p.probability("negative"), 1e-6);
    }
  }

  @Test
  void manyThreadsAtOnceGetWhatOneThreadGets() throws Exception {
    try (TextClassifier clf = TextClassifier.load(multiLabel)) {
      List<Prediction> sequential = clf.classify(TEXTS);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<List<Prediction>>> calls = new ArrayList<>();
        for (int t = 0; t < 32; t++) {
          int shift = t % TEXTS.size();
          List<String> rotated = new ArrayList<>(TEXTS.subList(shift, TEXTS.size()));
          rotated.addAll(TEXTS.subList(0, shift));
          calls.add(pool.submit(() -> clf.classify(rotated)));
        }
        for (int t = 0; t < calls.size(); t++) {
          List<Prediction> got = calls.get(t).get();
          int shift = t % TEXTS.size();
          for (int i = 0; i < TEXTS.size(); i++) {
            assertSame(sequential.get((i + shift) % TEXTS.size()), got.get(i), "call " + t + ", text " + i);
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void readsTheExportAndWritesNothing() throws Exception {
    Map<Path, Long> before = snapshot(multiLabel);
    try (TextClassifier clf = TextClassifier.load(multiLabel)) {
      clf.classify(TEXTS);
    }
    assertEquals(before, snapshot(multiLabel), "the export folder is untouched");
    Path notAnExport = Files.createDirectories(dir.resolve("empty"));
    BertuneException e = assertThrows(BertuneException.class, () -> TextClassifier.load(notAnExport));
    assertTrue(e.getMessage().contains("no SavedModel at " + notAnExport), e.getMessage());
    assertThrows(BertuneException.class, () -> TextClassifier.builder(binary).batchSize(0));
  }

  @Test
  void theReadmeExampleIsThisCodeAndRuns() throws Exception {
    String source = Files.readString(Path.of("src/test/java/dev/bertune/inference/ReadmeExample.java"));
    String example = source.substring(source.indexOf("// README-EXAMPLE-START\n") + 24,
        source.indexOf("// README-EXAMPLE-END"));
    assertTrue(Files.readString(Path.of("README.md")).contains("```java\n" + example + "```"),
        "README.md must show ReadmeExample.java's code:\n" + example);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream old = System.out;
    System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      ReadmeExample.printPredictions(binary);
    } finally {
      System.setOut(old);
    }
    List<String> lines = out.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    assertEquals(3, lines.size(), lines.toString());
    assertTrue(lines.get(0).matches("(positive|negative) 0\\.\\d+"), lines.get(0));
    assertTrue(lines.get(1).matches("\\[(positive|negative)\\] \\{negative=.*, positive=.*\\}"), lines.get(1));
  }

  private static void assertSame(Prediction expected, Prediction actual, String what) {
    assertEquals(expected.labels(), actual.labels(), what);
    assertEquals(expected.probabilities().keySet(), actual.probabilities().keySet(), what);
    expected.probabilities().forEach((k, v) -> assertEquals(v, actual.probability(k), 1e-6f, what + ": " + k));
  }

  private static Map<Path, Long> snapshot(Path root) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.collect(Collectors.toMap(p -> p, p -> p.toFile().lastModified() ^ p.toFile().length()));
    }
  }

  private static JsonNode json(String line) {
    try {
      return new ObjectMapper().readTree(line);
    } catch (Exception e) {
      throw new IllegalStateException(line, e);
    }
  }
}
