package dev.bertune.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.is_valid_utf8;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.bertune.BertuneException;
import dev.bertune.data.OnInvalid;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The table of texts a job reads: Parquet, CSV or TSV with a header, or JSON Lines, one file or a folder of them
 * (the format from the extension, or {@code --format}); the text column and an id column, or a generated {@code
 * row_id}. {@link #check} finds the rows whose text is null, empty or not valid UTF-8 before any model runs.
 */
final class TableInput {
  static final String ROW_ID = "row_id";
  static final List<String> FORMATS = List.of("parquet", "csv", "tsv", "json");
  private static final String TEXT = "__text";
  private static final String FILE = "__file";
  private static final String PROBLEM = "__problem";

  private final Dataset<Row> rows; // id, __text, __file
  private final String idColumn;
  private final String source;

  private TableInput(Dataset<Row> rows, String idColumn, String source) {
    this.rows = rows;
    this.idColumn = idColumn;
    this.source = source;
  }

  /** Reads {@code options.input()} and checks that its columns are there. */
  static TableInput read(SparkSession spark, JobOptions options) {
    String format = options.format().map(f -> f.toLowerCase(Locale.ROOT)).orElseGet(() -> detect(spark, options));
    if (!FORMATS.contains(format)) {
      throw new BertuneException("--format " + format + " is not one of " + FORMATS);
    }
    Dataset<Row> table;
    try {
      table = reader(spark, format).load(options.input());
    } catch (RuntimeException e) {
      throw new BertuneException("cannot read " + options.input() + " as " + format + ": " + firstLine(e), e);
    }
    StructField text = field(table, options.textColumn(), "--text-column", options.input());
    if (!text.dataType().equals(DataTypes.StringType)) {
      throw new BertuneException(options.input() + ": the text column '" + text.name() + "' holds "
          + text.dataType().simpleString() + ", not text");
    }
    Column file = col("_metadata.file_path");
    Dataset<Row> selected;
    String id;
    if (options.idColumn().isPresent()) {
      id = field(table, options.idColumn().get(), "--id-column", options.input()).name();
      selected = table.select(col("`" + id + "`"), col("`" + text.name() + "`").as(TEXT), file.as(FILE));
    } else {
      id = ROW_ID;
      selected = withRowIds(spark, table.select(col("`" + text.name() + "`").as(TEXT), file.as(FILE)));
    }
    return new TableInput(selected, id, options.input() + " (" + format + ")");
  }

  private static DataFrameReader reader(SparkSession spark, String format) {
    return switch (format) {
      case "csv", "tsv" -> spark.read().format("csv").option("header", "true").option("multiLine", "true")
          .option("escape", "\"").option("sep", format.equals("tsv") ? "\t" : ",");
      case "json" -> spark.read().format("json");
      default -> spark.read().format(format);
    };
  }

  /** The format of a file by its extension, or of a folder by the extension all its data files share. */
  private static String detect(SparkSession spark, JobOptions options) {
    try {
      Path path = new Path(options.input());
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        throw new BertuneException("no input at " + options.input());
      }
      List<String> formats = Arrays.stream(fs.isDirectory(path) ? fs.listStatus(path) : new FileStatus[] {
          fs.getFileStatus(path)}).map(s -> s.getPath().getName()).filter(n -> !n.startsWith(".") && !n.startsWith("_"))
          .map(TableInput::formatOf).distinct().toList();
      if (formats.size() != 1 || formats.get(0).isEmpty()) {
        throw new BertuneException("cannot tell the format of " + options.input() + " from its file names"
            + (formats.isEmpty() ? " (no data files)" : "") + ": give --format, one of " + FORMATS);
      }
      return formats.get(0);
    } catch (IOException e) {
      throw new BertuneException("cannot read " + options.input() + ": " + e.getMessage(), e);
    }
  }

  private static String formatOf(String name) {
    String n = name.toLowerCase(Locale.ROOT).replaceAll("\\.(gz|bz2|snappy|zst|lz4)$", "");
    if (n.endsWith(".parquet")) {
      return "parquet";
    }
    if (n.endsWith(".csv")) {
      return "csv";
    }
    if (n.endsWith(".tsv") || n.endsWith(".tab")) {
      return "tsv";
    }
    return n.endsWith(".jsonl") || n.endsWith(".json") || n.endsWith(".ndjson") ? "json" : "";
  }

  private static StructField field(Dataset<Row> table, String name, String option, String input) {
    for (StructField f : table.schema().fields()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    throw new BertuneException(input + " has no column '" + name + "' (" + option + "); its columns: "
        + Arrays.toString(table.schema().fieldNames()));
  }

  /** Numbers the rows 0, 1, ... in input order (the order Spark lists the files in, then their rows). */
  private static Dataset<Row> withRowIds(SparkSession spark, Dataset<Row> table) {
    StructType schema = new StructType().add(ROW_ID, DataTypes.LongType, false).add(TEXT, DataTypes.StringType)
        .add(FILE, DataTypes.StringType);
    var numbered = table.javaRDD().zipWithIndex()
        .map(t -> RowFactory.create(t._2(), t._1().get(0), t._1().get(1)));
    return spark.createDataFrame(numbered, schema);
  }

  /** The rows to run, and how many. */
  record Checked(Dataset<Row> rows, long valid) {}

  /**
   * Finds the rows whose text is null, empty or not valid UTF-8 (Spark's CSV and JSON readers turn invalid bytes
   * into U+FFFD; Parquet keeps them): with {@code fail}, the first one is an error naming its file and id; with
   * {@code skip}, they are left out and counted. Returns the (id, text) rows to run.
   */
  Checked check(OnInvalid onInvalid, PrintStream log) {
    Column t = col(TEXT);
    Column problem = when(t.isNull(), lit("no text (null)")).when(trim(t).equalTo(""), lit("an empty text"))
        .when(is_valid_utf8(t).equalTo(false).or(t.contains("\uFFFD")), lit("text that is not valid UTF-8"));
    Dataset<Row> marked = rows.withColumn(PROBLEM, problem);
    long valid = 0;
    List<Row> counts = marked.groupBy(PROBLEM).count().collectAsList(); // one pass over the texts
    for (Row r : counts) {
      if (r.isNullAt(0)) {
        valid = r.getLong(1);
      } else if (onInvalid == OnInvalid.FAIL) {
        Row first = marked.filter(col(PROBLEM).isNotNull()).select(col(FILE), col("`" + idColumn + "`"), col(PROBLEM))
            .limit(1).collectAsList().get(0);
        throw new BertuneException(first.getString(0) + ": the row with " + idColumn + " " + first.get(1) + " has "
            + first.getString(2) + " (--on-invalid skip leaves such rows out)");
      } else {
        log.printf(Locale.ROOT, "skipped %,d rows with %s%n", r.getLong(1), r.getString(0));
      }
    }
    Dataset<Row> good = marked.filter(col(PROBLEM).isNull()).select(col("`" + idColumn + "`"), col(TEXT));
    log.printf(Locale.ROOT, "input: %,d rows from %s%n", valid, source);
    if (valid == 0) {
      throw new BertuneException(source + " has no row to run (" + (onInvalid == OnInvalid.SKIP
          ? "all were skipped" : "it is empty") + ")");
    }
    return new Checked(good, valid);
  }

  private static String firstLine(RuntimeException e) {
    String m = String.valueOf(e.getMessage());
    return m.lines().findFirst().orElse(m);
  }
}
