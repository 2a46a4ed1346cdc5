package dev.bertune.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bertune.BertuneException;
import dev.bertune.data.DataOptions;
import dev.bertune.data.DataSource;
import dev.bertune.data.OnInvalid;
import dev.bertune.data.ReadResult;
import dev.bertune.data.Review;
import dev.bertune.data.ReviewReader;
import dev.bertune.export.ServedModel;
import dev.bertune.inference.TextClassifier;
import dev.bertune.inference.TextPair;
import dev.bertune.metrics.ClassReport;
import dev.bertune.metrics.TaskMetrics;
import dev.bertune.task.Targets;
import dev.bertune.task.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bertune evaluate --model DIR --data PATH [--json] [--output FILE]}: the export's task's metrics. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Evaluate an exported classifier on labelled data (TSV, CSV, JSON Lines or a folder with one"
        + " sub-folder per class): the metrics of its task (binary, multi-class or multi-label).")
final class EvaluateCommand implements Callable<Integer> {
  @Mixin
  ExportOptions export;

  @Option(names = "--data", required = true, paramLabel = "PATH", description = "Labelled reviews.")
  String data;

  @Option(names = "--json", description = "Print the metrics as one JSON object (per-class figures included).")
  boolean json;

  @Option(names = "--output", paramLabel = "FILE", description = "Also write the metrics as JSON to FILE.")
  Path output;

  @Option(names = "--text-column", defaultValue = "text") String textColumn;
  @Option(names = "--label-column", defaultValue = "label") String labelColumn;
  @Option(names = "--text-pair-column", paramLabel = "NAME",
      description = "The column (JSON Lines: key) of the second texts; required by an export trained on text pairs.")
  String textPairColumn;
  @Option(names = "--label-separator", defaultValue = ",",
      description = "What separates the labels of a multi-label value (default ${DEFAULT-VALUE}).")
  String labelSeparator;
  @Option(names = "--skip-invalid", description = "Skip malformed rows instead of stopping.") boolean skipInvalid;

  @Override
  public Integer call() throws Exception {
    OnInvalid policy = skipInvalid ? OnInvalid.SKIP : OnInvalid.FAIL;
    try (TextClassifier classifier = export.open()) {
      Task task = export.task(classifier);
      DataOptions options = new DataOptions(textColumn, labelColumn, policy, labelSeparator, task.labels())
          .withTextPairColumn(pairColumn(classifier));
      ReadResult read = ReviewReader.read(DataSource.parse(data), options);
      read.warnings().forEach(w -> System.err.println("warning: " + w));
      if (read.skipped() > 0) {
        System.err.println("warning: " + read.skippedSummary());
      }
      Targets.Encoded labelled = Targets.encode(task, read.reviews(), policy, "evaluation");
      if (labelled.skipped() > 0) {
        System.err.println("warning: " + labelled.skippedSummary());
      }
      if (labelled.reviews().isEmpty()) {
        throw new BertuneException(data + ": no review with a label of the model's task");
      }
      List<Review> reviews = labelled.reviews();
      ServedModel.Outputs scores = classifier.takesPairs()
          ? classifier.scorePairs(reviews.stream().map(r -> new TextPair(r.text(), r.textPair())).toList())
          : classifier.score(reviews.stream().map(Review::text).toList());
      float[][] targets = labelled.targets().toArray(float[][]::new);
      double loss = 0;
      for (int i = 0; i < targets.length; i++) {
        loss += task.exampleLoss(scores.logits()[i], targets[i]);
      }
      TaskMetrics m = task.metrics(scores.probabilities(), targets, loss / targets.length);
      print(m);
      if (output != null) {
        Files.writeString(output, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(withTask(m, task)) + "\n");
      }
    }
    return 0;
  }

  /** {@code --text-pair-column}, required for an export of text pairs and refused for one of single texts. */
  private String pairColumn(TextClassifier classifier) {
    boolean given = textPairColumn != null && !textPairColumn.isBlank();
    if (classifier.takesPairs() && !given) {
      throw new BertuneException(export.model + " takes text pairs: give --text-pair-column, the column of the"
          + " second texts in " + data);
    }
    if (!classifier.takesPairs() && given) {
      throw new BertuneException("--text-pair-column " + textPairColumn + ": " + export.model + " takes single"
          + " texts, not text pairs");
    }
    return given ? textPairColumn : "";
  }

  private void print(TaskMetrics m) {
    if (json) {
      System.out.println(m.json());
      return;
    }
    m.asMap().forEach((k, v) -> System.out.printf(Locale.ROOT, "%-16s %s%n", k,
        k.equals("count") ? Long.toString(v.longValue()) : String.format(Locale.ROOT, "%.4f", v)));
    if (!m.perClass().isEmpty()) {
      System.out.printf(Locale.ROOT, "%n%-24s %9s %9s %9s %9s %9s%n", "label", "precision", "recall", "f1", "support",
          "auc");
      for (ClassReport r : m.perClass()) {
        System.out.printf(Locale.ROOT, "%-24s %9.4f %9.4f %9.4f %9d %9.4f%n", r.label(), r.precision(), r.recall(),
            r.f1(), r.support(), r.auc());
      }
    }
  }

  private static ObjectNode withTask(TaskMetrics m, Task task) {
    ObjectNode root = new ObjectMapper().createObjectNode();
    root.set("metrics", m.json());
    root.set("task", task.json());
    return root;
  }
}
