package dev.bertune.model;

import dev.bertune.config.BertuneConfig;
import dev.bertune.config.FineTuneMode;
import dev.bertune.pipeline.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * BERT plus the classification head, loss and AdamW, in the graph of the imported SavedModel: the
 * {@code train_step / test_step} of the Keras contract. Owns the {@link PretrainedBert}: close it.
 *
 * <p>Shapes: B = batch, T = longest sequence of the batch, H = hidden size.
 */
public final class ClassifierModel implements AutoCloseable {
  private final PretrainedBert bert;
  private final FineTuneMode mode;
  private final ClassifierHead head;
  private final Output<TInt32> inputIds;
  private final Output<TInt32> inputMask;
  private final Output<TInt32> segmentIds;
  private final Operand<TFloat32> features; // [B, H]; fed directly when training on cached features
  private final Placeholder<TFloat32> labels; // [B]
  private final Placeholder<TFloat32> encoderLearningRate; // scalar
  private final Placeholder<TFloat32> headLearningRate; // scalar
  private final Operand<TFloat32> loss; // scalar, training path (dropout on)
  private final Operand<TFloat32> trainLogits; // [B]
  private final Operand<TFloat32> logits; // [B], inference path (no dropout)
  private final Operand<TFloat32> probabilities; // [B]
  private final Operand<TFloat32> exampleLosses; // [B], inference path
  private final AdamW optimizer;
  private final List<ResourceVariable> trainable;
  private final List<ResourceVariable> encoderVariables;

  @SuppressWarnings("unchecked")
  private ClassifierModel(PretrainedBert bert, BertuneConfig config) {
    this.bert = bert;
    this.mode = config.train().mode();
    Graph graph = bert.graph();
    Ops tf = Ops.create(graph);
    BertSignature sig = bert.signature();
    Gradients.registerResourceGather();
    long seed = config.train().seed();

    inputIds = (Output<TInt32>) graph.outputOrThrow(sig.inputIds());
    inputMask = (Output<TInt32>) graph.outputOrThrow(sig.inputMask());
    segmentIds = (Output<TInt32>) graph.outputOrThrow(sig.segmentIds());
    Ops io = tf.withSubScope("classifier");
    labels = io.withName("labels").placeholder(TFloat32.class);
    encoderLearningRate = io.withName("encoder_learning_rate").placeholder(TFloat32.class);
    headLearningRate = io.withName("head_learning_rate").placeholder(TFloat32.class);

    features = ClassifierHead.features(io, graph, sig, config.head().features()); // [B, H]
    encoderVariables = ResourceVariable.feeding(graph, features.asOutput());
    head = ClassifierHead.create(tf, sig.hiddenSize(), seed);

    float weight = (float) config.head().positiveClassWeight();
    logits = head.logits(tf, features);
    probabilities = io.withName("probabilities").math.sigmoid(logits);
    exampleLosses = Losses.weightedSigmoidCrossEntropy(io, labels, logits, weight);

    Operand<TFloat32> trainFeatures = dropout(io, features, config.head().dropout(), seed);
    trainLogits = head.logits(tf, trainFeatures);
    loss = io.withName("loss").math.mean(
        Losses.weightedSigmoidCrossEntropy(io, labels, trainLogits, weight), io.constant(0));

    trainable = new ArrayList<>(head.variables());
    if (mode == FineTuneMode.FULL) {
      trainable.addAll(encoderVariables);
    }
    Output<?>[] handles = trainable.stream().map(ResourceVariable::handle).toArray(Output<?>[]::new);
    Output<?>[] grads = graph.addGradients("gradients", new Output<?>[] {loss.asOutput()}, handles, null);
    List<AdamW.Param> params = new ArrayList<>();
    List<ResourceVariable> withGradient = new ArrayList<>();
    for (int i = 0; i < handles.length; i++) {
      if (grads[i] == null) {
        continue; // not on the path to the loss (e.g. BERT's unused pre-training weights)
      }
      ResourceVariable v = trainable.get(i);
      boolean isHead = i < head.variables().size();
      params.add(new AdamW.Param(v, (Output<TFloat32>) grads[i], isHead ? headLearningRate : encoderLearningRate));
      withGradient.add(v);
    }
    trainable.retainAll(withGradient);
    optimizer = AdamW.build(tf, params, new AdamW.Settings(config.train().beta1(), config.train().beta2(),
        config.train().epsilon(), config.train().weightDecay(), config.train().clipNorm()));
  }

