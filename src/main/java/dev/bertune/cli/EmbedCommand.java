package dev.bertune.cli;

import dev.bertune.config.BertuneConfig;
import dev.bertune.config.ConfigLoader;
import dev.bertune.spark.SparkJobs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bertune embed --input PATH --output PATH}: BERT's features of every text of a table, on Spark. */
@Command(name = "embed", mixinStandardHelpOptions = true,
    description = "Write BERT's features of every text of a table ([CLS] or pooled, as head.features) as an array"
        + " column, for models of your own (Spark MLlib, ...): the pretrained BERT's (model.dir) or an export's"
        + " fine-tuned ones (--model EXPORT_DIR).")
final class EmbedCommand implements Callable<Integer> {
  @Option(names = "--model", paramLabel = "DIR",
      description = "An export version folder, or a BERT SavedModel; default: model.dir of the configuration.")
  String model;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Configuration for model.*, head.features and tokenizer.* (default: the built-in one).")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Mixin
  TableJobOptions table;

  @Option(names = "--trust-model",
      description = "Embed with an export that has no bertune provenance or holds ops that touch files or processes"
          + " (refused by default: a SavedModel is a program). The pretrained BERT of model.dir is not checked.")
  boolean trustModel;

  @Override
  public Integer call() {
    BertuneConfig cfg = ConfigLoader.load(Optional.ofNullable(config), overrides);
    var options = table.toJobOptions(model != null ? model : cfg.model().dir().toString(), trustModel);
    TableJobOptions.runOnSpark(() -> SparkJobs.embed(options, cfg, System.out));
    return 0;
  }
}
