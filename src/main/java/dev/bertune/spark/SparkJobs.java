package dev.bertune.spark;

import dev.bertune.BertuneException;
import dev.bertune.config.BertuneConfig;
import dev.bertune.task.Task;
import java.io.PrintStream;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The {@code score} and {@code embed} jobs, from options to a published output and a summary. */
public final class SparkJobs {
  private SparkJobs() {}

  /** Scores {@code options.input()} with the export {@code options.model()}. */
  public static void score(JobOptions options, PrintStream log) {
    SparkSession spark = SparkSessions.start(options, "bertune score");
    try {
      ModelRef model = ModelRef.of(spark, options.model(), true, options.trustModel());
      Task task = model.task();
      log.printf(Locale.ROOT, "score: %s, %s task, labels %s, version %s%n", model.display(), task.type().configName(),
          task.labels(), model.version().map(String::valueOf).orElse("(none)"));
      ScoredColumns columns = new ScoredColumns(task, model.version(), options.outputFormat());
      run(spark, options, log, "score", input -> input.mapPartitions(
          new PartitionScorer(model, options.batchSize(), options.threads(), columns), columns.encoder(input)),
          ScoredColumns.labelColumn(task));
    } finally {
      spark.stop();
    }
  }

  /** Writes BERT's features of every text of {@code options.input()}. */
  public static void embed(JobOptions options, BertuneConfig config, PrintStream log) {
    if (options.outputFormat().equals("csv")) {
      throw new BertuneException("embed writes an array column per row: --output-format parquet or json, not csv");
    }
    SparkSession spark = SparkSessions.start(options, "bertune embed");
    try {
      ModelRef model = ModelRef.of(spark, options.model(), false, options.trustModel());
      log.printf(Locale.ROOT, "embed: features of %s%n", model.isExport() ? "the export " + model.display()
          : "the pretrained BERT " + model.display() + " (" + config.head().features().name().toLowerCase(Locale.ROOT)
              + ")");
      run(spark, options, log, "embed", input -> input.mapPartitions(
          new PartitionEmbedder(model, config, options.batchSize()), PartitionEmbedder.encoder(input)), null);
    } finally {
      spark.stop();
    }
  }

  private interface Transform {
    Dataset<Row> apply(Dataset<Row> idAndText);
  }

  private static void run(SparkSession spark, JobOptions options, PrintStream log, String verb, Transform transform,
      String labelColumn) {
    TableOutput output = TableOutput.prepare(spark, options.output(), options.outputFormat(), options.mode());
    TableInput input = TableInput.read(spark, options);
    TableInput.Checked checked = input.check(options.onInvalid(), log);
    long start = System.nanoTime();
    int partitions = options.partitions() > 0 ? options.partitions()
        : (int) Math.max(2L * spark.sparkContext().defaultParallelism(),
            (checked.valid() + JobOptions.ROWS_PER_PARTITION - 1) / JobOptions.ROWS_PER_PARTITION);
    Dataset<Row> result = transform.apply(checked.rows().repartition(partitions));
    try (JobProgress progress = JobProgress.attach(spark, verb, checked.valid(), log)) {
      spark.sparkContext().setJobDescription("bertune " + verb + " " + options.input() + " -> " + options.output());
      output.write(result);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    log.printf(Locale.ROOT, "%s: wrote %,d rows to %s (%s) in %.1f s: %.1f texts/s%n", verb, checked.valid(),
        options.output(), options.outputFormat(), seconds, checked.valid() / Math.max(seconds, 1e-9));
    if (labelColumn != null) {
      log.println(verb + ": predicted " + output.labelCounts(labelColumn));
    }
  }
}
