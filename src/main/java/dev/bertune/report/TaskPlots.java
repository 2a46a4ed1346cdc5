package dev.bertune.report;

import dev.bertune.metrics.BinaryMetrics;
import dev.bertune.metrics.ClassReport;
import dev.bertune.metrics.MultiClassMetrics;
import dev.bertune.metrics.MultiLabelMetrics;
import dev.bertune.metrics.RocPoint;
import dev.bertune.metrics.TaskMetrics;
import dev.bertune.task.Task;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plots of a test set, chosen by the kind of its metrics: binary ROC curve and 2 x 2 confusion matrix;
 * multi-class K x K confusion heat map and per-class F1 bars; multi-label per-label F1 bars and per-label ROC curves.
 */
public final class TaskPlots {
  private TaskPlots() {}

  /**
   * Draws the plots into {@code dir} and returns their file names.
   *
   * @param probabilities [N][K] test probabilities
   * @param targets [N][K] test label vectors
   */
  public static List<String> draw(Path dir, Task task, TaskMetrics metrics, float[][] probabilities,
      float[][] targets) throws IOException {
    List<String> images = new ArrayList<>();
    if (metrics instanceof BinaryMetrics m) {
      if (!Double.isNaN(m.auc())) {
        Plots.roc(dir.resolve("roc.png"), BinaryMetrics.rocCurve(column(probabilities, 0), truth(targets, 0)),
            m.auc());
        images.add("roc.png");
      }
      Plots.confusionMatrix(dir.resolve("confusion-matrix.png"), m.truePositives(), m.falsePositives(),
          m.trueNegatives(), m.falseNegatives());
      images.add("confusion-matrix.png");
    } else if (metrics instanceof MultiClassMetrics m) {
      Plots.confusionMatrix(dir.resolve("confusion-matrix.png"), m.labels(), m.confusion());
      images.add("confusion-matrix.png");
      Plots.perLabelF1(dir.resolve("per-class-f1.png"), "F1 per class (test)", m.perClass());
      images.add("per-class-f1.png");
    } else if (metrics instanceof MultiLabelMetrics m) {
      Plots.perLabelF1(dir.resolve("per-label-f1.png"), "F1 per label (test)", m.perLabel());
      images.add("per-label-f1.png");
      Map<String, List<RocPoint>> curves = new LinkedHashMap<>();
      Map<String, Double> aucs = new LinkedHashMap<>();
      for (int k = 0; k < task.outputs(); k++) {
        ClassReport r = m.perLabel().get(k);
        if (!Double.isNaN(r.auc())) {
          curves.put(r.label(), BinaryMetrics.rocCurve(column(probabilities, k), truth(targets, k)));
          aucs.put(r.label(), r.auc());
        }
      }
      if (!curves.isEmpty()) {
        Plots.rocCurves(dir.resolve("roc.png"), curves, aucs);
        images.add("roc.png");
      }
    }
    return images;
  }

  private static float[] column(float[][] rows, int k) {
    float[] out = new float[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rows[i][k];
    }
    return out;
  }

  private static int[] truth(float[][] rows, int k) {
    int[] out = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = Math.round(rows[i][k]);
    }
    return out;
  }
}
