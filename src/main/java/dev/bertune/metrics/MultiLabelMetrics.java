package dev.bertune.metrics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Multi-label metrics for one evaluation pass: each example carries any subset of K labels.
 *
 * <p>Conventions: label k is predicted when {@code probability >= thresholds[k]}. Micro F1 pools the counts of all
 * labels; macro F1 averages the per-label F1 over the labels that occur in the truth or in the predictions (the
 * rule of {@link MultiClassMetrics}); macro AUC averages the defined per-label AUCs and is NaN when none is defined.
 * Subset accuracy is the share of examples whose predicted set equals the true set (two empty sets are equal);
 * Hamming loss is the share of wrong (example, label) cells. Every figure but macro AUC is 0 when there are no
 * examples. {@code loss} is whatever mean loss the caller supplied.
 *
 * @param loss           mean loss, as supplied
 * @param microF1        {@code 2 sum(tp) / (2 sum(tp) + sum(fp) + sum(fn))}
 * @param macroF1        mean per-label F1 over the labels seen in the truth or in the predictions
 * @param subsetAccuracy share of examples with exactly the true label set predicted
 * @param hammingLoss    wrong cells / (N * K)
 * @param macroAuc       mean of the defined per-label AUCs
 * @param count          number of examples
 * @param labels         label names, index order
 * @param thresholds     the per-label decision thresholds used
 * @param perLabel       one report per label, index order
 */
