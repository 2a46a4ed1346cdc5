package dev.bertune.cli;

import dev.bertune.spark.SparkJobs;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bertune score --model DIR --input PATH --output PATH}: an export applied to a table, on Spark. */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Classify every text of a table (Parquet, CSV, JSON Lines; any size) with an export on Spark:"
        + " local[*] by default, or a cluster (--master, or spark-submit with bertune-spark.jar). Writes per row the"
        + " id, the label(s), each label's probability and the export's version.")
final class ScoreCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "Export version folder (local path every node reads, or hdfs://, s3a://, ...).")
  String model;

  @Mixin
  TableJobOptions table;

  @Option(names = "--trust-model",
      description = "Score with an export that has no bertune provenance or holds ops that touch files or processes"
          + " (refused by default: a SavedModel is a program).")
  boolean trustModel;

  @Override
  public Integer call() {
    var options = table.toJobOptions(model, trustModel);
    TableJobOptions.runOnSpark(() -> SparkJobs.score(options, System.out));
    return 0;
  }
}
