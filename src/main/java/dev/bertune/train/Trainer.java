package dev.bertune.train;

import dev.bertune.metrics.TaskMetrics;
import dev.bertune.model.ClassifierModel;
import dev.bertune.task.Task;
import dev.bertune.model.NativeMemory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The Keras contract over a {@link ClassifierModel}: {@link #fit}, {@link #evaluate}, {@link #predict}. The
 * loop only orchestrates; the per-batch math is {@link ModelBatch#train} and {@link ModelBatch#predict}.
 * Streams and callbacks belong to the caller.
 */
public final class Trainer {
  private final ClassifierModel model;
  private Task task;
  private PredictionSet lastValidation; // the last epoch's validation predictions, null before
  private final double encoderLearningRate;
  private final double headLearningRate;
  private long step;
  private int epoch;
  private int batchInEpoch;
  private boolean epochComplete;
  private long modelNanos;
  private int lastEpochExamples;
  private long realTokens;
  private long computedTokens;
  private LearningRateSchedule schedule = new LearningRateSchedule.Constant();
  private StageProgress progress = StageProgress.none();
  private Scores running = new Scores(); // the epoch in progress
  private DivergenceGuard guard = new DivergenceGuard(System.err::println);

  /** Where warnings about the training itself go (an exploding loss); stderr by default. */
  public void setWarnings(Consumer<String> warnings) {
    guard = new DivergenceGuard(warnings);
  }

  /** Shows validation and test passes with {@code value} (none by default). */
  public void setProgress(StageProgress value) {
    progress = value;
  }

  /** A trainer of {@code model}, whose task decides the metrics. */
  public Trainer(ClassifierModel model, double encoderLearningRate, double headLearningRate) {
    this.model = model;
    this.task = model.task();
    this.encoderLearningRate = encoderLearningRate;
    this.headLearningRate = headLearningRate;
  }

  /** The task of the model, with the decision thresholds the metrics use. */
  public Task task() {
    return task;
  }

  /** Uses other decision thresholds from now on (e.g. tuned on validation), {@code [K]}. */
  public void useThresholds(double[] thresholds) {
    task = task.withThresholds(thresholds);
  }

  /**
   * Trains as {@code plan} says, validating after each epoch; stops early when a callback asks.
   *
   * @return the per-epoch logs (those of a resumed run's earlier epochs included)
   */
  public History fit(BatchStream train, Optional<? extends BatchStream> validation, FitPlan plan,
      List<Callback> extraCallbacks) {
    History history = new History(plan.history());
    List<Callback> callbacks = new ArrayList<>(extraCallbacks);
    callbacks.add(history);
    schedule = plan.schedule();
    Callback.TrainingPlan info = new Callback.TrainingPlan(plan.epochs(), train.batchesPerEpoch(),
        train.examples(), this, plan.control());
    callbacks.forEach(c -> c.onTrainBegin(info));
    if (plan.resumed()) {
      callbacks.forEach(c -> c.onResume(plan.history()));
      guard.resume(plan.history());
    }
    for (epoch = plan.startEpoch(); epoch <= plan.epochs(); epoch++) {
      final int e = epoch;
      callbacks.forEach(c -> c.onEpochBegin(e));
      long start = System.nanoTime();
      int skip = epoch == plan.startEpoch() ? plan.skipBatches() : 0;
      Optional<EpochScores> before = skip > 0 ? plan.partialEpoch() : Optional.empty();
      Map<String, Double> logs = trainEpoch(train, skip, before, callbacks, plan.control());
      if (plan.control().interrupted()) {
        break;
      }
      applyPartialAccumulation(); // a partial accumulation at the epoch's end
      guard.epochEnd(epoch, logs.get("loss"));
      logs.put("examples_per_second", lastEpochExamples / ((System.nanoTime() - start) / 1e9));
      validation.ifPresent(v -> {
        lastValidation = predict(v, "validation");
        lastValidation.metrics(task).asMap().forEach((k, val) -> logs.put("val_" + k, val));
      });
      logs.put("rss_mb", residentMegabytes());
      callbacks.forEach(c -> c.onEpochEnd(e, logs));
      epochComplete = true;
      if (plan.control().stopRequested() || plan.control().interrupted()) {
        break;
      }
    }
    callbacks.forEach(Callback::onTrainEnd);
    return history;
  }

  private Map<String, Double> trainEpoch(BatchStream train, int skip, Optional<EpochScores> before,
      List<Callback> callbacks, TrainingControl control) {
    train.startEpoch(epoch - 1);
    batchInEpoch = 0;
    epochComplete = false;
    for (int i = 0; i < skip; i++) { // resume mid-epoch: the same order, minus what was trained
      train.next().orElseThrow(() -> new IllegalStateException("checkpoint is past the end of the epoch"))
          .close();
      batchInEpoch++;
    }
    running = new Scores();
    double[] tally = {0, 0};
    before.ifPresent(b -> addEarlierBatches(b, tally));
    int examples = 0;
    for (Optional<ModelBatch> next = train.next(); next.isPresent() && !control.interrupted(); next = train.next()) {
      try (ModelBatch batch = next.get()) {
        long t0 = System.nanoTime();
        ClassifierModel.StepInputs in = stepInputs(step);
        ClassifierModel.StepResult r = batch.train(model, in);
        modelNanos += System.nanoTime() - t0;
        guard.check(epoch, batchInEpoch + 1, step + 1, r.loss(), r.gradientNorm(), r.updated(),
            in.encoderLearningRate(), in.headLearningRate());
        realTokens += batch.realTokens();
        computedTokens += batch.computedTokens();
        step++;
        batchInEpoch++;
        examples += batch.size();
        float[][] labels = batch.labels();
        float[][] probabilities = new float[labels.length][];
        for (int i = 0; i < labels.length; i++) {
          probabilities[i] = task.probabilities(r.logits()[i]);
          double[] t = task.tally(probabilities[i], labels[i]);
          tally[0] += t[0];
          tally[1] += t[1];
        }
        running.add(probabilities, labels, (double) r.loss() * batch.size());
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", running.meanLoss());
        logs.put(task.runningMetric(), tally[1] == 0 ? 0 : tally[0] / tally[1]);
        logs.put("learning_rate", headLearningRate * schedule.factor(step - 1));
        final int b = batchInEpoch;
        final int n = examples;
        callbacks.forEach(c -> c.onBatchEnd(epoch, b, n, logs));
      }
    }
    lastEpochExamples = examples;
    Map<String, Double> logs = new LinkedHashMap<>(running.metrics(task).asMap());
    logs.remove("count");
    logs.put("learning_rate", headLearningRate * schedule.factor(Math.max(0, step - 1)));
    return logs;
  }

  /** Starts a resumed epoch's scores (and running-metric tally) with its batches trained before the checkpoint. */
  private void addEarlierBatches(EpochScores earlier, double[] tally) {
    running.add(earlier.probabilities(), earlier.labels(), earlier.lossSum());
    for (int i = 0; i < earlier.labels().length; i++) {
      double[] t = task.tally(earlier.probabilities()[i], earlier.labels()[i]);
      tally[0] += t[0];
      tally[1] += t[1];
    }
  }

  private void applyPartialAccumulation() {
    boolean pending = model.pendingAccumulation() > 0;
    ClassifierModel.StepInputs in = stepInputs(Math.max(0, step - 1));
    float norm = model.applyAccumulated(in);
    if (pending) {
      guard.check(epoch, batchInEpoch, step, 0, norm, true, in.encoderLearningRate(), in.headLearningRate());
    }
  }

  private ClassifierModel.StepInputs stepInputs(long atStep) {
    double factor = schedule.factor(atStep);
    return new ClassifierModel.StepInputs(encoderLearningRate * factor, headLearningRate * factor, atStep);
  }

  /** The task's metrics over {@code data} (no dropout). */
  public TaskMetrics evaluate(BatchStream data) {
    return predict(data).metrics(task());
  }

  /** Probabilities of every example of {@code data}, in the stream's order, with their labels and losses. */
  public PredictionSet predict(BatchStream data) {
    return predict(data, "predict");
  }

  /** As {@link #predict(BatchStream)}, its progress shown as stage {@code stage}. */
  public PredictionSet predict(BatchStream data, String stage) {
    data.startEpoch(0);
    Scores scores = new Scores();
    progress.start(stage, data.examples());
    for (Optional<ModelBatch> next = data.next(); next.isPresent(); next = data.next()) {
      try (ModelBatch batch = next.get()) {
        long t0 = System.nanoTime();
        ClassifierModel.Predictions p = batch.predict(model);
        modelNanos += System.nanoTime() - t0;
        realTokens += batch.realTokens();
        computedTokens += batch.computedTokens();
        scores.add(p.probabilities(), batch.labels(), p.losses());
        progress.update(scores.size());
      }
    }
    progress.end();
    return scores.predictions();
  }

  /** The predictions of the last validation pass in {@link #fit} (empty before one ran). */
  public Optional<PredictionSet> lastValidation() {
    return Optional.ofNullable(lastValidation);
  }

  /** The scores of the epoch in progress so far (what a mid-epoch checkpoint records). */
  public EpochScores epochScores() {
    return running.epochScores();
  }

  /** Optimisation steps (batches) taken, those of a resumed run's earlier life included. */
  public long step() {
    return step;
  }

  /** Continues a resumed run at global step {@code value}. */
  public void setStep(long value) {
    this.step = value;
  }

  /** The epoch in progress (1-based). */
  public int epoch() {
    return epoch;
  }

  /** Batches of the current epoch trained so far. */
  public int batchInEpoch() {
    return batchInEpoch;
  }

  /** Whether the current epoch finished, validation and callbacks included. */
  public boolean epochComplete() {
    return epochComplete;
  }

  public ClassifierModel model() {
    return model;
  }

  /** Seconds spent inside TensorFlow session runs of the model (training and inference). */
  public double modelSeconds() {
    return modelNanos / 1e9;
  }

  /** Real (unpadded) tokens the encoder saw, over all steps so far. */
  public long realTokens() {
    return realTokens;
  }

  /** Tokens the encoder computed, padding included. */
  public long computedTokens() {
    return computedTokens;
  }

  /** Resident memory of this process (native included) in MB; NaN where unavailable. */
  static double residentMegabytes() {
    OptionalLong bytes = NativeMemory.residentBytes();
    return bytes.isPresent() ? bytes.getAsLong() / 1048576.0 : Double.NaN;
  }

  /**
   * Probabilities and label vectors [N][K] and per-example losses [N], in data order.
   *
   * @param losses empty when the loss was only known per batch
   */
  public record PredictionSet(float[][] probabilities, float[][] targets, float[] losses) {
    /** Mean of the per-example losses, NaN when there are none. */
    public double meanLoss() {
      double sum = 0;
      for (float l : losses) {
        sum += l;
      }
      return losses.length == 0 ? Double.NaN : sum / losses.length;
    }

    /** The task's metrics over these predictions. */
    public TaskMetrics metrics(Task task) {
      return task.metrics(probabilities, targets, meanLoss());
    }
  }

  /** Accumulates the rows of a pass (an epoch, an evaluation). */
  private static final class Scores {
    private final List<float[]> probabilities = new ArrayList<>();
    private final List<float[]> targets = new ArrayList<>();
    private final List<float[]> batchLosses = new ArrayList<>(); // per-example losses, a batch at a time
    private int lossCount;
    private double lossSum;

    /** A training batch, whose loss is known only as the batch mean ({@code batchLossSum} = mean * size). */
    void add(float[][] probs, float[][] labels, double batchLossSum) {
      probabilities.addAll(List.of(probs));
      targets.addAll(List.of(labels));
      lossSum += batchLossSum;
    }

    /** An evaluation batch with each example's loss. */
    void add(float[][] probs, float[][] labels, float[] exampleLosses) {
      probabilities.addAll(List.of(probs));
      targets.addAll(List.of(labels));
      batchLosses.add(exampleLosses);
      lossCount += exampleLosses.length;
      for (float l : exampleLosses) {
        lossSum += l;
      }
    }

    int size() {
      return probabilities.size();
    }

    EpochScores epochScores() {
      return new EpochScores(probabilities.toArray(float[][]::new), targets.toArray(float[][]::new), lossSum);
    }

    double meanLoss() {
      return probabilities.isEmpty() ? Double.NaN : lossSum / probabilities.size();
    }

    TaskMetrics metrics(Task task) {
      return task.metrics(probabilities.toArray(float[][]::new), targets.toArray(float[][]::new), meanLoss());
    }

    PredictionSet predictions() {
      float[] all = new float[lossCount];
      int at = 0;
      for (float[] b : batchLosses) {
        System.arraycopy(b, 0, all, at, b.length);
        at += b.length;
      }
      return new PredictionSet(probabilities.toArray(float[][]::new), targets.toArray(float[][]::new), all);
    }
  }
}