  /** Adds head, loss and optimizer to {@code bert}'s graph and initialises the new variables only. */
  public static ClassifierModel build(PretrainedBert bert, BertuneConfig config) {
    ClassifierModel model = new ClassifierModel(bert, config);
    model.session().initialize(); // runs only the initialisers added here: BERT's weights stay as loaded
    return model;
  }

  private static Operand<TFloat32> dropout(Ops tf, Operand<TFloat32> x, double rate, long seed) {
    if (rate <= 0) {
      return x;
    }
    Operand<TFloat32> noise = tf.random.randomUniform(tf.shape(x), TFloat32.class,
        RandomUniform.seed(seed), RandomUniform.seed2(seed ^ 0x5DEECE66DL)); // [B, H] in [0, 1)
    Operand<TFloat32> keep = tf.dtypes.cast(tf.math.greaterEqual(noise, tf.constant((float) rate)), TFloat32.class);
    return tf.math.mul(tf.math.mul(x, keep), tf.constant((float) (1 / (1 - rate))));
  }

  /** One optimisation step on {@code batch}. */
  public StepResult trainStep(Batch batch, double encoderLr, double headLr) {
    try (TFloat32 lrEnc = TFloat32.scalarOf((float) encoderLr);
        TFloat32 lrHead = TFloat32.scalarOf((float) headLr);
        Result r = trainRunner(batch, lrEnc, lrHead).run()) {
      return new StepResult(((TFloat32) r.get(0)).getFloat(), toArray((TFloat32) r.get(1)),
          ((TFloat32) r.get(2)).getFloat());
    }
  }

  /**
   * One optimisation step exactly as {@link #trainStep}, run with {@code options} (e.g. {@code trace_level =
   * FULL_TRACE}); returns what TensorFlow recorded about it (per-op step stats when traced).
   */
  public RunMetadata trainStepWithMetadata(Batch batch, double encoderLr, double headLr, RunOptions options) {
    try (TFloat32 lrEnc = TFloat32.scalarOf((float) encoderLr);
        TFloat32 lrHead = TFloat32.scalarOf((float) headLr);
        Result r = trainRunner(batch, lrEnc, lrHead).setOptions(options).runAndFetchMetadata()) {
      return r.getMetadata().orElse(RunMetadata.getDefaultInstance());
    }
  }

  private Session.Runner trainRunner(Batch batch, TFloat32 lrEnc, TFloat32 lrHead) {
    return feed(session().runner(), batch)
        .feed(labels, batch.labels())
        .feed(encoderLearningRate, lrEnc)
        .feed(headLearningRate, lrHead)
        .fetch(loss).fetch(trainLogits).fetch(optimizer.globalNorm())
        .addTarget(optimizer.step());
  }

  /** Inference on {@code batch}: logits, probabilities and (if the batch has labels) per-example losses. */
  public Predictions predict(Batch batch, boolean withLoss) {
    Session.Runner runner = feed(session().runner(), batch).fetch(logits).fetch(probabilities);
    if (withLoss) {
      runner.feed(labels, batch.labels()).fetch(exampleLosses);
    }
    try (Result r = runner.run()) {
      return new Predictions(toArray((TFloat32) r.get(0)), toArray((TFloat32) r.get(1)),
          withLoss ? toArray((TFloat32) r.get(2)) : new float[0]);
    }
  }

