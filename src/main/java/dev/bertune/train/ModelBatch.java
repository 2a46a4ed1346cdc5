package dev.bertune.train;

import dev.bertune.model.ClassifierModel;

/** One batch in the form the model takes it; knows which model call consumes it. Close it. */
public interface ModelBatch extends AutoCloseable {
  int size();

  /** Label vectors [B][K] of 0/1. */
  float[][] labels();

  /** Padding statistics: real and computed tokens (0 for feature batches, which run no encoder). */
  long realTokens();

  long computedTokens();

  ClassifierModel.StepResult train(ClassifierModel model, ClassifierModel.StepInputs in);

  ClassifierModel.Predictions predict(ClassifierModel model);

  @Override
  void close();
}
