package dev.bertune.train;

import dev.bertune.metrics.BinaryMetrics;
import dev.bertune.metrics.StreamingMetrics;
import dev.bertune.model.ClassifierModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Keras contract over a {@link ClassifierModel}: {@link #fit}, {@link #evaluate}, {@link #predict}. The
 * loop only orchestrates; the per-batch math is {@link ClassifierModel#trainStep} and
 * {@link ClassifierModel#predict}. Pipelines and callbacks belong to the caller.
 */
public final class Trainer {
  private final ClassifierModel model;
  private final double encoderLearningRate;
  private final double headLearningRate;
  private final double threshold;
  private long step;
  private long modelNanos;
  private long realTokens;
  private long computedTokens;

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
   * Trains for {@code epochs} epochs, validating after each.
   *
   * @return the per-epoch logs
   */
  public History fit(BatchStream train, Optional<? extends BatchStream> validation, int epochs,
      LearningRateSchedule schedule, List<Callback> extraCallbacks) {
    History history = new History();
    List<Callback> callbacks = new ArrayList<>(extraCallbacks);
    callbacks.add(history);
    Callback.TrainingPlan plan = new Callback.TrainingPlan(epochs, train.batchesPerEpoch(), train.examples());
    callbacks.forEach(c -> c.onTrainBegin(plan));
    for (int epoch = 1; epoch <= epochs; epoch++) {
      final int e = epoch;
      callbacks.forEach(c -> c.onEpochBegin(e));
      long start = System.nanoTime();
      Map<String, Double> logs = trainEpoch(train, epoch, schedule, callbacks);
      logs.put("examples_per_second", train.examples() / ((System.nanoTime() - start) / 1e9));
      validation.ifPresent(v -> evaluate(v).asMap().forEach((k, val) -> logs.put("val_" + k, val)));
      callbacks.forEach(c -> c.onEpochEnd(e, logs));
    }
    callbacks.forEach(Callback::onTrainEnd);
    return history;
  }

  private Map<String, Double> trainEpoch(BatchStream train, int epoch, LearningRateSchedule schedule,
      List<Callback> callbacks) {
    train.startEpoch(epoch - 1);
    StreamingMetrics running = new StreamingMetrics(threshold);
    int batchIndex = 0;
    int examples = 0;
    double lr = 0;
    for (Optional<ModelBatch> next = train.next(); next.isPresent(); next = train.next()) {
      try (ModelBatch batch = next.get()) {
        double factor = schedule.factor(step);
        lr = headLearningRate * factor;
        long t0 = System.nanoTime();
        ClassifierModel.StepResult r = batch.train(model, encoderLearningRate * factor, lr);
        modelNanos += System.nanoTime() - t0;
        realTokens += batch.realTokens();
        computedTokens += batch.computedTokens();
        step++;
        batchIndex++;
        examples += batch.size();
        running.add(sigmoid(r.logits()), batch.labels(), (double) r.loss() * batch.size(), batch.size());
        Map<String, Double> logs = runningLogs(running.result());
        final int b = batchIndex;
        final int n = examples;
        callbacks.forEach(c -> c.onBatchEnd(epoch, b, n, logs));
      }
    }
    Map<String, Double> logs = runningLogs(running.result());
    logs.put("auc", running.result().auc());
    logs.put("learning_rate", lr);
    return logs;
  }

  private static Map<String, Double> runningLogs(BinaryMetrics m) {
    Map<String, Double> logs = new LinkedHashMap<>();
    logs.put("loss", m.loss());
    logs.put("accuracy", m.accuracy());
    return logs;
  }

  /** Loss, accuracy, precision, recall, F1 and ROC-AUC over {@code data} (no dropout, in order). */
  public BinaryMetrics evaluate(BatchStream data) {
    return predict(data).metrics(threshold);
  }

  /** Probabilities of every example of {@code data}, in order, with their labels and losses. */
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

  /** Total optimisation steps taken. */
  public long step() {
    return step;
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
