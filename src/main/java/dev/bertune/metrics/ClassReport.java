package dev.bertune.metrics;

/**
 * One class's (or label's) figures. {@code auc} is NaN where undefined (label absent or always present);
 * {@code f1}, {@code precision} and {@code recall} are 0 when their denominator is 0.
 *
 * @param label     the class or label name
 * @param precision true positives / examples predicted as this class
 * @param recall    true positives / examples of this class
 * @param f1        {@code 2tp / (2tp + fp + fn)}
 * @param support   examples whose true class (or true label set) is (or contains) this one
 * @param predicted examples predicted as this class (or with this label)
 * @param auc       one-vs-rest ROC-AUC of this class's score
 */
public record ClassReport(String label, double precision, double recall, double f1, long support, long predicted,
                          double auc) {

    /**
     * The report of one class from its counts.
     *
     * @param label          the class or label name
     * @param truePositives  examples of this class predicted as this class
     * @param support        examples of this class
     * @param predicted      examples predicted as this class
     * @param auc            one-vs-rest ROC-AUC (NaN when undefined)
     */
    static ClassReport of(String label, long truePositives, long support, long predicted, double auc) {
        long falsePositives = predicted - truePositives;
        long falseNegatives = support - truePositives;
        double precision = safeDiv(truePositives, predicted);
        double recall = safeDiv(truePositives, support);
        double f1 = safeDiv(2.0 * truePositives, 2.0 * truePositives + falsePositives + falseNegatives);
        return new ClassReport(label, precision, recall, f1, support, predicted, auc);
    }

    /** Whether this class occurs in the truth or in the predictions (the classes that macro averages count). */
    boolean seen() {
        return support > 0 || predicted > 0;
    }

    /** {@code num / den}, or 0 when {@code den} is 0. */
    static double safeDiv(double num, double den) {
        return den == 0 ? 0.0 : num / den;
    }
}