  /**
   * One step of the head on precomputed BERT features (frozen encoder): the features tensor is fed in place of
   * BERT's output, so the encoder does not run.
   *
   * @param featureBatch [B, H]
   * @param labelBatch [B]
   */
  public StepResult trainStepOnFeatures(TFloat32 featureBatch, TFloat32 labelBatch, double headLr) {
    if (mode != FineTuneMode.FROZEN) {
      throw new IllegalStateException("cached features only train a frozen encoder's head");
    }
    try (TFloat32 lrEnc = TFloat32.scalarOf(0f);
        TFloat32 lrHead = TFloat32.scalarOf((float) headLr);
        Result r = session().runner()
            .feed(features, featureBatch).feed(labels, labelBatch)
            .feed(encoderLearningRate, lrEnc).feed(headLearningRate, lrHead)
            .fetch(loss).fetch(trainLogits).fetch(optimizer.globalNorm())
            .addTarget(optimizer.step())
            .run()) {
      return new StepResult(((TFloat32) r.get(0)).getFloat(), toArray((TFloat32) r.get(1)),
          ((TFloat32) r.get(2)).getFloat());
    }
  }

  /** Inference of the head on precomputed features [B, H] with labels [B]. */
  public Predictions predictFromFeatures(TFloat32 featureBatch, TFloat32 labelBatch) {
    try (Result r = session().runner().feed(features, featureBatch).feed(labels, labelBatch)
        .fetch(logits).fetch(probabilities).fetch(exampleLosses).run()) {
      return new Predictions(toArray((TFloat32) r.get(0)), toArray((TFloat32) r.get(1)),
          toArray((TFloat32) r.get(2)));
    }
  }

  /** BERT's features for a batch, row-major [B * H]. */
  public float[] extractFeatures(Batch batch) {
    try (Result r = feed(session().runner(), batch).fetch(features).run()) {
      return toArray((TFloat32) r.get(0));
    }
  }

  private Session.Runner feed(Session.Runner runner, Batch batch) {
    return runner.feed(inputIds, batch.inputIds()).feed(inputMask, batch.inputMask())
        .feed(segmentIds, batch.segmentIds());
  }

  static float[] toArray(TFloat32 t) {
    float[] out = new float[(int) t.size()];
    t.asRawTensor().data().asFloats().read(out);
    return out;
  }

  /**
   * Current values of the variables whose op names are given, as tensors the caller must close
   * (keys: op names).
   */
  public TensorMap readVariables(List<String> opNames) {
    Ops tf = Ops.create(graph());
    Session.Runner runner = session().runner();
    for (String name : opNames) {
      ResourceVariable v = ResourceVariable.of(graph().operationOrThrow(name));
      runner.fetch(tf.readVariableOp(v.handle(), VariableSaver.typeOf(v.dtype())));
    }
    Result r = runner.run();
    Map<String, Tensor> out = new java.util.LinkedHashMap<>();
    for (int i = 0; i < opNames.size(); i++) {
      out.put(opNames.get(i), r.get(i));
    }
    return new TensorMap(out, r);
  }

  public Graph graph() {
    return bert.graph();
  }

  public Session session() {
    return bert.session();
  }

  public PretrainedBert bert() {
    return bert;
  }

  public FineTuneMode mode() {
    return mode;
  }

  public ClassifierHead head() {
    return head;
  }

  /** Variables that receive updates in this mode. */
  public List<ResourceVariable> trainableVariables() {
    return List.copyOf(trainable);
  }

  /** BERT's variables on the path to the features (what {@code full} mode trains besides the head). */
  public List<ResourceVariable> encoderVariables() {
    return List.copyOf(encoderVariables);
  }

  public long trainableParameterCount() {
    return trainable.stream().mapToLong(ResourceVariable::size).sum();
  }

  @Override
  public void close() {
    bert.close();
  }

  /** Loss, training-path logits [B] and gradient norm of one step. */
  public record StepResult(float loss, float[] logits, float gradientNorm) {}

  /** Inference outputs, each [B]; {@code losses} is empty when labels were not given. */
  public record Predictions(float[] logits, float[] probabilities, float[] losses) {}
}
