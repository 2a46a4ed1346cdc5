package dev.bertune.run;

import dev.bertune.metrics.ClassReport;
import dev.bertune.metrics.TaskMetrics;
import dev.bertune.task.Task;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a trained classifier is no better than chance: a validation AUC within {@value #MARGIN} of 0.5 (binary
 * {@code auc}, multi-label {@code macro_auc}, multi-class the mean of the per-class one-vs-rest AUCs), or the same
 * prediction for every test review. The run warns in its log and {@code report.md}, and with {@code
 * export.require-better-than-chance = true} exports nothing.
 */
final class ChanceCheck {
  static final double MARGIN = 0.02;

  private ChanceCheck() {}

  /** One warning per sign of a chance-level classifier; empty when there is none. */
  static List<String> warnings(Task task, Optional<TaskMetrics> validation, Optional<float[][]> testProbabilities) {
    List<String> warnings = new ArrayList<>();
    validation.flatMap(ChanceCheck::auc).filter(auc -> Math.abs(auc - 0.5) <= MARGIN).ifPresent(auc ->
        warnings.add(String.format(Locale.ROOT, "validation AUC %.3f is at chance (within %.2f of 0.5): the"
            + " classifier separates nothing", auc, MARGIN)));
    testProbabilities.filter(p -> p.length > 1).ifPresent(p -> {
      Set<List<String>> predicted = new HashSet<>();
      for (float[] row : p) {
        predicted.add(task.prediction(row).labels());
      }
      if (predicted.size() == 1) {
        List<String> only = predicted.iterator().next();
        warnings.add("every one of the " + p.length + " test predictions is "
            + (only.isEmpty() ? "the empty label set" : "'" + String.join(", ", only) + "'"));
      }
    });
    return warnings;
  }

  /** The task's AUC: binary auc, multi-label macro_auc, multi-class the mean per-class AUC. */
  static Optional<Double> auc(TaskMetrics m) {
    for (String key : List.of("auc", "macro_auc")) {
      Double v = m.asMap().get(key);
      if (v != null) {
        return Double.isFinite(v) ? Optional.of(v) : Optional.empty();
      }
    }
    double[] aucs = m.perClass().stream().mapToDouble(ClassReport::auc).filter(Double::isFinite).toArray();
    return aucs.length == 0 ? Optional.empty()
        : Optional.of(java.util.Arrays.stream(aucs).average().orElseThrow());
  }
}
