package dev.bertune.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bertune.data.DataOptions;
import dev.bertune.data.DataSource;
import dev.bertune.data.OnInvalid;
import dev.bertune.data.ReadResult;
import dev.bertune.data.Review;
import dev.bertune.data.ReviewReader;
import dev.bertune.metrics.BinaryMetrics;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bertune evaluate --model DIR --data PATH [--json]}. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Evaluate an exported classifier on labelled data (TSV, CSV, JSON Lines or a pos/neg folder).")
final class EvaluateCommand implements Callable<Integer> {
  @Mixin
  ExportOptions export;

  @Option(names = "--data", required = true, paramLabel = "PATH", description = "Labelled reviews.")
  String data;

  @Option(names = "--json", description = "Print the metrics as one JSON object.")
  boolean json;

  @Option(names = "--text-column", defaultValue = "text") String textColumn;
  @Option(names = "--label-column", defaultValue = "label") String labelColumn;
  @Option(names = "--skip-invalid", description = "Skip malformed rows instead of stopping.") boolean skipInvalid;

  @Override
  public Integer call() throws Exception {
    ReadResult read = ReviewReader.read(DataSource.parse(data),
        new DataOptions(textColumn, labelColumn, skipInvalid ? OnInvalid.SKIP : OnInvalid.FAIL));
    if (read.skipped() > 0) {
      System.err.println("warning: " + read.skippedSummary());
    }
    List<Review> reviews = read.reviews();
    try (ExportedClassifier classifier = export.open()) {
      float[][] out = classifier.score(reviews.stream().map(Review::text).toList(), export.batchSize);
      int[] labels = reviews.stream().mapToInt(Review::label).toArray();
      double loss = 0;
      for (int i = 0; i < labels.length; i++) {
        double x = out[1][i];
        loss += Math.max(x, 0) - x * labels[i] + Math.log1p(Math.exp(-Math.abs(x)));
      }
      BinaryMetrics m = BinaryMetrics.compute(out[0], labels, loss / labels.length, export.threshold);
      if (json) {
        ObjectNode node = new ObjectMapper().createObjectNode();
        for (Map.Entry<String, Double> e : m.asMap().entrySet()) {
          if (e.getKey().equals("count")) {
            node.put("count", e.getValue().longValue());
          } else if (e.getValue().isNaN()) {
            node.putNull(e.getKey());
          } else {
            node.put(e.getKey(), e.getValue());
          }
        }
        System.out.println(node);
      } else {
        m.asMap().forEach((k, v) -> System.out.printf(Locale.ROOT, "%-10s %s%n", k,
            k.equals("count") ? Long.toString(v.longValue()) : String.format(Locale.ROOT, "%.4f", v)));
      }
    }
    return 0;
  }
}
