package dev.bertune.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bertune.BertuneException;
import dev.bertune.serve.ModelServer;
import dev.bertune.serve.ServeOptions;
import dev.bertune.task.Prediction;
import dev.bertune.testing.Captured;
import dev.bertune.testing.TinyRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text pairs end to end on the tiny BERT ({@code data.text-pair-column}): train, export, then predict (tab-separated
 * stdin), {@link TextClassifier#classifyPairs}, evaluate and serve agree; bad pair input is a one-line error.
 */
class TextPairExportTest {
  @TempDir static Path dir;
  static TinyRun tiny;
  static Path pairTrain;
  static Path pairs;
  static Path single;
  static Captured pairRun;
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<TextPair> PAIRS = List.of(new TextPair("was the film good ?", "it was great and wonderful"),
      new TextPair("the acting ?", "awful"), new TextPair("i loved the music", "boring boring plot , really bad"),
      new TextPair("a movie", "brilliant"));

  @BeforeAll
  static void train() throws Exception {
    tiny = TinyRun.create(dir);
    pairTrain = writePairs(dir.resolve("pairs.tsv"), 160, 3);
    Path pairTest = writePairs(dir.resolve("pairs-test.tsv"), 40, 4);
    // the same file read as single texts first: its token cache must not be taken for the pairs
    single = tiny.export("single", "data.train=\"" + pairTrain + "\"", "data.test=\"" + pairTest + "\"");
    List<String> args = new ArrayList<>(List.of("train"));
    List<String> sets = tiny.overrides();
    sets.addAll(List.of("train.mode=frozen", "train.epochs=3", "run.id=pairs", "export.name=pairs",
        "train.learning-rate.head=5e-2", "data.train=\"" + pairTrain + "\"", "data.test=\"" + pairTest + "\"",
        "data.text-pair-column=answer"));
    sets.forEach(s -> {
      args.add("--set");
      args.add(s);
    });
    pairRun = Captured.run("", args);
    assertEquals(0, pairRun.status(), pairRun.err() + pairRun.out());
    pairs = dir.resolve("export/pairs/1");
  }

  /** Header {@code text, answer, label}: a question-like first text, the label is the sentiment of the answer. */
  static Path writePairs(Path file, int n, long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> positive = List.of("great", "good", "wonderful", "loved", "brilliant");
    List<String> negative = List.of("bad", "terrible", "awful", "hated", "boring");
    List<String> filler = List.of("the", "movie", "film", "was", "is", "plot", "acting", "it", "a", "and");
    List<String> lines = new ArrayList<>(List.of("text\tanswer\tlabel"));
    for (int i = 0; i < n; i++) {
      boolean pos = i % 2 == 0;
      String question = filler.get(random.nextInt(filler.size())) + " " + filler.get(random.nextInt(filler.size()))
          + " ?";
      List<String> words = pos ? positive : negative;
      String answer = filler.get(random.nextInt(filler.size())) + " " + words.get(random.nextInt(words.size()));
      lines.add(question + "\t" + answer + "\t" + (pos ? "pos" : "neg"));
    }
    Files.write(file, lines);
    return file;
  }

  @Test
  void theRunTokenizesPairsAfreshAndTheExportRecordsThem() throws Exception {
    assertTrue(pairRun.out().contains("[tokenized]"), pairRun.out());
    assertFalse(pairRun.out().lines().anyMatch(l -> l.startsWith("train:") && l.contains("[token cache hit]")),
        "a single-text cache entry of the same file is not read for pairs: " + pairRun.out());
    assertTrue(pairRun.out().contains("text pairs longest first"), pairRun.out());
    JsonNode settings = JSON.readTree(pairs.resolve("assets.extra/tokenizer-config.json").toFile());
    assertTrue(settings.get("text_pair").asBoolean());
    assertFalse(JSON.readTree(single.resolve("assets.extra/tokenizer-config.json").toFile()).get("text_pair")
        .asBoolean());
    JsonNode provenance = JSON.readTree(pairs.resolve("assets.extra/provenance.json").toFile());
    assertTrue(provenance.get("text_pair").asBoolean());
    assertEquals("answer", provenance.get("text_pair_column").asText());
    Captured inspect = Captured.run("inspect", pairs.toString());
    assertEquals(0, inspect.status(), inspect.err());
    assertTrue(inspect.out().contains("input: text pairs, [CLS] text [SEP] text_pair [SEP]"), inspect.out());
    assertTrue(Captured.run("inspect", single.toString()).out().contains("input: single texts"));
  }

  @Test
  void anOlderExportWithoutTheFieldTakesSingleTexts() throws Exception {
    Path copy = dir.resolve("old-export");
    copyTree(single, copy);
    Path file = copy.resolve("assets.extra/tokenizer-config.json");
    ObjectNode settings = (ObjectNode) JSON.readTree(file.toFile());
    settings.remove("text_pair");
    Files.writeString(file, settings.toString());
    try (TextClassifier clf = TextClassifier.load(copy)) {
      assertFalse(clf.takesPairs());
      assertEquals(1, clf.classify(List.of("great")).size());
    }
  }

  @Test
  void predictFromTabSeparatedStdinEqualsClassifyPairs() throws Exception {
    StringBuilder stdin = new StringBuilder();
    PAIRS.forEach(p -> stdin.append(p.text()).append('\t').append(p.textPair()).append('\n'));
    Captured cli = Captured.run(stdin.toString(), List.of("predict", "--model", pairs.toString(), "--json"));
    assertEquals(0, cli.status(), cli.err());
    List<JsonNode> lines = cli.out().lines().map(TextPairExportTest::json).toList();
    try (TextClassifier clf = TextClassifier.load(pairs)) {
      assertTrue(clf.takesPairs());
      List<Prediction> got = clf.classifyPairs(PAIRS);
      for (int i = 0; i < PAIRS.size(); i++) {
        assertEquals(PAIRS.get(i).text(), lines.get(i).get("text").asText());
        assertEquals(PAIRS.get(i).textPair(), lines.get(i).get("text_pair").asText());
        assertEquals(lines.get(i).get("probability").floatValue(), got.get(i).probability("positive"), 1e-6f);
      }
      assertEquals(got.get(1).probability("positive"), clf.classifyPair(PAIRS.get(1)).probability("positive"), 1e-6f);
      // the tiny BERT averages its embeddings: only the segment ids tell these two apart
      float ab = clf.classifyPair(new TextPair("great", "the film")).probability("positive");
      float ba = clf.classifyPair(new TextPair("great the", "film")).probability("positive");
      assertNotEquals(ab, ba, "segment ids reach the model");
    }
    Captured args = Captured.run("predict", "--model", pairs.toString(), PAIRS.get(0).text() + "\t"
        + PAIRS.get(0).textPair());
    assertEquals(0, args.status(), args.err());
    assertTrue(args.out().endsWith("\t" + PAIRS.get(0).text() + "\t" + PAIRS.get(0).textPair() + "\n"), args.out());
  }

  @Test
  void badPairInputToPredictNamesTheLine() {
    Captured noTab = Captured.run("a\tb\n\nno tab here\n", List.of("predict", "--model", pairs.toString()));
    assertNotEquals(0, noTab.status());
    assertTrue(noTab.err().contains("<stdin>:3: no tab: " + pairs + " takes text pairs; give each as"
        + " text<TAB>text_pair"), noTab.err());
    assertEquals("", noTab.out());
    Captured empty = Captured.run("a\t \n", List.of("predict", "--model", pairs.toString()));
    assertTrue(empty.err().contains("<stdin>:1: empty text_pair after the tab"), empty.err());
    Captured arg = Captured.run("predict", "--model", pairs.toString(), "one\ttwo", "three");
    assertTrue(arg.err().contains("argument 2: no tab"), arg.err());
  }

  @Test
  void pairsAndSingleTextsAreRefusedByTheOtherKindOfExport() {
    try (TextClassifier clf = TextClassifier.load(single)) {
      assertFalse(clf.takesPairs());
      BertuneException e = assertThrows(BertuneException.class, () -> clf.classifyPairs(PAIRS));
      assertEquals(single + " takes single texts, not text pairs (it was trained without data.text-pair-column)",
          e.getMessage());
    }
    try (TextClassifier clf = TextClassifier.load(pairs)) {
      BertuneException e = assertThrows(BertuneException.class, () -> clf.classify(List.of("great")));
      assertTrue(e.getMessage().startsWith(pairs + " takes text pairs"), e.getMessage());
    }
  }

  @Test
  void evaluateReadsThePairColumn() throws Exception {
    Captured eval = Captured.run("evaluate", "--model", pairs.toString(), "--data", pairTrain.toString(),
        "--text-pair-column", "answer", "--json");
    assertEquals(0, eval.status(), eval.err());
    assertEquals(160, JSON.readTree(eval.out()).get("count").asInt());
    Captured missing = Captured.run("evaluate", "--model", pairs.toString(), "--data", pairTrain.toString());
    assertTrue(missing.err().contains("takes text pairs: give --text-pair-column"), missing.err());
    Captured wrongKind = Captured.run("evaluate", "--model", single.toString(), "--data", pairTrain.toString(),
        "--text-pair-column", "answer");
    assertTrue(wrongKind.err().contains("takes single texts, not text pairs"), wrongKind.err());
  }

  @Test
  void badPairDataStopsTrainingNamingFileAndLine() throws Exception {
    Path noColumn = tiny.train; // text, label: no 'answer'
    Captured r = train("nocol", "data.train=\"" + noColumn + "\"", "data.text-pair-column=answer");
    assertNotEquals(0, r.status());
    assertTrue(r.err().contains(noColumn + ":1: missing header column 'answer' of the second texts"
        + " (data.text-pair-column"), r.err());
    Path empty = Files.writeString(dir.resolve("empty-pair.tsv"), "text\tanswer\tlabel\nq ?\tgood\tpos\nq ?\t \tneg\n");
    Captured e = train("emptypair", "data.train=\"" + empty + "\"", "data.text-pair-column=answer");
    assertTrue(e.err().contains(empty + ":3: empty second text of the pair ('answer')"), e.err());
  }

  @Test
  void serveTakesTextPairObjectsAndAnswersAsClassifyPairs() throws Exception {
    List<Prediction> expected;
    try (TextClassifier clf = TextClassifier.load(pairs)) {
      expected = clf.classifyPairs(PAIRS);
    }
    try (ModelServer server = ModelServer.start(TextClassifier.load(pairs),
        new ServeOptions("127.0.0.1", 0, "pairs", 64, 50, 64, 1 << 16, 10_000))) {
      ObjectNode body = JSON.createObjectNode();
      ArrayNode instances = body.putArray("instances");
      PAIRS.forEach(p -> instances.addObject().put("text", p.text()).put("text_pair", p.textPair()));
      HttpResponse<String> ok = post(server, body.toString());
      assertEquals(200, ok.statusCode(), ok.body());
      JsonNode predictions = json(ok.body()).get("predictions");
      for (int i = 0; i < PAIRS.size(); i++) {
        assertEquals(expected.get(i).probability("positive"), predictions.get(i).get("probabilities").get("positive")
            .floatValue(), 1e-6f);
      }
      HttpResponse<String> noPair = post(server, "{\"instances\": [{\"text\": \"a\", \"text_pair\": \"b\"},"
          + " {\"text\": \"only a\"}]}");
      assertEquals(400, noPair.statusCode());
      assertEquals("instances[1] has no 'text_pair': this model takes text pairs, {\"text\": \"...\", \"text_pair\":"
          + " \"...\"}", json(noPair.body()).get("error").asText());
      HttpResponse<String> string = post(server, "{\"instances\": [\"just a text\"]}");
      assertEquals(400, string.statusCode());
      assertTrue(json(string.body()).get("error").asText().startsWith("instances[0]: this model takes text pairs"));
    }
    try (ModelServer server = ModelServer.start(TextClassifier.load(single),
        new ServeOptions("127.0.0.1", 0, "pairs", 64, 50, 64, 1 << 16, 10_000))) {
      HttpResponse<String> r = post(server, "{\"instances\": [{\"text\": \"a\", \"text_pair\": \"b\"}]}");
      assertEquals(400, r.statusCode());
      assertTrue(json(r.body()).get("error").asText().contains("this model takes single texts, not text pairs"));
    }
  }

  private static Captured train(String id, String... extra) {
    List<String> args = new ArrayList<>(List.of("train"));
    List<String> sets = tiny.overrides();
    sets.addAll(List.of("run.id=" + id, "export.name=" + id, "train.epochs=1"));
    sets.addAll(List.of(extra));
    sets.forEach(s -> {
      args.add("--set");
      args.add(s);
    });
    return Captured.run("", args);
  }

  private static HttpResponse<String> post(ModelServer s, String body) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port()
        + "/v1/models/pairs:classify-text")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new AssertionError(s, e);
    }
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (var paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
