package dev.bertune.serve;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bertune.BertuneException;
import dev.bertune.export.ServedModel;
import dev.bertune.inference.TextClassifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP server of {@code bertune serve}: TF Serving's REST API on one export, {@code :classify-text}, the web
 * page and {@code /healthz}. Owns the Jetty server, the {@link TextBatcher} and the {@link TextClassifier}; {@link
 * #close()} stops taking requests, lets those in flight finish (up to the stop timeout), then frees the model.
 */
public final class ModelServer implements AutoCloseable {
  private static final Pattern MODEL_PATH = Pattern.compile(
      "/v1/models/([^/:]+)(?:/versions/([^/:]+))?(/metadata|:[A-Za-z-]+)?");
  private static final long RESULT_TIMEOUT_SECONDS = 300;
  private static final int MAX_THREADS = 64;

  private final TextClassifier classifier;
  private final ServeOptions options;
  private final String version;
  private final TextBatcher batcher;
  private final Server server;
  private final ServerConnector connector;
  private final byte[] page;

  private ModelServer(TextClassifier classifier, ServeOptions options) throws IOException {
    this.classifier = classifier;
    this.options = options;
    this.version = classifier.dir().toAbsolutePath().normalize().getFileName().toString();
    this.batcher = new TextBatcher(classifier, options.maxBatch(), options.batchWaitMillis(), options.queueSize());
    try (InputStream in = ModelServer.class.getResourceAsStream("/web/index.html")) {
      this.page = in.readAllBytes();
    }
    QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS);
    threads.setName("bertune-http");
    this.server = new Server(threads);
    this.connector = new ServerConnector(server);
    connector.setHost(options.host());
    connector.setPort(options.port());
    server.addConnector(connector);
    server.setHandler(new GracefulHandler(new Routes()));
    server.setStopTimeout(options.stopTimeoutMillis());
  }

  /**
   * Starts serving {@code classifier} (which the server then owns and closes).
   *
   * @throws BertuneException when the port cannot be bound
   */
  public static ModelServer start(TextClassifier classifier, ServeOptions options) {
    ModelServer s;
    try {
      s = new ModelServer(classifier, options);
    } catch (IOException e) {
      classifier.close();
      throw new BertuneException("cannot read the web page from the jar: " + e.getMessage(), e);
    }
    try {
      s.server.start();
      return s;
    } catch (Exception e) {
      s.close();
      throw new BertuneException("cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage());
    }
  }

  /** The port it listens on (the chosen one when started with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** The version it serves (the export folder's name). */
  public String version() {
    return version;
  }

  /** Model calls that served {@code :classify-text} requests, and the most requests one call served. */
  public long[] batchingStats() {
    return new long[] {batcher.modelCalls(), batcher.largestCall()};
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  /** Stops gracefully: no new requests, those in flight finish, then the model is freed. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      // stopping is best effort; the model is freed below either way
    } finally {
      batcher.close();
      classifier.close();
    }
  }

  /** The routes. Blocking handler: each request runs on a pool thread, which may wait for the model. */
  private final class Routes extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = Request.getPathInContext(request);
      try {
        ObjectNode body = route(request, path, response, callback);
        if (body != null) {
          send(response, callback, 200, "application/json", body.toString().getBytes(StandardCharsets.UTF_8));
        }
      } catch (HttpError e) {
        error(response, callback, e.status(), e.getMessage());
      } catch (RuntimeException e) {
        error(response, callback, 500, "internal error: " + e);
      }
      return true;
    }

    /** The JSON answer, or null when the route answered itself. */
    private ObjectNode route(Request request, String path, Response response, Callback callback) {
      String method = request.getMethod();
      if (path.equals("/") || path.equals("/index.html")) {
        requireMethod(method, "GET");
        send(response, callback, 200, "text/html; charset=utf-8", page);
        return null;
      }
      if (path.equals("/healthz")) {
        requireMethod(method, "GET");
        return TfServingJson.JSON.createObjectNode().put("status", "ok").put("model", options.name())
            .put("version", version);
      }
      Matcher m = MODEL_PATH.matcher(path);
      if (!m.matches()) {
        throw HttpError.notFound("no such path: " + path + " (try /v1/models/" + options.name() + ")");
      }
      requireModel(m.group(1), m.group(2));
      String action = m.group(3) == null ? "" : m.group(3);
      return switch (action) {
        case "" -> {
          requireMethod(method, "GET");
          yield TfServingJson.status(version);
        }
        case "/metadata" -> {
          requireMethod(method, "GET");
          yield TfServingJson.metadata(options.name(), version, classifier.signature());
        }
        case ":predict" -> predict(readJson(request));
        case ":classify-text" -> classifyText(readJson(request));
        default -> throw HttpError.notFound("unknown method " + action + "; this model serves :predict and"
            + " :classify-text");
      };
    }

    private ObjectNode predict(JsonNode body) {
      TfServingJson.PredictRequest p = TfServingJson.predictRequest(body, classifier.windows().windowed());
      ServedModel.Outputs out;
      try {
        out = p.windowMask() == null ? classifier.scoreTokens(p.inputIds(), p.inputMask(), p.segmentIds())
            : classifier.scoreWindowTokens(p.inputIds(), p.inputMask(), p.segmentIds(), p.windowMask());
      } catch (IllegalArgumentException e) {
        throw HttpError.badRequest(e.getMessage());
      } catch (RuntimeException e) {
        throw HttpError.badRequest("the model could not run these inputs: " + firstLine(e.getMessage()));
      }
      return TfServingJson.predictResponse(out, p.columnar(), classifier.task().servingShape().length == 2);
    }

    private ObjectNode classifyText(JsonNode body) {
      var submitted = classifier.takesPairs() ? batcher.submitPairs(TfServingJson.textPairs(body))
          : batcher.submit(TfServingJson.texts(body));
      try {
        float[][] probabilities = submitted.get(RESULT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return TfServingJson.classifyResponse(classifier.task(), probabilities);
      } catch (ExecutionException e) {
        throw new HttpError(500, "the model failed: " + firstLine(String.valueOf(e.getCause())));
      } catch (TimeoutException e) {
        throw new HttpError(503, "the model did not answer within " + RESULT_TIMEOUT_SECONDS + " s");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HttpError(503, "the server is shutting down");
      }
    }

    private void requireModel(String name, String requestedVersion) {
      if (!name.equals(options.name())) {
        throw HttpError.notFound("Servable not found for request: Latest(" + name + ")");
      }
      if (requestedVersion != null && !requestedVersion.equals(version)) {
        throw HttpError.notFound("Servable not found for request: Specific(" + name + ", " + requestedVersion + ")");
      }
    }

    private JsonNode readJson(Request request) {
      requireMethod(request.getMethod(), "POST");
      long declared = request.getLength();
      if (declared > options.maxBodyBytes()) {
        throw new HttpError(413, "request body of " + declared + " bytes is over the limit of "
            + options.maxBodyBytes());
      }
      byte[] bytes;
      try (InputStream in = Content.Source.asInputStream(request)) {
        bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE, options.maxBodyBytes() + 1));
      } catch (IOException e) {
        throw HttpError.badRequest("cannot read the request body: " + e.getMessage());
      }
      if (bytes.length > options.maxBodyBytes()) {
        throw new HttpError(413, "request body is over the limit of " + options.maxBodyBytes() + " bytes");
      }
      try {
        return TfServingJson.JSON.readTree(bytes);
      } catch (JacksonException e) {
        throw HttpError.badRequest("JSON Parse error: " + firstLine(e.getOriginalMessage()));
      } catch (IOException e) {
        throw HttpError.badRequest("JSON Parse error: " + e.getMessage());
      }
    }
  }

  private static void requireMethod(String method, String expected) {
    if (!method.equals(expected)) {
      throw new HttpError(405, "use " + expected + " here, not " + method);
    }
  }

  private static void error(Response response, Callback callback, int status, String message) {
    byte[] body = TfServingJson.JSON.createObjectNode().put("error", message).toString()
        .getBytes(StandardCharsets.UTF_8);
    send(response, callback, status, "application/json", body);
  }

  private static void send(Response response, Callback callback, int status, String type, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, java.nio.ByteBuffer.wrap(body), callback);
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