public record MultiLabelMetrics(double loss, double microF1, double macroF1, double subsetAccuracy,
                                double hammingLoss, double macroAuc, long count, List<String> labels,
                                double[] thresholds, List<ClassReport> perLabel) implements TaskMetrics {

    /** Copies the lists and the thresholds, so the record cannot change after it is built. */
    public MultiLabelMetrics {
        labels = List.copyOf(labels);
        thresholds = thresholds.clone();
        perLabel = List.copyOf(perLabel);
    }

    /**
     * Computes all metrics.
     *
     * @param labels        label names, at least 1, index order
     * @param probabilities {@code [N][K]} finite probabilities
     * @param truth         {@code [N][K]} true label sets
     * @param thresholds    {@code [K]} decision thresholds: label k is predicted when {@code p >= thresholds[k]}
     * @param meanLoss      mean loss over the examples, reported as is
     * @throws IllegalArgumentException when the shapes disagree, a probability is not finite or a threshold is NaN
     */
    public static MultiLabelMetrics compute(List<String> labels, float[][] probabilities, boolean[][] truth,
                                            double[] thresholds, double meanLoss) {
        validate(labels, probabilities, truth, thresholds);
        int k = labels.size();
        int n = truth.length;
        long[] tp = new long[k];
        long[] support = new long[k];
        long[] predicted = new long[k];
        long exactMatches = 0;
        long wrongCells = 0;
        for (int i = 0; i < n; i++) {
            long wrongHere = 0;
            for (int j = 0; j < k; j++) {
                boolean yes = probabilities[i][j] >= thresholds[j];
                boolean actual = truth[i][j];
                tp[j] += yes && actual ? 1 : 0;
                support[j] += actual ? 1 : 0;
                predicted[j] += yes ? 1 : 0;
                wrongHere += yes != actual ? 1 : 0;
            }
            exactMatches += wrongHere == 0 ? 1 : 0;
            wrongCells += wrongHere;
        }
        List<ClassReport> perLabel = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            double auc = BinaryMetrics.auc(Reports.column(probabilities, j), column(truth, j));
            perLabel.add(ClassReport.of(labels.get(j), tp[j], support[j], predicted[j], auc));
        }
        return new MultiLabelMetrics(meanLoss, microF1(tp, support, predicted), Reports.macroF1(perLabel),
                ClassReport.safeDiv(exactMatches, n), ClassReport.safeDiv(wrongCells, (double) n * k),
                macroAuc(perLabel), n, labels, thresholds, perLabel);
    }

    /** Scalar metrics in display order: loss, micro_f1, macro_f1, subset_accuracy, hamming_loss, macro_auc, count. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", loss);
        m.put("micro_f1", microF1);
        m.put("macro_f1", macroF1);
        m.put("subset_accuracy", subsetAccuracy);
        m.put("hamming_loss", hammingLoss);
        m.put("macro_auc", macroAuc);
        m.put("count", (double) count);
        return m;
    }

    /** The names {@link #asMap()} has, in the same order (for validating a monitor name before any data exists). */
    public static List<String> metricNames() {
        return List.of("loss", "micro_f1", "macro_f1", "subset_accuracy", "hamming_loss", "macro_auc", "count");
    }

    /**
     * One line, e.g. {@code micro-F1 0.8100, macro-F1 0.7900, subset accuracy 0.6000, Hamming loss 0.0500,
     * macro AUC 0.9400, loss 0.2000 (150 reviews)}; an undefined macro AUC reads {@code n/a}.
     */
    public String describe() {
        return "micro-F1 " + Reports.figure(microF1) + ", macro-F1 " + Reports.figure(macroF1)
                + ", subset accuracy " + Reports.figure(subsetAccuracy) + ", Hamming loss "
                + Reports.figure(hammingLoss) + ", macro AUC " + Reports.figure(macroAuc) + ", loss "
                + Reports.figure(loss) + " (" + count + " reviews)";
    }

    /** A copy of the per-label decision thresholds. */
    @Override
    public double[] thresholds() {
        return thresholds.clone();
    }

    private static double microF1(long[] tp, long[] support, long[] predicted) {
        double twiceTp = 0;
        double errors = 0; // fp + fn
        for (int j = 0; j < tp.length; j++) {
            twiceTp += 2.0 * tp[j];
            errors += (predicted[j] - tp[j]) + (support[j] - tp[j]);
        }
        return ClassReport.safeDiv(twiceTp, twiceTp + errors);
    }

    private static double macroAuc(List<ClassReport> perLabel) {
        double sum = 0;
        int defined = 0;
        for (ClassReport r : perLabel) {
            if (!Double.isNaN(r.auc())) {
                sum += r.auc();
                defined++;
            }
        }
        return defined == 0 ? Double.NaN : sum / defined;
    }

    private static int[] column(boolean[][] truth, int k) {
        int[] column = new int[truth.length];
        for (int i = 0; i < truth.length; i++) {
            column[i] = truth[i][k] ? 1 : 0;
        }
        return column;
    }

    private static void validate(List<String> labels, float[][] probabilities, boolean[][] truth,
                                 double[] thresholds) {
        Reports.checkLabels(labels, 1);
        int k = labels.size();
        Reports.checkScores(probabilities, k, "probabilities");
        if (truth == null || truth.length != probabilities.length) {
            throw new IllegalArgumentException("length mismatch: " + probabilities.length + " probability rows vs "
                    + (truth == null ? "no" : truth.length) + " truth rows");
        }
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == null || truth[i].length != k) {
                throw new IllegalArgumentException("truth row " + i + " has "
                        + (truth[i] == null ? "no" : truth[i].length) + " values, expected " + k);
            }
        }
        if (thresholds == null || thresholds.length != k) {
            throw new IllegalArgumentException("need " + k + " thresholds, got "
                    + (thresholds == null ? "none" : thresholds.length));
        }
        for (int j = 0; j < k; j++) {
            if (Double.isNaN(thresholds[j])) {
                throw new IllegalArgumentException("threshold " + j + " is NaN");
            }
        }
    }

    /** The per-label figures. */
    @Override
    public List<ClassReport> perClass() {
        return perLabel;
    }

    /** {@link #asMap()}'s scalars, then per-label figures and thresholds. */
    @Override
    public ObjectNode json() {
        ObjectNode n = TaskMetrics.scalars(asMap());
        TaskMetrics.perClass(n.putObject("per_label"), perLabel);
        ObjectNode t = n.putObject("thresholds");
        for (int k = 0; k < labels.size(); k++) {
            t.put(labels.get(k), thresholds[k]);
        }
        return n;
    }
}
