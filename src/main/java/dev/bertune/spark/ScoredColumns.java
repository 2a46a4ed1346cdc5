package dev.bertune.spark;

import dev.bertune.task.Prediction;
import dev.bertune.task.Task;
import dev.bertune.task.TaskType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The columns {@code score} writes per row: the id column as it came; {@code label} (binary, multi-class) or
 * {@code labels} (multi-label: an array, or in CSV the labels joined by commas); each label's probability, as
 * {@code prob_<label>} columns for up to {@link #MAX_NAMED} labels (and always in CSV), else one {@code
 * probabilities} map column; {@code model_version}, the export's version number.
 */
final class ScoredColumns implements Serializable {
  /** Most labels that get a column each; more go into one map column. */
  static final int MAX_NAMED = 16;
  static final String PROBABILITIES = "probabilities";
  static final String VERSION = "model_version";

  private final List<String> labels;
  private final boolean multiLabel;
  private final boolean csv;
  private final List<String> probabilityColumns; // empty: one map column
  private final Integer version;

  ScoredColumns(Task task, Optional<Integer> version, String outputFormat) {
    this.labels = List.copyOf(task.labels());
    this.multiLabel = task.type() == TaskType.MULTI_LABEL;
    this.csv = outputFormat.equals("csv");
    this.probabilityColumns = labels.size() <= MAX_NAMED || csv ? columnNames(labels) : List.of();
    this.version = version.orElse(null);
  }

  /** The label column of {@code task}'s output. */
  static String labelColumn(Task task) {
    return task.type() == TaskType.MULTI_LABEL ? "labels" : "label";
  }

  /** {@code prob_<label>}, with characters other than letters, digits and _ as _, made unique. */
  static List<String> columnNames(List<String> labels) {
    Set<String> seen = new HashSet<>();
    List<String> names = new ArrayList<>();
    for (String label : labels) {
      String base = "prob_" + label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
      String name = base;
      for (int i = 2; !seen.add(name); i++) {
        name = base + "_" + i;
      }
      names.add(name);
    }
    return names;
  }

  Encoder<Row> encoder(Dataset<Row> input) {
    StructType s = new StructType().add(input.schema().fields()[0]);
    if (multiLabel) {
      s = s.add("labels", csv ? DataTypes.StringType : DataTypes.createArrayType(DataTypes.StringType, false), false);
    } else {
      s = s.add("label", DataTypes.StringType, false);
    }
    if (probabilityColumns.isEmpty()) {
      s = s.add(PROBABILITIES, DataTypes.createMapType(DataTypes.StringType, DataTypes.FloatType, false), false);
    } else {
      for (String c : probabilityColumns) {
        s = s.add(c, DataTypes.FloatType, false);
      }
    }
    return Encoders.row(s.add(VERSION, DataTypes.IntegerType, true));
  }

  /** The output row of the input row with {@code id}. */
  Row row(Object id, Prediction p) {
    List<Object> values = new ArrayList<>(labels.size() + 3);
    values.add(id);
    if (multiLabel) {
      values.add(csv ? String.join(",", p.labels()) : p.labels().toArray(new String[0]));
    } else {
      values.add(p.label());
    }
    if (probabilityColumns.isEmpty()) {
      Map<String, Float> map = new LinkedHashMap<>(p.probabilities());
      values.add(scala.jdk.javaapi.CollectionConverters.asScala(map));
    } else {
      for (String label : labels) {
        values.add(p.probability(label));
      }
    }
    values.add(version);
    return RowFactory.create(values.toArray());
  }
}
