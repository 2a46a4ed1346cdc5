package dev.bertune.train;

import dev.bertune.metrics.BinaryMetrics;
import dev.bertune.metrics.StreamingMetrics;
import dev.bertune.model.ClassifierModel;
import dev.bertune.model.NativeMemory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The Keras contract over a {@link ClassifierModel}: {@link #fit}, {@link #evaluate}, {@link #predict}. The
 * loop only orchestrates; the per-batch math is {@link ModelBatch#train} and {@link ModelBatch#predict}.
 * Streams and callbacks belong to the caller.
 */
public final class Trainer {
  private final ClassifierModel model;
  private final double encoderLearningRate;
  private final double headLearningRate;
  private final double threshold;
  private long step;
  private int epoch;
  private int batchInEpoch;
  private boolean epochComplete;
  private long modelNanos;
  private int lastEpochExamples;
  private long realTokens;
  private long computedTokens;
  private LearningRateSchedule schedule = new LearningRateSchedule.Constant();

  /**
   * @param threshold probability at or above which a review counts as positive
   */
  public Trainer(ClassifierModel model, double encoderLearningRate, double headLearningRate, double threshold) {
    this.model = model;
    this.encoderLearningRate = encoderLearningRate;
    this.headLearningRate = headLearningRate;
    this.threshold = threshold;
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
    }
    for (epoch = plan.startEpoch(); epoch <= plan.epochs(); epoch++) {
      final int e = epoch;
      callbacks.forEach(c -> c.onEpochBegin(e));
      long start = System.nanoTime();
      int skip = epoch == plan.startEpoch() ? plan.skipBatches() : 0;
      Map<String, Double> logs = trainEpoch(train, skip, callbacks, plan.control());
      if (plan.control().interrupted()) {
        break;
      }
      model.applyAccumulated(stepInputs(Math.max(0, step - 1))); // a partial accumulation at the epoch's end
      logs.put("examples_per_second", lastEpochExamples / ((System.nanoTime() - start) / 1e9));
      validation.ifPresent(v -> evaluate(v).asMap().forEach((k, val) -> logs.put("val_" + k, val)));
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

  private Map<String, Double> trainEpoch(BatchStream train, int skip, List<Callback> callbacks,
      TrainingControl control) {
    train.startEpoch(epoch - 1);
    batchInEpoch = 0;
    epochComplete = false;
    for (int i = 0; i < skip; i++) { // resume mid-epoch: the same order, minus what was trained
      train.next().orElseThrow(() -> new IllegalStateException("checkpoint is past the end of the epoch"))
          .close();
      batchInEpoch++;
    }
    StreamingMetrics running = new StreamingMetrics(threshold);
    int examples = 0;
    for (Optional<ModelBatch> next = train.next(); next.isPresent() && !control.interrupted(); next = train.next()) {
      try (ModelBatch batch = next.get()) {
        long t0 = System.nanoTime();
        ClassifierModel.StepResult r = batch.train(model, stepInputs(step));
        modelNanos += System.nanoTime() - t0;
        realTokens += batch.realTokens();
        computedTokens += batch.computedTokens();
        step++;
        batchInEpoch++;
        examples += batch.size();
        running.add(sigmoid(r.logits()), batch.labels(), (double) r.loss() * batch.size(), batch.size());
        Map<String, Double> logs = runningLogs(running.result());
        logs.put("learning_rate", headLearningRate * schedule.factor(step - 1));
        final int b = batchInEpoch;
        final int n = examples;
        callbacks.forEach(c -> c.onBatchEnd(epoch, b, n, logs));
      }
    }
    lastEpochExamples = examples;
    BinaryMetrics m = running.result();
    Map<String, Double> logs = runningLogs(m);
    logs.put("auc", m.auc());
    logs.put("learning_rate", headLearningRate * schedule.factor(Math.max(0, step - 1)));
    return logs;
  }

  private ClassifierModel.StepInputs stepInputs(long atStep) {
    double factor = schedule.factor(atStep);
    return new ClassifierModel.StepInputs(encoderLearningRate * factor, headLearningRate * factor, atStep);
  }

  private static Map<String, Double> runningLogs(BinaryMetrics m) {
    Map<String, Double> logs = new LinkedHashMap<>();
    logs.put("loss", m.loss());
    logs.put("accuracy", m.accuracy());
    return logs;
  }

  /** Loss, accuracy, precision, recall, F1 and ROC-AUC over {@code data} (no dropout). */
  public BinaryMetrics evaluate(BatchStream data) {
    return predict(data).metrics(threshold);
  }

  /** Probabilities of every example of {@code data}, in the stream's order, with their labels and losses. */
  public PredictionSet predict(BatchStream data) {
    data.startEpoch(0);
    List<float[]> probs = new ArrayList<>();
    List<float[]> labelList = new ArrayList<>();
    List<float[]> losses = new ArrayList<>();
    for (Optional<ModelBatch> next = data.next(); next.isPresent(); next = data.next()) {
      try (ModelBatch batch = next.get()) {
        long t0 = System.nanoTime();
        ClassifierModel.Predictions p = batch.predict(model);
        modelNanos += System.nanoTime() - t0;
        realTokens += batch.realTokens();
        computedTokens += batch.computedTokens();
        probs.add(p.probabilities());
        labelList.add(batch.labels());
        losses.add(p.losses());
      }
    }
    return new PredictionSet(concat(probs), concat(labelList), concat(losses));
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

  private static float[] sigmoid(float[] logits) {
    float[] out = new float[logits.length];
    for (int i = 0; i < logits.length; i++) {
      out[i] = (float) (1 / (1 + Math.exp(-logits[i])));
    }
    return out;
  }

  private static float[] concat(List<float[]> parts) {
    int n = parts.stream().mapToInt(a -> a.length).sum();
    float[] out = new float[n];
    int pos = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, out, pos, p.length);
      pos += p.length;
    }
    return out;
  }

  /** Probabilities, labels and per-example losses, each [N], in data order. */
  public record PredictionSet(float[] probabilities, float[] labels, float[] losses) {
    public int[] intLabels() {
      int[] out = new int[labels.length];
      for (int i = 0; i < labels.length; i++) {
        out[i] = Math.round(labels[i]);
      }
      return out;
    }

    public BinaryMetrics metrics(double threshold) {
      double sum = 0;
      for (float l : losses) {
        sum += l;
      }
      return BinaryMetrics.compute(probabilities, intLabels(), losses.length == 0 ? Double.NaN : sum / losses.length,
          threshold);
    }
  }
}
