/**
 * Classification metrics, one record per task type ({@link dev.bertune.metrics.BinaryMetrics},
 * {@link dev.bertune.metrics.MultiClassMetrics}, {@link dev.bertune.metrics.MultiLabelMetrics}, all
 * {@link dev.bertune.metrics.TaskMetrics}), computed at once over a pass's probabilities; ROC curves and F1-optimal
 * thresholds. Pure Java: no TensorFlow here.
 */
package dev.bertune.metrics;
