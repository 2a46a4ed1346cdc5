/**
 * The input pipeline: tokenized reviews cached as TFRecord files of {@code tf.train.Example}
 * ({@link dev.bertune.pipeline.TokenCache}), read back by TF's own dataset kernels in
 * {@link dev.bertune.pipeline.InputPipeline} (its own graph and session; seeded shuffle per epoch, length buckets,
 * batches padded to their longest member, prefetch), and {@link dev.bertune.pipeline.FeatureCache} for a frozen
 * encoder's outputs. Every {@link dev.bertune.pipeline.Batch} is owned by the caller and must be closed.
 */
package dev.bertune.pipeline;
