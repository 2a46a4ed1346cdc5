package dev.bertune.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Single-label multi-class metrics for one evaluation pass.
 *
 * <p>Conventions: the prediction is the argmax of the scores, ties going to the lowest class index (as numpy's
 * argmax). The true class is a top-k hit when its rank is below k, its rank being the number of classes with a
 * strictly higher score plus the number with an equal score and a lower index. {@code confusion[t][p]} counts the
 * examples of true class t predicted as p. Macro F1 averages over the classes that occur in the truth or in the
 * predictions (a class never seen and never predicted is left out, as scikit-learn does); weighted F1 weighs each
 * class by its support. Accuracy, top-k accuracy and both F1 averages are 0 when there are no examples.
 * {@code loss} is whatever mean loss the caller supplied.
 *
 * @param loss         mean loss, as supplied
 * @param accuracy     share of examples whose prediction is their true class
 * @param macroF1      unweighted mean F1 over the classes seen in the truth or in the predictions
 * @param weightedF1   support-weighted mean F1
 * @param topK         the k of {@code topKAccuracy}
 * @param topKAccuracy share of examples whose true class ranks below {@code topK}
 * @param count        number of examples
 * @param labels       class names, index order
 * @param perClass     one report per class, index order
 * @param confusion    K x K counts, rows the true class, columns the predicted class
 */
