package dev.bertune.task;

/** {@code head.loss}: how the head's outputs are turned into probabilities and a loss. */
public enum LossFunction {
  /** Softmax for multi-class tasks, sigmoid for binary and multi-label ones. */
  AUTO,
  /** One sigmoid per output and sigmoid cross-entropy (one-vs-rest for multi-class tasks). */
  SIGMOID,
  /** One softmax over the outputs and softmax cross-entropy (multi-class only). */
  SOFTMAX
}
