package dev.bertune.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bertune.export.ServedModel;
import dev.bertune.inference.TextClassifier;
import dev.bertune.task.Prediction;
import dev.bertune.testing.TinyRun;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bertune serve} end to end over loopback with Java's HTTP client: every endpoint and error code. */
class ServeTest {
  @TempDir static Path dir;
  static Path binary;
  static Path tags;
  static ModelServer server;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    TinyRun tiny = TinyRun.create(dir);
    binary = tiny.export("reviews", "train.epochs=2");
    Path tagData = TinyRun.writeMultiLabel(dir.resolve("tags.tsv"), 160, 5);
    tags = tiny.export("tags", "train.epochs=2", "data.train=\"" + tagData + "\"", "data.test=\"" + tagData + "\"",
        "data.label-column=labels");
    server = ModelServer.start(TextClassifier.load(tags),
        new ServeOptions("127.0.0.1", 0, "tags", 64, 200, 64, 4096, 10_000));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> get(ModelServer s, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(ModelServer s, String path, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  static void assertError(HttpResponse<String> r, int status, String contains) throws IOException {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    String error = json(r).get("error").asText();
    assertTrue(error.contains(contains), error);
  }

  @Test
  void statusAndMetadataAsTfServingPrintsThem() throws Exception {
    JsonNode status = json(get(server, "/v1/models/tags"));
    assertEquals("1", status.get("model_version_status").get(0).get("version").asText());
    assertEquals("AVAILABLE", status.get("model_version_status").get(0).get("state").asText());
    assertEquals(status, json(get(server, "/v1/models/tags/versions/1")));
    JsonNode meta = json(get(server, "/v1/models/tags/metadata"));
    assertEquals("tags", meta.get("model_spec").get("name").asText());
    JsonNode sig = meta.get("metadata").get("signature_def").get("signature_def").get("serving_default");
    assertEquals("tensorflow/serving/predict", sig.get("method_name").asText());
    JsonNode ids = sig.get("inputs").get("input_ids");
    assertEquals("DT_INT32", ids.get("dtype").asText());
    assertEquals("-1", ids.get("tensor_shape").get("dim").get(1).get("size").asText());
    assertEquals("3", sig.get("outputs").get("probabilities").get("tensor_shape").get("dim").get(1).get("size")
        .asText(), "multi-label outputs [-1, 3]");
    JsonNode health = json(get(server, "/healthz"));
    assertEquals("ok", health.get("status").asText());
    assertTrue(get(server, "/").body().contains("<title>bertune</title>"));
  }

  @Test
  void unknownModelVersionPathAndMethodAre404And405() throws Exception {
    assertError(get(server, "/v1/models/other"), 404, "Servable not found for request: Latest(other)");
    assertError(get(server, "/v1/models/tags/versions/7"), 404, "Specific(tags, 7)");
    assertError(post(server, "/v1/models/tags:regress", "{}"), 404, "unknown method :regress");
    assertError(get(server, "/v2/nothing"), 404, "no such path");
    assertError(get(server, "/v1/models/tags:predict"), 405, "use POST");
  }

  @Test
  void predictInRowAndColumnarFormatsGivesTheModelsOutputs() throws Exception {
    int[][] ids = {{2, 10, 11, 3}, {2, 15, 3, 0}};
    int[][] mask = {{1, 1, 1, 1}, {1, 1, 1, 0}};
    int[][] seg = new int[2][4];
    ServedModel.Outputs expected;
    try (TextClassifier clf = TextClassifier.load(tags)) {
      expected = clf.scoreTokens(ids, mask, seg);
    }
    ObjectNode rows = JSON.createObjectNode();
    ArrayNode instances = rows.putArray("instances");
    for (int r = 0; r < 2; r++) {
      ObjectNode i = instances.addObject();
      i.set("input_ids", JSON.valueToTree(ids[r]));
      i.set("input_mask", JSON.valueToTree(mask[r]));
      i.set("segment_ids", JSON.valueToTree(seg[r]));
    }
    JsonNode row = json(post(server, "/v1/models/tags:predict", rows.toString()));
    for (int r = 0; r < 2; r++) {
      assertArrayEquals(expected.probabilities()[r], floats(row.get("predictions").get(r).get("probabilities")), 1e-6f);
      assertArrayEquals(expected.logits()[r], floats(row.get("predictions").get(r).get("logits")), 1e-6f);
    }
    ObjectNode columnar = JSON.createObjectNode();
    ObjectNode inputs = columnar.putObject("inputs");
    inputs.set("input_ids", JSON.valueToTree(ids));
    inputs.set("input_mask", JSON.valueToTree(mask));
    inputs.set("segment_ids", JSON.valueToTree(seg));
    JsonNode col = json(post(server, "/v1/models/tags/versions/1:predict", columnar.toString()));
    assertArrayEquals(expected.probabilities()[1], floats(col.get("outputs").get("probabilities").get(1)), 1e-6f);
  }

  @Test
  void badRequestsAre400WithTfServingsErrorBody() throws Exception {
    String path = "/v1/models/tags:predict";
    assertError(post(server, path, "{not json"), 400, "JSON Parse error");
    assertError(post(server, path, "{\"rows\": []}"), 400, "Missing 'inputs' or 'instances' key");
    assertError(post(server, path, "{\"signature_name\": \"serving_windows\", \"instances\": [{\"input_ids\": [2],"
        + " \"input_mask\": [1], \"segment_ids\": [0]}]}"), 400,
        "Serving signature name: \"serving_windows\" not found in signature def (this server runs serving_default)");
    assertError(post(server, path, "{\"instances\": [{\"input_ids\": [1.5], \"input_mask\": [1], \"segment_ids\": [0]}]}"),
        400, "is not of expected type: int32");
    assertError(post(server, path, "{\"instances\": [{\"input_ids\": [2, 3], \"input_mask\": [1, 1], "
        + "\"segment_ids\": [0, 0]}, {\"input_ids\": [2], \"input_mask\": [1], \"segment_ids\": [0]}]}"),
        400, "pad every row to one length");
    assertError(post(server, path, "{\"inputs\": {\"input_ids\": [[2, 3]], \"input_mask\": [[1, 1]]}}"), 400,
        "Missing input: segment_ids");
    assertError(post(server, "/v1/models/tags:classify-text", "{\"instances\": [\"ok\", 7]}"), 400,
        "instances[1] must be a non-empty string");
    assertError(post(server, "/v1/models/tags:classify-text", "{\"instances\": [\"" + "x".repeat(5000) + "\"]}"),
        413, "over the limit of 4096");
  }

  @Test
  void classifyTextBatchesConcurrentRequestsAndAnswersLikeTheJavaApi() throws Exception {
    List<String> texts = List.of("great music", "awful boring plot", "the film was a movie", "loved it",
        "terrible acting", "wonderful story and music", "bad", "good");
    List<Prediction> expected;
    try (TextClassifier clf = TextClassifier.load(tags)) {
      expected = clf.classify(texts);
    }
    long callsBefore = server.batchingStats()[0];
    List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
    for (String t : texts) {
      replies.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
              + "/v1/models/tags:classify-text")).POST(HttpRequest.BodyPublishers.ofString(
              JSON.createObjectNode().set("instances", JSON.createArrayNode().add(t)).toString())).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    for (int i = 0; i < texts.size(); i++) {
      HttpResponse<String> r = replies.get(i).get();
      assertEquals(200, r.statusCode(), r.body());
      JsonNode p = json(r).get("predictions").get(0);
      List<String> labels = new ArrayList<>();
      p.get("labels").forEach(l -> labels.add(l.asText()));
      assertEquals(expected.get(i).labels(), labels, texts.get(i));
      String text = texts.get(i);
      expected.get(i).probabilities().forEach((k, v) -> assertEquals(v, p.get("probabilities").get(k).floatValue(),
          1e-6f, text + " " + k));
    }
    long calls = server.batchingStats()[0] - callsBefore;
    assertTrue(calls < texts.size(), "8 concurrent requests in fewer model calls: " + calls);
    assertTrue(server.batchingStats()[1] > 1, "a model call served several requests");
  }

  @Test
  void aFullQueueAnswers503() throws Exception {
    try (ModelServer small = ModelServer.start(TextClassifier.load(binary),
        new ServeOptions("127.0.0.1", 0, "reviews", 1, 0, 1, 1 << 24, 10_000))) {
      StringBuilder big = new StringBuilder("{\"instances\": [");
      for (int i = 0; i < 20_000; i++) {
        big.append(i == 0 ? "" : ",").append("\"the movie was really very good and the story was great\"");
      }
      String heavy = big.append("]}").toString();
      List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        replies.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + small.port()
            + "/v1/models/reviews:classify-text")).POST(HttpRequest.BodyPublishers.ofString(heavy)).build(),
            HttpResponse.BodyHandlers.ofString()));
      }
      int busy = 0;
      int ok = 0;
      for (CompletableFuture<HttpResponse<String>> f : replies) {
        HttpResponse<String> r = f.get();
        if (r.statusCode() == 503) {
          assertError(r, 503, "busy");
          busy++;
        } else {
          assertEquals(200, r.statusCode(), r.body());
          assertEquals(20_000, json(r).get("predictions").size());
          ok++;
        }
      }
      assertTrue(busy > 0 && ok > 0, "one queue slot and a long model call: some served, some refused ("
          + ok + " / " + busy + ")");
    }
  }

  @Test
  void stoppingLetsRequestsInFlightFinishThenRefusesConnections() throws Exception {
    ModelServer s = ModelServer.start(TextClassifier.load(binary),
        new ServeOptions("127.0.0.1", 0, "reviews", 32, 0, 8, 1 << 24, 30_000));
    StringBuilder big = new StringBuilder("{\"instances\": [");
    for (int i = 0; i < 30_000; i++) {
      big.append(i == 0 ? "" : ",").append("\"a good film and a bad plot\"");
    }
    CompletableFuture<HttpResponse<String>> inFlight = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + s.port() + "/v1/models/reviews:classify-text")).POST(HttpRequest.BodyPublishers
        .ofString(big.append("]}").toString())).build(), HttpResponse.BodyHandlers.ofString());
    Thread.sleep(300); // the request is being read or run
    int port = s.port();
    s.close();
    HttpResponse<String> r = inFlight.get();
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(30_000, json(r).get("predictions").size());
    assertThrows(IOException.class, () -> HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/healthz")).build(), HttpResponse.BodyHandlers.ofString()));
  }

  static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).floatValue();
    }
    return out;
  }
}
