package dev.bertune.cli;

import dev.bertune.BertuneException;
import dev.bertune.data.OnInvalid;
import dev.bertune.spark.JobOptions;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options of the Spark jobs ({@code score}, {@code embed}): input table, output, Spark. */
final class TableJobOptions {
  @Option(names = "--input", required = true, paramLabel = "PATH",
      description = "Parquet, CSV/TSV (with a header) or JSON Lines: a file or a folder of them; local, hdfs://,"
          + " s3a://, ... (anything Spark reads).")
  String input;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "parquet, csv, tsv or json (JSON Lines); default: from the file names.")
  String format;

  @Option(names = "--text-column", defaultValue = "text", paramLabel = "NAME",
      description = "The column of texts (default ${DEFAULT-VALUE}).")
  String textColumn;

  @Option(names = "--id-column", paramLabel = "NAME",
      description = "A column copied to the output to join on; default: a generated row_id (0, 1, ... in input"
          + " order).")
  String idColumn;

  @Option(names = "--output", required = true, paramLabel = "PATH",
      description = "Output folder; written only when the whole job succeeded.")
  String output;

  @Option(names = "--output-format", paramLabel = "FORMAT",
      description = "parquet, csv or json (JSON Lines); default: from --output's extension, else parquet.")
  String outputFormat;

  @Option(names = "--mode", defaultValue = "error-if-exists", paramLabel = "MODE",
      description = "When the output exists: error-if-exists (default; checked before any work) or overwrite"
          + " (replaced once the new output is complete).")
  String mode;

  @Option(names = "--on-invalid", defaultValue = "fail", paramLabel = "fail|skip",
      description = "A row whose text is null, empty or not valid UTF-8: fail (default; the error names its file"
          + " and id) or skip (left out and counted).")
  String onInvalid;

  @Option(names = "--partitions", defaultValue = "0", paramLabel = "N",
      description = "Partitions to run in; 0 (default): about 2,000 rows each, at least two per core.")
  int partitions;

  @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N",
      description = "Texts per model call (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
      description = "TensorFlow's threads per executor JVM, shared by its tasks; 0 (default): one per core. On a"
          + " cluster, set it to spark.executor.cores.")
  int threads;

  @Option(names = "--master", defaultValue = "local[*]", paramLabel = "URL",
      description = "Spark master when bertune starts Spark itself (default ${DEFAULT-VALUE}); spark-submit's"
          + " --master wins.")
  String master;

  @Option(names = "--conf", paramLabel = "KEY=VALUE",
      description = "A Spark setting for the session bertune starts, e.g. --conf spark.executor.memory=4g"
          + " (repeatable).")
  java.util.Map<String, String> sparkConf = new java.util.LinkedHashMap<>();

  JobOptions toJobOptions(String model) {
    return toJobOptions(model, false);
  }

  /** The job's options; {@code trustModel}: run an export that {@code ModelAudit} refuses. */
  JobOptions toJobOptions(String model, boolean trustModel) {
    if (batchSize < 1) {
      throw new BertuneException("--batch-size must be at least 1, got " + batchSize);
    }
    if (threads < 0 || partitions < 0) {
      throw new BertuneException("--threads and --partitions must be 0 or more");
    }
    return new JobOptions(model, input, Optional.ofNullable(format), textColumn, Optional.ofNullable(idColumn),
        output, outputFormat(), writeMode(), OnInvalid.parse(onInvalid), partitions, batchSize, threads, master,
        sparkConf, trustModel);
  }

  private String outputFormat() {
    if (outputFormat != null) {
      return outputFormat.toLowerCase(Locale.ROOT);
    }
    String o = output.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
    return o.endsWith(".csv") ? "csv" : o.endsWith(".json") || o.endsWith(".jsonl") ? "json" : "parquet";
  }

  private JobOptions.WriteMode writeMode() {
    return switch (mode.toLowerCase(Locale.ROOT)) {
      case "error-if-exists", "error" -> JobOptions.WriteMode.ERROR_IF_EXISTS;
      case "overwrite" -> JobOptions.WriteMode.OVERWRITE;
      default -> throw new BertuneException("--mode " + mode + " is not one of [error-if-exists, overwrite]");
    };
  }

  /**
   * Runs {@code job}, after checking that Spark is on the class path; an error of bertune's inside a failed Spark
   * job (an executor's) is reported as the user error it is.
   */
  static void runOnSpark(Runnable job) {
    try {
      Class.forName("org.apache.spark.sql.SparkSession", false, TableJobOptions.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new BertuneException("Spark is not on the class path: bertune.jar takes it from spark/jars/ next to it"
          + " (target/spark/jars, made by `mvn package`); with spark-submit, use target/bertune-spark.jar");
    }
    try {
      job.run();
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof BertuneException b) {
          throw b;
        }
      }
      throw e;
    }
  }
}
