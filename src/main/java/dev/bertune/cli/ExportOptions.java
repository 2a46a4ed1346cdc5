package dev.bertune.cli;

import dev.bertune.BertuneException;
import dev.bertune.inference.TextClassifier;
import dev.bertune.task.Task;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by the commands that run an exported classifier ({@code evaluate}, {@code predict}). */
final class ExportOptions {
  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "Export version folder, e.g. savedmodel/export/review-classifier/1.")
  Path model;

  @Option(names = "--batch-size", defaultValue = "16", description = "Reviews per model call (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--threshold", paramLabel = "P",
      description = "Decision threshold of sigmoid outputs (binary: positive at or above it; multi-label: every"
          + " label), instead of the export's own (task.json; 0.5, or tuned on validation).")
  Double threshold;

  @Option(names = "--trust-model",
      description = "Run an export that has no bertune provenance or holds ops that touch files or processes"
          + " (refused by default: a SavedModel is a program).")
  boolean trustModel;

  /** The exported classifier, with its own tokenizer and task from its assets.extra/. */
  TextClassifier open() {
    if (batchSize < 1) {
      throw new BertuneException("--batch-size must be at least 1, got " + batchSize);
    }
    if (threshold != null && !(threshold > 0 && threshold < 1)) {
      throw new BertuneException("--threshold must be strictly between 0 and 1, got " + threshold);
    }
    return TextClassifier.builder(model).batchSize(batchSize).trustModel(trustModel).build();
  }

  /** The export's task, with {@code --threshold} for every output when given. */
  Task task(TextClassifier classifier) {
    Task task = classifier.task();
    if (threshold == null || task.thresholds().length == 0) {
      return task;
    }
    double[] all = new double[task.thresholds().length];
    java.util.Arrays.fill(all, threshold);
    return task.withThresholds(all);
  }
}
