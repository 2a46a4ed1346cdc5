package dev.bertune.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The metrics of one evaluation pass, whatever the task: {@link BinaryMetrics}, {@link MultiClassMetrics} or
 * {@link MultiLabelMetrics}.
 */
public sealed interface TaskMetrics permits BinaryMetrics, MultiClassMetrics, MultiLabelMetrics {

  /** Mean per-example loss, as supplied by the caller (NaN when unknown). */
  double loss();

  /** Number of examples evaluated. */
  long count();

  /** The scalar metrics in display order, {@code count} included (the epoch logs' names, without {@code val_}). */
  Map<String, Double> asMap();

  /** One line for the log. */
  String describe();

  /** The per-class (or per-label) figures; empty for binary metrics. */
  default List<ClassReport> perClass() {
    return List.of();
  }

  /**
   * The metrics as JSON: the scalars of {@link #asMap()} ({@code count} an integer, NaN as null), plus what the
   * task adds (per-class figures, confusion matrix, thresholds).
   */
  default ObjectNode json() {
    return scalars(asMap());
  }

  /** Scalars as a JSON object: {@code count} as an integer, NaN and infinities as null. */
  static ObjectNode scalars(Map<String, Double> values) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    values.forEach((k, v) -> {
      if (k.equals("count")) {
        node.put(k, v.longValue());
      } else if (v == null || !Double.isFinite(v)) {
        node.putNull(k);
      } else {
        node.put(k, v);
      }
    });
    return node;
  }

  /** Each report as {@code label: {precision, recall, f1, support, predicted, auc}} inside {@code into}. */
  static void perClass(ObjectNode into, List<ClassReport> reports) {
    for (ClassReport r : reports) {
      ObjectNode c = into.putObject(r.label());
      c.set("precision", number(r.precision()));
      c.set("recall", number(r.recall()));
      c.set("f1", number(r.f1()));
      c.put("support", r.support());
      c.put("predicted", r.predicted());
      c.set("auc", number(r.auc()));
    }
  }

  /** A number for JSON: null when not finite. */
  static JsonNode number(double v) {
    return Double.isFinite(v) ? JsonNodeFactory.instance.numberNode(v) : JsonNodeFactory.instance.nullNode();
  }
}
