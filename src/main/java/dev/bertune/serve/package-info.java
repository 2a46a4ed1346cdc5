/**
 * {@code bertune serve}: an HTTP server on an export that speaks TF Serving's REST API
 * ({@link dev.bertune.serve.TfServingJson}: status, metadata, {@code :predict} in the row and columnar formats, TF
 * Serving's error bodies) plus {@code :classify-text} (texts, or {@code {"text", "text_pair"}} objects for an export of
 * text pairs) and a small web page. {@link dev.bertune.serve.ModelServer}
 * owns the Jetty server and the {@link dev.bertune.inference.TextClassifier}; {@link dev.bertune.serve.TextBatcher}
 * gathers concurrent {@code :classify-text} requests into one model call (a short wait, a maximum batch, a bounded
 * queue).
 */
package dev.bertune.serve;
