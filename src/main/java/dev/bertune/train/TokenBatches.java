package dev.bertune.train;

import dev.bertune.model.ClassifierModel;
import dev.bertune.pipeline.Batch;
import dev.bertune.pipeline.InputPipeline;
import java.util.Optional;

/** A {@link BatchStream} over the tf.data {@link InputPipeline}: token ids through the whole model. */
public final class TokenBatches implements BatchStream {
  private final InputPipeline pipeline;

  public TokenBatches(InputPipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  public void startEpoch(int epoch) {
    pipeline.startEpoch(epoch);
  }

  @Override
  public Optional<ModelBatch> next() {
    return pipeline.next().map(TokenBatch::new);
  }

  @Override
  public int batchesPerEpoch() {
    return pipeline.batchesPerEpoch();
  }

  @Override
  public int examples() {
    return pipeline.examples();
  }

  @Override
  public void close() {
    pipeline.close();
  }

  /** A token batch as a {@link ModelBatch}. */
  public record TokenBatch(Batch batch) implements ModelBatch {
    @Override
    public int size() {
      return batch.size();
    }

    @Override
    public float[][] labels() {
      return batch.labelRows();
    }

    @Override
    public long realTokens() {
      return batch.realTokens();
    }

    @Override
    public long computedTokens() {
      return batch.computedTokens();
    }

    @Override
    public ClassifierModel.StepResult train(ClassifierModel model, ClassifierModel.StepInputs in) {
      return model.trainStep(batch, in);
    }

    @Override
    public ClassifierModel.Predictions predict(ClassifierModel model) {
      return model.predict(batch, true);
    }

    @Override
    public void close() {
      batch.close();
    }
  }
}
