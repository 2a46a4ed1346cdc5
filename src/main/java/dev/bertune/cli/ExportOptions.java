package dev.bertune.cli;

import dev.bertune.BertuneException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by the commands that run an exported classifier ({@code evaluate}, {@code predict}). */
final class ExportOptions {
  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "Export version folder, e.g. savedmodel/export/review-classifier/1.")
  Path model;

  @Option(names = "--batch-size", defaultValue = "16", description = "Reviews per model call (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--threshold", defaultValue = "0.5",
      description = "Probability at or above which a review is positive (default ${DEFAULT-VALUE}).")
  double threshold;

  @Option(names = "--cache-dir", defaultValue = ".bertune/cache", hidden = true)
  Path cacheDir;

  /** The exported classifier, its tokenizer built from its own assets.extra/. */
  ExportedClassifier open() {
    if (batchSize < 1) {
      throw new BertuneException("--batch-size must be at least 1, got " + batchSize);
    }
    if (!(threshold > 0 && threshold < 1)) {
      throw new BertuneException("--threshold must be strictly between 0 and 1, got " + threshold);
    }
    return new ExportedClassifier(model, cacheDir);
  }
}
