package dev.bertune.serve;

import dev.bertune.BertuneException;

/**
 * How {@code bertune serve} runs.
 *
 * @param host address to bind ({@code 0.0.0.0}: every interface, as TF Serving)
 * @param port TCP port (TF Serving's REST default is 8501; 0 picks a free one)
 * @param name the model name in the URLs ({@code /v1/models/<name>})
 * @param maxBatch most texts in one model call of {@code :classify-text}
 * @param batchWaitMillis how long the first request of a batch waits for others to join it
 * @param queueSize requests waiting for the model before the server answers 503
 * @param maxBodyBytes largest request body accepted (413 above)
 * @param stopTimeoutMillis how long a stop (SIGTERM) waits for requests in flight
 */
public record ServeOptions(String host, int port, String name, int maxBatch, int batchWaitMillis, int queueSize,
    long maxBodyBytes, long stopTimeoutMillis) {

  /** Checks the ranges. */
  public ServeOptions {
    if (port < 0 || port > 65_535) {
      throw new BertuneException("--port must be 0 to 65535, got " + port);
    }
    if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
      throw new BertuneException("--name must be letters, digits, '.', '_' or '-', got '" + name + "'");
    }
    if (maxBatch < 1 || batchWaitMillis < 0 || queueSize < 1 || maxBodyBytes < 1 || stopTimeoutMillis < 0) {
      throw new BertuneException("--max-batch, --queue and --max-body-bytes must be at least 1, --batch-wait-ms and"
          + " the stop timeout at least 0");
    }
  }
}
