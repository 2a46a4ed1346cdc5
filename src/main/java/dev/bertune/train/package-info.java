/**
 * The Keras contract: {@link dev.bertune.train.Trainer} ({@code fit}, {@code evaluate}, {@code predict}) over
 * {@link dev.bertune.train.BatchStream}s, and {@link dev.bertune.train.Callback}s with no-op hooks (history,
 * progress bar, CSV logger, checkpoints, early stopping, TensorBoard). The trainer owns nothing native: streams and
 * the model belong to the caller; callbacks that own a graph ({@link dev.bertune.train.TensorBoard}) close it at
 * the end of training.
 */
package dev.bertune.train;
