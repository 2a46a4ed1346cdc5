package dev.bertune.config;

/** What the classification head reads from BERT. */
public enum FeatureSource {
  /** BERT's pooled output: tanh(dense([CLS])), [B, H]. */
  POOLED,
  /** The [CLS] vector of the sequence output, [B, H]. */
  CLS
}
