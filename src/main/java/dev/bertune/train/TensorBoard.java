package dev.bertune.train;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * Scalar event files for TensorBoard, written by TF's own summary ops in a small graph of their own, in
 * Keras' layout: {@code <dir>/train/} and {@code <dir>/validation/}, tags {@code epoch_loss},
 * {@code epoch_accuracy}, ... per epoch (validation metrics without their {@code val_} prefix, so the two runs
 * overlay) and {@code batch_loss}, {@code batch_accuracy}, {@code batch_learning_rate} every N steps.
 * Owns a graph and a session: close it (also done at the end of training).
 */
public final class TensorBoard implements Callback, AutoCloseable {
  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TInt64> step;
  private final Placeholder<TString> tag;
  private final Placeholder<TFloat32> value;
  private final Writer train;
  private final Writer validation;
  private final int everySteps;
  private Trainer trainer;
  private boolean closed;

  private record Writer(Op write, Op flush, Op close) {}

  public TensorBoard(Path dir, int everySteps) {
    this.everySteps = everySteps;
    Ops tf = Ops.create(graph);
    step = tf.withName("step").placeholder(TInt64.class);
    tag = tf.withName("tag").placeholder(TString.class);
    value = tf.withName("value").placeholder(TFloat32.class);
    Ops init = tf.withInitScope();
    train = writer(tf, init, dir.resolve("train"));
    validation = writer(tf, init, dir.resolve("validation"));
    session = new Session(graph, ConfigProto.newBuilder().setUsePerSessionThreads(true)
        .setIntraOpParallelismThreads(1).setInterOpParallelismThreads(1).build());
    session.initialize();
  }

  private Writer writer(Ops tf, Ops init, Path logdir) {
    SummaryWriter handle = init.summary.summaryWriter(
        SummaryWriter.sharedName("bertune_" + UUID.randomUUID()));
    init.summary.createSummaryFileWriter(handle, init.constant(logdir.toAbsolutePath().toString()),
        init.constant(64), init.constant(1000), init.constant(".bertune"));
    return new Writer(tf.summary.writeScalarSummary(handle, step, tag, value),
        tf.summary.flushSummaryWriter(handle), tf.summary.closeSummaryWriter(handle));
  }

  @Override
  public void onTrainBegin(TrainingPlan plan) {
    trainer = plan.trainer();
  }

  @Override
  public void onBatchEnd(int epoch, int batch, int examples, Map<String, Double> logs) {
    long s = trainer.step();
    if (s % everySteps == 0) {
      logs.forEach((k, v) -> write(train, s, "batch_" + k, v));
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    logs.forEach((k, v) -> {
      if (k.startsWith("val_")) {
        write(validation, epoch, "epoch_" + k.substring(4), v);
      } else {
        write(train, epoch, "epoch_" + k, v);
      }
    });
    session.runner().addTarget(train.flush()).addTarget(validation.flush()).run().close();
  }

  private void write(Writer w, long at, String name, double v) {
    if (Double.isNaN(v)) {
      return;
    }
    try (TInt64 s = TInt64.scalarOf(at);
        TString t = TString.scalarOf(name);
        TFloat32 x = TFloat32.scalarOf((float) v)) {
      session.runner().feed(step, s).feed(tag, t).feed(value, x).addTarget(w.write()).run().close();
    }
  }

  @Override
  public void onTrainEnd() {
    close();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    session.runner().addTarget(train.close()).addTarget(validation.close()).run().close();
    session.close();
    graph.close();
  }
}
