package dev.bertune.cli;

import dev.bertune.config.Precision;
import dev.bertune.inference.TextClassifier;
import dev.bertune.serve.ModelServer;
import dev.bertune.serve.ServeOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bertune serve --model DIR [--port 8501] [--name NAME]}: TF Serving's REST API on an export. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve an export over HTTP with TF Serving's REST API (/v1/models/NAME[:predict], /metadata),"
        + " plus :classify-text (texts in, labels out), a web page at / and /healthz.")
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "Export version folder, e.g. savedmodel/export/review-classifier/1.")
  Path model;

  @Option(names = "--port", defaultValue = "8501", description = "TCP port (default ${DEFAULT-VALUE}; 0: any free).")
  int port;

  @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--name", paramLabel = "NAME",
      description = "Model name in the URLs (default: the export's folder name, e.g. review-classifier).")
  String name;

  @Option(names = "--max-batch", defaultValue = "32",
      description = "Most texts of concurrent :classify-text requests run together (default ${DEFAULT-VALUE}).")
  int maxBatch;

  @Option(names = "--batch-wait-ms", defaultValue = "5",
      description = "How long a request waits for others to join its batch (default ${DEFAULT-VALUE} ms).")
  int batchWaitMillis;

  @Option(names = "--queue", defaultValue = "256",
      description = "Requests that may wait for the model before the server answers 503 (default ${DEFAULT-VALUE}).")
  int queue;

  @Option(names = "--max-body-bytes", defaultValue = "4194304",
      description = "Largest request body (default ${DEFAULT-VALUE}); larger ones get 413.")
  long maxBodyBytes;

  @Option(names = "--threads", defaultValue = "0", description = "TensorFlow threads per op (default: all cores).")
  int threads;

  @Option(names = "--precision", defaultValue = "fp32", description = "fp32 or bf16.")
  String precision;

  @Option(names = "--trust-model",
      description = "Serve an export that has no bertune provenance or holds ops that touch files or processes"
          + " (refused by default: a SavedModel is a program).")
  boolean trustModel;

  @Override
  public Integer call() throws Exception {
    String modelName = name != null ? name
        : model.toAbsolutePath().normalize().getParent().getFileName().toString();
    ServeOptions options = new ServeOptions(host, port, modelName, maxBatch, batchWaitMillis, queue, maxBodyBytes,
        30_000);
    Precision p = switch (precision.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "fp32" -> Precision.FP32;
      case "bf16" -> Precision.BF16;
      default -> throw new dev.bertune.BertuneException("--precision = '" + precision + "'; accepted: fp32, bf16");
    };
    TextClassifier classifier = TextClassifier.builder(model).threads(threads).precision(p)
        .trustModel(trustModel).build();
    ModelServer server = ModelServer.start(classifier, options);
    Thread stop = new Thread(server::close, "bertune-stop");
    Runtime.getRuntime().addShutdownHook(stop); // SIGTERM, Ctrl-C: in-flight requests finish first
    System.out.printf("serving %s (version %s, %s, labels %s) on http://%s:%d/  (REST: /v1/models/%s)%n",
        model, server.version(), classifier.taskType().configName(), classifier.labels(), host, server.port(),
        modelName);
    System.out.flush();
    server.join();
    return 0;
  }
}
