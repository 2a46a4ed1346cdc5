package dev.bertune.spark;

import dev.bertune.BertuneException;
import dev.bertune.FileTrees;
import dev.bertune.export.ModelAudit;
import dev.bertune.inference.TextEmbedder;
import dev.bertune.task.Task;
import dev.bertune.task.TaskFile;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkFiles;
import org.apache.spark.sql.SparkSession;

/**
 * Where the executors find a model folder (an export version folder, or a pretrained BERT SavedModel for embed):
 * <ul>
 *   <li>a local path ({@code /models/review-classifier/3}, {@code file:/...}) is read at that path on every node
 *       (a shared mount), or, where a node lacks it, from Spark's files by its folder name (so that {@code
 *       spark-submit --archives review-classifier-3.zip#3 ... --model 3} works);
 *   <li>any other scheme ({@code hdfs://}, {@code s3a://}, ...) is copied to each executor once by Spark
 *       ({@code SparkContext.addFile}) through Hadoop's file systems.
 * </ul>
 * The driver reads the export's task and version from it, and checks its graph ({@link ModelAudit}), before the job
 * starts.
 */
public final class ModelRef implements Serializable {
  private final String path; // local: absolute path; shipped: the URI given
  private final String name; // the folder name, under which Spark's files hold a shipped copy
  private final boolean shipped;
  private final boolean export;
  private final Integer version; // null: the folder name is not a number
  private final boolean trusted; // --trust-model: executors load it though ModelAudit would refuse it
  private transient Task task;

  private ModelRef(String path, String name, boolean shipped, boolean export, Integer version, Task task,
      boolean trusted) {
    this.trusted = trusted;
    this.path = path;
    this.name = name;
    this.shipped = shipped;
    this.export = export;
    this.version = version;
    this.task = task;
  }

  /**
   * The model at {@code location}, checked on the driver.
   *
   * @param requireExport whether it must be a bertune export (score) or may be a BERT SavedModel (embed)
   * @param trusted whether to run an export that {@link ModelAudit} refuses (every export is checked here, on the
   *     driver)
   */
  static ModelRef of(SparkSession spark, String location, boolean requireExport, boolean trusted) {
    URI uri = URI.create(location.replace('\\', '/'));
    boolean local = uri.getScheme() == null || uri.getScheme().equals("file");
    Path localDir = local ? Path.of(uri.getScheme() == null ? location : uri.getPath()).toAbsolutePath().normalize()
        : copyMetadata(spark, location);
    String name = local ? localDir.getFileName().toString() : lastSegment(uri.getPath());
    if (!Files.isRegularFile(localDir.resolve("saved_model.pb"))) {
      throw new BertuneException("no SavedModel at " + location + " (expected saved_model.pb there); give an"
          + " export's version folder, such as savedmodel/export/review-classifier/1");
    }
    boolean export = TextEmbedder.isExport(localDir);
    if (requireExport && !export) {
      throw new BertuneException(location + " is not a bertune export (no assets.extra/tokenizer-config.json)");
    }
    if (export) { // an export is audited for score and embed alike; the pretrained BERT (model.dir) is not
      ModelAudit.requireTrusted(localDir, trusted);
    }
    if (export && dev.bertune.run.TokenizerSettingsFile.read(localDir).textPair()) {
      throw new BertuneException(location + " takes text pairs (trained with data.text-pair-column): "
          + (requireExport ? "score" : "embed") + " does not take text pairs yet; use predict, evaluate, serve or"
          + " TextClassifier.scorePairs");
    }
    Task task = export ? TaskFile.read(localDir) : null;
    Integer version = name.matches("\\d{1,9}") ? Integer.valueOf(name) : null;
    if (!local) {
      spark.sparkContext().addFile(location, true);
      FileTrees.deleteRecursively(localDir);
    }
    return new ModelRef(local ? localDir.toString() : location, name, !local, export, version, task, trusted);
  }

  /** The export's assets.extra/ (and saved_model.pb's presence) in a local temporary folder. */
  private static Path copyMetadata(SparkSession spark, String location) {
    try {
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(location);
      FileSystem fs = dir.getFileSystem(conf);
      Path tmp = Files.createTempDirectory("bertune-model-");
      org.apache.hadoop.fs.Path pb = new org.apache.hadoop.fs.Path(dir, "saved_model.pb");
      if (fs.exists(pb)) { // the graph, for ModelAudit (small: the weights are in variables/)
        fs.copyToLocalFile(false, pb, new org.apache.hadoop.fs.Path(tmp.resolve("saved_model.pb").toUri()), true);
      }
      org.apache.hadoop.fs.Path extra = new org.apache.hadoop.fs.Path(dir, "assets.extra");
      if (fs.exists(extra)) {
        fs.copyToLocalFile(false, extra, new org.apache.hadoop.fs.Path(tmp.toUri()), true);
      }
      return tmp;
    } catch (IOException e) {
      throw new BertuneException("cannot read the model at " + location + ": " + e.getMessage(), e);
    }
  }

  private static String lastSegment(String path) {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return p.substring(p.lastIndexOf('/') + 1);
  }

  /** The folder on this node (an executor or the driver) that holds the model. */
  Path localDir() {
    if (!shipped && Files.isDirectory(Path.of(path))) {
      return Path.of(path);
    }
    Path fromFiles = Path.of(SparkFiles.get(name));
    if (Files.isDirectory(fromFiles)) {
      return fromFiles;
    }
    throw new BertuneException("this node has no model at " + path + (shipped ? "" : " (nor in Spark's files as "
        + fromFiles + ")") + ": put it on a path every node reads, or ship it with --archives");
  }

  /** The export's task (driver only). */
  Task task() {
    return task;
  }

  /** The export version, from its folder name (such as 3 in .../review-classifier/3), if it is a number. */
  Optional<Integer> version() {
    return Optional.ofNullable(version);
  }

  /** Whether the user trusts the model (--trust-model). */
  boolean trusted() {
    return trusted;
  }

  boolean isExport() {
    return export;
  }

  /** The path as the user gave it, made absolute when local. */
  String display() {
    return path;
  }

  /** What identifies the model in an executor's cache. */
  String key() {
    return (shipped ? "shipped:" : "local:") + path;
  }
}
