package dev.bertune.spark;

import dev.bertune.data.OnInvalid;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@code score} or {@code embed} job reads, writes and how.
 *
 * @param input a file or folder, in any file system Hadoop reaches (local, {@code hdfs://}, {@code s3a://})
 * @param format {@code parquet}, {@code csv}, {@code tsv}, {@code json} (JSON Lines); empty: from the extension
 * @param idColumn kept in the output; empty: a generated {@code row_id} (0, 1, ... in input order)
 * @param outputFormat {@code parquet}, {@code csv} or {@code json}
 * @param partitions partitions to score in; 0: about {@link #ROWS_PER_PARTITION} rows each, at least two per core
 * @param batchSize texts per model call
 * @param threads TensorFlow's threads per executor JVM (0: TensorFlow's choice)
 * @param master the Spark master when bertune starts Spark itself (spark-submit sets its own)
 * @param sparkConf more Spark settings ({@code --conf})
 * @param trustModel run an export that {@link dev.bertune.export.ModelAudit} refuses ({@code --trust-model})
 */
public record JobOptions(String model, String input, Optional<String> format, String textColumn,
    Optional<String> idColumn, String output, String outputFormat, WriteMode mode, OnInvalid onInvalid,
    int partitions, int batchSize, int threads, String master, Map<String, String> sparkConf,
    boolean trustModel) {
  public JobOptions {
    sparkConf = Map.copyOf(sparkConf);
  }

  /** Rows per partition when {@link #partitions} is 0: a retried task redoes at most this much. */
  public static final int ROWS_PER_PARTITION = 2000;

  /** What to do when the output exists. */
  public enum WriteMode {
    /** Stop before any work. */
    ERROR_IF_EXISTS,
    /** Replace it, once the new output is complete. */
    OVERWRITE
  }
}
