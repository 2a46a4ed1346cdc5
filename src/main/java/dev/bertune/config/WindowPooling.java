package dev.bertune.config;

/**
 * How the feature vectors of a text's windows ({@code tokenizer.long-text = windows}) become the one vector the head
 * reads ({@code head.window-pooling}).
 */
public enum WindowPooling {
  /** The mean of the windows' vectors. */
  MEAN,
  /** The element-wise maximum of the windows' vectors. */
  MAX,
  /** A learned weighting: softmax over the windows of {@code vector · w / sqrt(H)}, H parameters trained with the head. */
  ATTENTION
}
