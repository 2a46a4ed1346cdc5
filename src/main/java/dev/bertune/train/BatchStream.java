package dev.bertune.train;

import java.util.Optional;

/**
 * Batches for {@link Trainer}: token batches from the tf.data pipeline, or cached BERT features when the
 * encoder is frozen. Owned by the caller; close it.
 */
public interface BatchStream extends AutoCloseable {
  /** Restarts at the beginning; training streams reshuffle by {@code epoch} (0-based). */
  void startEpoch(int epoch);

  /** The next batch of the epoch, or empty at its end. The caller closes it. */
  Optional<ModelBatch> next();

  int batchesPerEpoch();

  int examples();

  @Override
  void close();
}