public record MultiClassMetrics(double loss, double accuracy, double macroF1, double weightedF1, int topK,
                                double topKAccuracy, long count, List<String> labels, List<ClassReport> perClass,
                                long[][] confusion) implements TaskMetrics {

    /** Copies the lists and the matrix, so the record cannot change after it is built. */
    public MultiClassMetrics {
        labels = List.copyOf(labels);
        perClass = List.copyOf(perClass);
        confusion = copy(confusion);
    }

    /**
     * Computes all metrics.
     *
     * @param labels   class names, at least 2, index order
     * @param scores   {@code [N][K]} probabilities or any finite scores, higher meaning more likely
     * @param truth    {@code [N]} true class indices in {@code 0..K-1}
     * @param meanLoss mean loss over the examples, reported as is
     * @param topK     the k of top-k accuracy, at least 1
     * @throws IllegalArgumentException when the shapes disagree, an index is out of range, a score is not finite,
     *                                  there are fewer than 2 classes or {@code topK < 1}
     */
    public static MultiClassMetrics compute(List<String> labels, float[][] scores, int[] truth, double meanLoss,
                                            int topK) {
        validate(labels, scores, truth, topK);
        int k = labels.size();
        int n = truth.length;
        long[][] confusion = new long[k][k];
        long correct = 0;
        long topKHits = 0;
        for (int i = 0; i < n; i++) {
            int predicted = argmax(scores[i]);
            confusion[truth[i]][predicted]++;
            if (predicted == truth[i]) {
                correct++;
            }
            if (rank(scores[i], truth[i]) < topK) {
                topKHits++;
            }
        }
        List<ClassReport> perClass = perClass(labels, scores, truth, confusion);
        double weightedF1 = 0;
        for (ClassReport r : perClass) {
            weightedF1 += r.f1() * r.support();
        }
        return new MultiClassMetrics(meanLoss, ClassReport.safeDiv(correct, n), Reports.macroF1(perClass),
                ClassReport.safeDiv(weightedF1, n), topK, ClassReport.safeDiv(topKHits, n), n, labels, perClass,
                confusion);
    }

    /**
     * Scalar metrics in display order: {@code loss, accuracy, macro_f1, weighted_f1, top_<k>_accuracy, count}; the
     * top-k entry (e.g. {@code top_2_accuracy}) is left out when {@code topK <= 1} or {@code topK >= K}, where it
     * would repeat accuracy or always be 1.
     */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", loss);
        m.put("accuracy", accuracy);
        m.put("macro_f1", macroF1);
        m.put("weighted_f1", weightedF1);
        if (reportsTopK(labels.size(), topK)) {
            m.put(topKName(topK), topKAccuracy);
        }
        m.put("count", (double) count);
        return m;
    }

    /**
     * The names {@link #asMap()} would have for these settings, in the same order (for validating a monitor name
     * before any data exists).
     *
     * @param numClasses number of classes, at least 2
     * @param topK       the k of top-k accuracy, at least 1
     */
    public static List<String> metricNames(int numClasses, int topK) {
        if (numClasses < 2 || topK < 1) {
            throw new IllegalArgumentException("need numClasses >= 2 and topK >= 1, got " + numClasses + ", " + topK);
        }
        List<String> names = new ArrayList<>(List.of("loss", "accuracy", "macro_f1", "weighted_f1"));
        if (reportsTopK(numClasses, topK)) {
            names.add(topKName(topK));
        }
        names.add("count");
        return Collections.unmodifiableList(names);
    }

    /**
     * One line, e.g. {@code accuracy 0.8100, macro-F1 0.7900, weighted-F1 0.8050, top-2 accuracy 0.9500,
     * loss 0.5000 (150 reviews)}; the top-k part follows the rule of {@link #asMap()}.
     */
    public String describe() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "accuracy %.4f, macro-F1 %.4f, weighted-F1 %.4f", accuracy, macroF1, weightedF1));
        if (reportsTopK(labels.size(), topK)) {
            s.append(String.format(Locale.ROOT, ", top-%d accuracy %.4f", topK, topKAccuracy));
        }
        s.append(String.format(Locale.ROOT, ", loss %.4f (%d reviews)", loss, count));
        return s.toString();
    }

    /** A copy of the confusion matrix (rows the true class, columns the predicted class). */
    @Override
    public long[][] confusion() {
        return copy(confusion);
    }

    /** Index of the highest score, the lowest index among equal highest scores. */
    static int argmax(float[] scores) {
        int best = 0;
        for (int j = 1; j < scores.length; j++) {
            if (scores[j] > scores[best]) {
                best = j;
            }
        }
        return best;
    }

    /** Classes scored strictly higher than {@code c}, plus those scored equal with a lower index. */
    static int rank(float[] scores, int c) {
        int rank = 0;
        for (int j = 0; j < scores.length; j++) {
            if (scores[j] > scores[c] || (scores[j] == scores[c] && j < c)) {
                rank++;
            }
        }
        return rank;
    }

    private static List<ClassReport> perClass(List<String> labels, float[][] scores, int[] truth,
                                              long[][] confusion) {
        int k = labels.size();
        List<ClassReport> reports = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            long support = 0;
            long predicted = 0;
            for (int j = 0; j < k; j++) {
                support += confusion[c][j];
                predicted += confusion[j][c];
            }
            int[] isClass = new int[truth.length];
            for (int i = 0; i < truth.length; i++) {
                isClass[i] = truth[i] == c ? 1 : 0;
            }
            double auc = BinaryMetrics.auc(Reports.column(scores, c), isClass);
            reports.add(ClassReport.of(labels.get(c), confusion[c][c], support, predicted, auc));
        }
        return reports;
    }

    private static boolean reportsTopK(int numClasses, int topK) {
        return topK > 1 && topK < numClasses;
    }

    private static String topKName(int topK) {
        return "top_" + topK + "_accuracy";
    }

    private static void validate(List<String> labels, float[][] scores, int[] truth, int topK) {
        Reports.checkLabels(labels, 2);
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be >= 1, got " + topK);
        }
        if (truth == null) {
            throw new IllegalArgumentException("truth must not be null");
        }
        int k = labels.size();
        Reports.checkScores(scores, k, "scores");
        if (scores.length != truth.length) {
            throw new IllegalArgumentException("length mismatch: " + scores.length + " score rows vs "
                    + truth.length + " true classes");
        }
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0 || truth[i] >= k) {
                throw new IllegalArgumentException("true class at " + i + " is " + truth[i] + ", expected 0.."
                        + (k - 1));
            }
        }
    }

    private static long[][] copy(long[][] matrix) {
        long[][] out = new long[matrix.length][];
        for (int i = 0; i < matrix.length; i++) {
            out[i] = matrix[i].clone();
        }
        return out;
    }


    /** {@link #asMap()}'s scalars, then per-class figures and the confusion matrix. */
    @Override
    public ObjectNode json() {
        ObjectNode n = TaskMetrics.scalars(asMap());
        TaskMetrics.perClass(n.putObject("per_class"), perClass);
        ObjectNode cm = n.putObject("confusion_matrix");
        labels.forEach(cm.putArray("labels")::add);
        ArrayNode rows = cm.putArray("counts");
        for (long[] row : confusion) {
            ArrayNode r = rows.addArray();
            for (long v : row) {
                r.add(v);
            }
        }
        cm.put("rows", "true label");
        cm.put("columns", "predicted label");
        return n;
    }
}
