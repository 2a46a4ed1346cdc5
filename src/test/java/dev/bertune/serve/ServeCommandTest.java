package dev.bertune.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bertune.cli.Main;
import dev.bertune.testing.Captured;
import dev.bertune.testing.ChildJvm;
import dev.bertune.testing.TinyRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bertune serve} as a user runs it: a process that serves until SIGTERM, which lets requests finish. */
class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void sigtermLetsTheRequestInFlightFinishThenTheProcessEnds() throws Exception {
    Path export = TinyRun.create(dir).export("reviews", "train.epochs=1");
    ChildJvm.Running serve = ChildJvm.start(dir, List.of("serve", "--model", export.toString(), "--port", "0",
        "--host", "127.0.0.1"));
    try {
      int port = waitForPort(serve);
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/v1/models/reviews")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, status.statusCode(), "the model name defaults to the export's folder: " + status.body());
      StringBuilder big = new StringBuilder("{\"instances\": [");
      for (int i = 0; i < 40_000; i++) {
        big.append(i == 0 ? "" : ",").append("\"a good film and a bad plot\"");
      }
      CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + port + "/v1/models/reviews:classify-text")).POST(HttpRequest.BodyPublishers
          .ofString(big.append("]}").toString())).build(), HttpResponse.BodyHandlers.ofString());
      Thread.sleep(500);
      serve.process().destroy(); // SIGTERM
      HttpResponse<String> r = inFlight.get(60, TimeUnit.SECONDS);
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(40_000, new ObjectMapper().readTree(r.body()).get("predictions").size());
      assertTrue(serve.process().waitFor(60, TimeUnit.SECONDS), "the server ends after SIGTERM");
      assertFalse(serve.output().contains("Exception"), serve.output());
    } finally {
      serve.process().destroyForcibly();
    }
  }

  @Test
  void aMissingExportIsOneLineAndStatus2() {
    Captured r = Captured.run("serve", "--model", dir.resolve("nowhere").toString(), "--port", "0");
    assertEquals(Main.USER_ERROR, r.status());
    assertTrue(r.err().contains("no SavedModel at"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  private static int waitForPort(ChildJvm.Running serve) throws Exception {
    Pattern serving = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)/");
    for (int i = 0; i < 600; i++) {
      Matcher m = serving.matcher(serve.output());
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      assertTrue(serve.process().isAlive(), "serve ended: " + serve.output());
      Thread.sleep(100);
    }
    throw new AssertionError("serve did not start: " + serve.output());
  }
}
