package dev.bertune.config;

/** Which weights train. */
public enum FineTuneMode {
  /** Only the dense head trains; BERT's weights stay bit-identical. */
  FROZEN,
  /** The head, BERT's pooler and its top {@code train.trainable-layers} encoder layers train. */
  PARTIAL,
  /** The head and every BERT weight, word embeddings included, train. */
  FULL
}
