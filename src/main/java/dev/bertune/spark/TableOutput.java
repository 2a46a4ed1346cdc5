package dev.bertune.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import dev.bertune.BertuneException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;

/**
 * Where a job's result goes. Spark writes it through its commit protocol into a hidden sibling folder ({@code
 * .<name>.bertune-<id>}, which Spark's readers ignore), and only a job that succeeded is renamed to the output
 * path (replacing the old output with {@code --mode overwrite}): a failed or killed job leaves the output path as
 * it was, and the hidden folder is removed.
 */
final class TableOutput {
  static final List<String> FORMATS = List.of("parquet", "csv", "json");

  private final SparkSession spark;
  private final FileSystem fs;
  private final Path target;
  private final String format;
  private final JobOptions.WriteMode mode;

  private TableOutput(SparkSession spark, FileSystem fs, Path target, String format, JobOptions.WriteMode mode) {
    this.spark = spark;
    this.fs = fs;
    this.target = target;
    this.format = format;
    this.mode = mode;
  }

  /** Checks, before any work, that the output can be written. */
  static TableOutput prepare(SparkSession spark, String output, String format, JobOptions.WriteMode mode) {
    if (!FORMATS.contains(format)) {
      throw new BertuneException("--output-format " + format + " is not one of " + FORMATS);
    }
    try {
      Path target = new Path(output);
      FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (mode == JobOptions.WriteMode.ERROR_IF_EXISTS && fs.exists(target)) {
        throw new BertuneException("the output " + output + " exists; remove it, or give --mode overwrite to"
            + " replace it once the new output is complete");
      }
      Path parent = fs.makeQualified(target).getParent();
      if (parent != null && fs.exists(parent) && !fs.getFileStatus(parent).isDirectory()) {
        throw new BertuneException("cannot write " + output + ": " + parent + " is a file");
      }
      return new TableOutput(spark, fs, fs.makeQualified(target), format, mode);
    } catch (IOException e) {
      throw new BertuneException("cannot write " + output + ": " + e.getMessage(), e);
    }
  }

  /** Runs the job that writes {@code result}, then publishes it. */
  void write(Dataset<Row> result) {
    Path staging = new Path(target.getParent(), "." + target.getName() + ".bertune-" + UUID.randomUUID());
    try {
      result.write().mode(SaveMode.ErrorIfExists).format(format).save(staging.toString());
      publish(staging);
    } catch (IOException e) {
      throw new BertuneException("cannot publish the output " + target + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(staging);
    }
  }

  private void publish(Path staging) throws IOException {
    Path old = null;
    if (fs.exists(target)) {
      if (mode != JobOptions.WriteMode.OVERWRITE) {
        throw new BertuneException("the output " + target + " appeared while the job ran; the result was not"
            + " written (give --mode overwrite to replace it)");
      }
      old = new Path(target.getParent(), "." + target.getName() + ".bertune-old-" + UUID.randomUUID());
      if (!fs.rename(target, old)) {
        throw new IOException("cannot move the old output aside to " + old);
      }
    }
    if (!fs.rename(staging, target)) {
      if (old != null) {
        fs.rename(old, target);
      }
      throw new IOException("cannot rename " + staging + " to " + target);
    }
    if (old != null) {
      deleteQuietly(old);
    }
  }

  private void deleteQuietly(Path p) {
    try {
      fs.delete(p, true);
    } catch (IOException e) {
      System.err.println("warning: cannot remove " + p + ": " + e.getMessage());
    }
  }

  /** How often each label was predicted, most frequent first, from the written output. */
  String labelCounts(String labelColumn) {
    Dataset<Row> out = spark.read().format(format).option("header", "true").load(target.toString());
    boolean array = out.schema().apply(labelColumn).dataType() instanceof ArrayType;
    Dataset<Row> labels = array ? out.select(explode(col(labelColumn)).as("l")) : out.select(col(labelColumn).as("l"));
    long rows = out.count();
    List<String> parts = new ArrayList<>();
    for (Row r : labels.groupBy("l").count().orderBy(col("count").desc()).collectAsList()) {
      parts.add(String.format(Locale.ROOT, "%s %,d (%.1f%%)", r.get(0), r.getLong(1), 100.0 * r.getLong(1) / rows));
    }
    return String.join(", ", parts);
  }
}
