package dev.bertune.task;

import java.util.List;
import java.util.Optional;

/**
 * What the configuration says about the task ({@code task.*}, {@code head.loss}, {@code head.class-weights},
 * {@code head.positive-class-weight}, {@code train.threshold}); {@link TaskResolver} combines it with the data.
 *
 * @param type the task type, or empty for {@code auto} (inferred from the training labels)
 * @param labels the label order (and the only labels allowed); empty: the sorted labels of the training data
 * @param loss {@code head.loss}
 * @param classWeights {@code head.class-weights} (binary, multi-class)
 * @param positiveWeights {@code head.positive-class-weight} (binary: one number; multi-label: per label)
 * @param threshold {@code train.threshold}: the decision threshold of sigmoid outputs
 * @param tuneThresholds {@code task.tune-thresholds}: choose each label's threshold on validation (multi-label)
 * @param topK {@code task.top-k}: the k of top-k accuracy (multi-class)
 * @param allowDegenerateLabels {@code task.allow-degenerate-labels}: train on one class, or on a multi-label label
 *     that never or always occurs, with a warning instead of an error
 */
public record TaskSettings(Optional<TaskType> type, List<String> labels, LossFunction loss, ClassWeights classWeights,
    LabelWeights positiveWeights, double threshold, boolean tuneThresholds, int topK,
    boolean allowDegenerateLabels) {

  /** Settings that refuse degenerate training labels. */
  public TaskSettings(Optional<TaskType> type, List<String> labels, LossFunction loss, ClassWeights classWeights,
      LabelWeights positiveWeights, double threshold, boolean tuneThresholds, int topK) {
    this(type, labels, loss, classWeights, positiveWeights, threshold, tuneThresholds, topK, false);
  }

  /** Copies the label list. */
  public TaskSettings {
    labels = List.copyOf(labels);
  }

  /** Defaults: auto, labels from the data, unweighted, threshold 0.5, top-3. */
  public static TaskSettings defaults() {
    return new TaskSettings(Optional.empty(), List.of(), LossFunction.AUTO, ClassWeights.NONE, LabelWeights.NONE, 0.5,
        false, 3);
  }

  /** A copy with another type. */
  public TaskSettings withType(TaskType other) {
    return new TaskSettings(Optional.of(other), labels, loss, classWeights, positiveWeights, threshold,
        tuneThresholds, topK, allowDegenerateLabels);
  }

  /** A copy with a fixed label order. */
  public TaskSettings withLabels(List<String> other) {
    return new TaskSettings(type, other, loss, classWeights, positiveWeights, threshold, tuneThresholds, topK,
        allowDegenerateLabels);
  }
}
