package dev.bertune.metrics;

/**
 * One point of a ROC curve: an example is predicted positive when its probability is {@code >= threshold}.
 *
 * @param fpr       false-positive rate at this threshold (FP / negatives)
 * @param tpr       true-positive rate (recall) at this threshold (TP / positives)
 * @param threshold decision threshold; {@code +Infinity} for the initial (0,0) point
 */
public record RocPoint(double fpr, double tpr, double threshold) {
}
