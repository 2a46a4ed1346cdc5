package dev.bertune.task;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bertune.data.Review;
import dev.bertune.data.Splits;
import dev.bertune.metrics.TaskMetrics;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * What a classifier predicts, and everything that follows from it: label order, the label vector stored for each
 * example, the head's width, the loss, the probability op, the metrics, the export's outputs and how a probability
 * row becomes a {@link Prediction}. One implementation per {@link TaskType}; the rest of bertune asks the task
 * instead of testing which one it is.
 *
 * <p>Shapes: B = batch, K = {@link #outputs()} (1 for binary, the number of labels otherwise).
 */
public sealed interface Task permits BinaryTask, MultiClassTask, MultiLabelTask {

  /** Which kind of task this is. */
  TaskType type();

  /** The label names in output order. */
  List<String> labels();

  /** What each output is the probability of: the positive label for binary tasks, every label otherwise. */
  default List<String> outputNames() {
    return labels();
  }

  /** Width of the head and of the label vector: 1 for binary, the number of labels otherwise. */
  int outputs();

  /**
   * The label vector of one example's labels, {@code [K]} of 0/1 (one-hot, multi-hot, or the positive flag).
   *
   * @return the vector, or empty with {@link #problem} telling why
   */
  Optional<float[]> target(List<String> labels);

  /** Why {@code labels} is not a valid label value for this task (null when valid). */
  String problem(List<String> labels);

  /**
   * Splits training reviews into train and validation the way this task's labels need: per class for single-label
   * tasks ({@link Splits#stratified}), keeping every label in both parts for multi-label ones
   * ({@link Splits#iterative}).
   */
  Splits.Split split(List<Review> reviews, double validationFraction, long seed);

  /**
   * Per-example losses, {@code [B]}, of logits {@code [B, K]} against label vectors {@code [B, K]}; the training
   * loss is their mean over the batch.
   */
  Operand<TFloat32> exampleLosses(Ops tf, Operand<TFloat32> labels, Operand<TFloat32> logits);

  /** Probabilities {@code [B, K]} of logits {@code [B, K]} (sigmoid or softmax). */
  Operand<TFloat32> probabilities(Ops tf, Operand<TFloat32> logits);

  /** The same in Java, for one row of logits {@code [K]}. */
  float[] probabilities(float[] logits);

  /**
   * The exported {@code logits} and {@code probabilities} from the in-graph ones {@code [B, K]}: binary exports
   * keep TF Serving clients' {@code [-1]}, the others {@code [-1, K]}.
   */
  default Operand<TFloat32> servingOutput(Ops tf, Operand<TFloat32> output) {
    return output;
  }

  /** The shape the export declares for its two outputs ({@code [-1, K]}; binary: {@code [-1]}). */
  default long[] servingShape() {
    return new long[] {-1, outputs()};
  }

  /**
   * The task's metrics over probabilities {@code [N][K]} and label vectors {@code [N][K]}.
   *
   * @param meanLoss mean per-example loss, reported as is
   */
  TaskMetrics metrics(float[][] probabilities, float[][] targets, double meanLoss);

  /** The names of {@link #metrics}' scalars ({@code count} included), for monitors and reports. */
  List<String> metricNames();

  /** The epoch-log metric shown by the progress bar and the training curves next to the loss. */
  String runningMetric();

  /**
   * One example's share of {@link #runningMetric()}: {numerator, denominator} to add to a running sum
   * (accuracy: {correct, 1}; micro-F1: {2 TP, 2 TP + FP + FN}).
   */
  double[] tally(float[] probabilities, float[] target);

  /** The prediction for one row of probabilities {@code [K]}. */
  Prediction prediction(float[] probabilities);

  /**
   * A prediction as {@code predict} prints it, before the tab and the text: binary {@code 0.9731\tpositive} (the
   * positive class's probability), multi-class {@code 0.8120\tdrama} or with {@code top > 1} {@code drama 0.812,
   * comedy 0.110}, multi-label the labels over their thresholds {@code acting 0.912, music 0.774} (or
   * {@code (none)}).
   */
  String render(Prediction prediction, int top);

  /**
   * A prediction as JSON (without the text): {@code label} (single-label) or {@code labels} (multi-label), and
   * {@code probabilities} by name; binary also {@code probability}, the positive class's.
   */
  ObjectNode renderJson(Prediction prediction);

  /** The unweighted loss of one example in Java, from its logits and label vector {@code [K]} (for evaluate). */
  double exampleLoss(float[] logits, float[] target);

  /** Decision thresholds per output (binary: one; multi-class: none, argmax decides). */
  double[] thresholds();

  /** This task with other decision thresholds ({@code [K]}); multi-class tasks return themselves. */
  Task withThresholds(double[] thresholds);

  /** How the loss is computed, for logs and the report (e.g. "softmax cross-entropy, balanced class weights"). */
  String lossDescription();

  /** Settings that predictions need, as written to {@code task.json} ({@link TaskFile}). */
  ObjectNode json();
}
