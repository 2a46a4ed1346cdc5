package dev.bertune.config;

import dev.bertune.data.DataOptions;
import dev.bertune.task.TaskSettings;
import dev.bertune.text.TextWindows;
import dev.bertune.text.Truncation;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The whole configuration of a run, read eagerly from HOCON into immutable records by {@link ConfigLoader}.
 * Every default and its meaning is in {@code reference.conf}.
 *
 * @param rendered the resolved configuration as HOCON, written to the run directory and the export
 */
public record BertuneConfig(
    Model model,
    TokenizerSettings tokenizer,
    Data data,
    TaskSettings task,
    Head head,
    Train train,
    Callbacks callbacks,
    Pipeline pipeline,
    Runtime runtime,
    Run run,
    Export export,
    String rendered) {

  /** {@code model.*}: where the pretrained BERT is and how its signature is named. */
  public record Model(
      Path dir, String tag, String signature, String inputIds, String inputMask, String segmentIds,
      String pooledOutput, String sequenceOutput, Optional<Boolean> lowerCase, boolean clsOnlyTopLayer,
      Optional<Boolean> einsumAttention, boolean fusedLayerNorm) {}

  /**
   * {@code tokenizer.*}.
   *
   * @param maxLength the max length, or with {@code autoLength} the most {@code auto} may choose (512)
   * @param autoLength {@code max-length = auto}: chosen from the training texts' lengths
   * @param windows {@code long-text}, {@code stride}, {@code max-windows}: cut long texts, or read them in windows
   */
  public record TokenizerSettings(int maxLength, Truncation truncation, boolean autoLength, TextWindows windows) {}

  /** {@code data.*}. */
  public record Data(
      String train, Optional<String> validation, double validationFraction, Optional<String> test,
      DataOptions options, Path cacheDir) {}

  /**
   * {@code head.*} (the loss settings are in {@link TaskSettings}).
   *
   * @param windowPooling how the windows of a long text are pooled ({@code tokenizer.long-text = windows})
   */
  public record Head(FeatureSource features, double dropout, WindowPooling windowPooling) {}

  /** {@code train.*}. */
  public record Train(
      FineTuneMode mode, int trainableLayers, double layerDecay, int accumulationSteps, int epochs, int batchSize,
      long seed, double encoderLearningRate, double headLearningRate, double warmupFraction, double weightDecay,
      double clipNorm, double beta1, double beta2, double epsilon) {
    /** The same settings in another mode. */
    public Train withMode(FineTuneMode other) {
      return new Train(other, trainableLayers, layerDecay, accumulationSteps, epochs, batchSize, seed,
          encoderLearningRate, headLearningRate, warmupFraction, weightDecay, clipNorm, beta1, beta2, epsilon);
    }
  }

  /** {@code callbacks.*}. */
  public record Callbacks(EarlyStopping earlyStopping, Checkpoint checkpoint, TensorBoard tensorBoard) {}

  /** {@code callbacks.early-stopping.*}. */
  public record EarlyStopping(boolean enabled, Monitor monitor, int patience, boolean restoreBest) {}

  /** {@code callbacks.checkpoint.*}. */
  public record Checkpoint(boolean enabled, Monitor monitor, boolean saveBest, int everySteps, boolean keep) {}

  /** {@code callbacks.tensorboard.*}. */
  public record TensorBoard(boolean enabled, int everySteps) {}

  /** A monitored metric: name, direction and smallest improvement. */
  public record Monitor(String metric, boolean higherIsBetter, double minDelta) {
    /** Whether {@code value} improves on {@code best}. */
    public boolean improves(double value, double best) {
      if (Double.isNaN(value)) {
        return false;
      }
      if (Double.isNaN(best)) {
        return true;
      }
      return higherIsBetter ? value > best + minDelta : value < best - minDelta;
    }
  }

  /** {@code pipeline.*}. */
  public record Pipeline(int bucketWidth, int prefetch) {}

  /**
   * {@code runtime.*}: TensorFlow session options.
   *
   * @param intraOpThreads threads of one op (0 = TensorFlow's choice); process-global, fixed by the first session
   * @param interOpThreads ops run side by side (0 = TensorFlow's choice)
   * @param precision fp32, or bf16 (oneDNN auto mixed precision) where the CPU supports it
   * @param xla XLA JIT compilation of the graph (global_jit_level ON_1 plus TF's cpu_global_jit flag)
   */
  public record Runtime(int intraOpThreads, int interOpThreads, Precision precision, boolean xla,
      boolean trimNativeMemory) {}

  /** {@code run.*}. */
  public record Run(Path dir, Optional<String> id, boolean progress) {}

  /** {@code export.*}. */
  public record Export(boolean enabled, Path dir, String name, int verifyExamples, boolean requireBetterThanChance) {}

  /** This configuration with other {@code train.*} settings. */
  public BertuneConfig withTrain(Train other) {
    return new BertuneConfig(model, tokenizer, data, task, head, other, callbacks, pipeline, runtime, run, export,
        rendered);
  }
}
