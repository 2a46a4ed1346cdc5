package dev.bertune.model;

import dev.bertune.config.BertuneConfig;
import dev.bertune.config.FineTuneMode;
import dev.bertune.pipeline.Batch;
import dev.bertune.task.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

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
  private final Operand<TFloat32> features; // [N, H] per window; fed directly when training on cached features
  private final Placeholder<TFloat32> windowMask; // [B, W]; null unless texts are read in windows
  private final WindowPool pool; // null unless texts are read in windows
  private final Task task;
  private final Placeholder<TFloat32> labels; // [B, K]
  private final Placeholder<TFloat32> encoderLearningRate; // scalar
  private final Placeholder<TFloat32> headLearningRate; // scalar
  private final Operand<TFloat32> loss; // scalar, training path (dropout on)
  private final Operand<TFloat32> trainLogits; // [B, K]
  private final Operand<TFloat32> logits; // [B, K], inference path (no dropout)
  private final Operand<TFloat32> probabilities; // [B, K]
  private final Operand<TFloat32> exampleLosses; // [B], inference path
  private final Placeholder<TInt64> dropoutSeed; // [2]: {train.seed, step}
  private final AdamW optimizer;
  private final Op applyUpdate; // optimizer step (then accumulator reset, with accumulation)
  private final Op accumulate; // null without gradient accumulation
  private final Placeholder<TFloat32> accumulationScale; // 1 / accumulated batches; null without accumulation
  private final int accumulationSteps;
  private final long seed;
  private final VariableSaver checkpointSaver;
  private final List<ResourceVariable> stateVariables;
  private final List<ResourceVariable> trainable;
  private int pending;
  private final List<ResourceVariable> encoderVariables;
  private final boolean clsOnlyTopLayer;
  private final boolean trimNativeMemory;

  @SuppressWarnings("unchecked")
  private ClassifierModel(PretrainedBert bert, BertuneConfig config, Task task) {
    this.bert = bert;
    this.task = task;
    BertuneConfig.Train t = config.train();
    this.mode = t.mode();
    this.seed = t.seed();
    this.accumulationSteps = t.accumulationSteps();
    this.trimNativeMemory = mode != FineTuneMode.FROZEN && config.runtime().trimNativeMemory();
    Graph graph = bert.graph();
    Ops tf = Ops.create(graph);
    BertSignature sig = bert.signature();
    Gradients.registerResourceGather();

    inputIds = (Output<TInt32>) graph.outputOrThrow(sig.inputIds());
    inputMask = (Output<TInt32>) graph.outputOrThrow(sig.inputMask());
    segmentIds = (Output<TInt32>) graph.outputOrThrow(sig.segmentIds());
    Ops io = tf.withSubScope("classifier");
    labels = io.withName("labels").placeholder(TFloat32.class);
    encoderLearningRate = io.withName("encoder_learning_rate").placeholder(TFloat32.class);
    headLearningRate = io.withName("head_learning_rate").placeholder(TFloat32.class);
    dropoutSeed = io.withName("dropout_seed").placeholder(TInt64.class);

    Optional<ClsOnlyTopLayer.Outputs> top = config.model().clsOnlyTopLayer()
        ? ClsOnlyTopLayer.build(io, graph, sig) : Optional.empty();
    clsOnlyTopLayer = top.isPresent();
    features = ClassifierHead.features(io, graph, sig, config.head().features(), top); // [N, H]
    encoderVariables = ResourceVariable.feeding(graph, features.asOutput());
    head = ClassifierHead.create(tf, sig.hiddenSize(), task.outputs(), seed);
    Operand<TFloat32> textFeatures = features; // [B, H]
    if (config.tokenizer().windows().windowed()) {
      windowMask = io.withName("window_mask").placeholder(TFloat32.class);
      pool = WindowPool.create(tf, config.head().windowPooling(), sig.hiddenSize());
      textFeatures = pool.apply(tf, features, windowMask);
    } else {
      windowMask = null;
      pool = null;
    }

    logits = head.logits(tf, textFeatures);
    probabilities = io.withName("probabilities").identity(task.probabilities(io, logits));
    exampleLosses = task.exampleLosses(io, labels, logits);

    Operand<TFloat32> trainFeatures = dropout(io, textFeatures, config.head().dropout(), dropoutSeed);
    trainLogits = head.logits(tf, trainFeatures);
    loss = io.withName("loss").math.mean(task.exampleLosses(io, labels, trainLogits), io.constant(0));

    EncoderLayers layers = new EncoderLayers(encoderVariables);
    List<ResourceVariable> headVariables = new ArrayList<>(head.variables());
    if (pool != null) {
      headVariables.addAll(pool.variables());
    }
    List<ResourceVariable> candidates = new ArrayList<>(headVariables);
    candidates.addAll(layers.trainable(mode, t.trainableLayers()));
    Output<?>[] handles = candidates.stream().map(ResourceVariable::handle).toArray(Output<?>[]::new);
    Output<?>[] grads = graph.addGradients("gradients", new Output<?>[] {loss.asOutput()}, handles, null);

    trainable = new ArrayList<>();
    List<Operand<TFloat32>> gradients = new ArrayList<>();
    List<Operand<TFloat32>> rates = new ArrayList<>();
    Map<Double, Operand<TFloat32>> ratesByFactor = new HashMap<>();
    for (int i = 0; i < handles.length; i++) {
      if (grads[i] == null) {
        continue; // not on the path to the loss (e.g. BERT's unused pre-training weights)
      }
      ResourceVariable v = candidates.get(i);
      boolean isHead = i < headVariables.size();
      double factor = isHead ? 1 : layers.learningRateFactor(v, t.layerDecay());
      rates.add(isHead ? headLearningRate : ratesByFactor.computeIfAbsent(factor,
          f -> f == 1 ? encoderLearningRate : io.math.mul(encoderLearningRate, io.constant(f.floatValue()))));
      trainable.add(v);
      gradients.add((Output<TFloat32>) grads[i]);
    }
    AdamW.Settings settings = new AdamW.Settings(t.beta1(), t.beta2(), t.epsilon(), t.weightDecay(), t.clipNorm());
    List<ResourceVariable> state = new ArrayList<>(trainable);
    if (accumulationSteps == 1) {
      accumulationScale = null;
      accumulate = null;
      optimizer = AdamW.build(tf, params(trainable, gradients, rates), settings);
      applyUpdate = optimizer.step();
    } else {
      GradientAccumulator acc = GradientAccumulator.build(tf, trainable, gradients);
      accumulationScale = acc.scale();
      accumulate = acc.accumulate();
      optimizer = AdamW.build(tf, params(trainable, acc.averaged(), rates), settings);
      applyUpdate = acc.resetAfter(tf, optimizer.step());
      state.addAll(acc.accumulators());
    }
    state.addAll(optimizer.slots());
    stateVariables = List.copyOf(state);
    checkpointSaver = VariableSaver.build(tf, "checkpoint", stateVariables);
  }

  private static List<AdamW.Param> params(List<ResourceVariable> vars, List<Operand<TFloat32>> grads,
      List<Operand<TFloat32>> rates) {
    List<AdamW.Param> out = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      out.add(new AdamW.Param(vars.get(i), grads.get(i), rates.get(i)));
    }
    return out;
  }

  /**
   * Adds the head (as wide as {@code task} says), its loss and the optimizer to {@code bert}'s graph and
   * initialises the new variables only.
   */
  public static ClassifierModel build(PretrainedBert bert, BertuneConfig config, Task task) {
    ClassifierModel model = new ClassifierModel(bert, config, task);
    model.session().initialize(); // runs only the initialisers added here: BERT's weights stay as loaded
    return model;
  }

  /**
   * Inverted dropout whose mask depends only on {@code seed = [train.seed, step]}: a resumed run draws the same
   * masks as an uninterrupted one.
   */
  private static Operand<TFloat32> dropout(Ops tf, Operand<TFloat32> x, double rate, Operand<TInt64> seed) {
    if (rate <= 0) {
      return x;
    }
    Operand<TFloat32> noise = tf.random.statelessRandomUniform(tf.shape(x), seed, TFloat32.class); // [B, H]
    Operand<TFloat32> keep = tf.dtypes.cast(tf.math.greaterEqual(noise, tf.constant((float) rate)), TFloat32.class);
    return tf.math.mul(tf.math.mul(x, keep), tf.constant((float) (1 / (1 - rate))));
  }

  /** Learning rates and position of one optimisation step. */
  public record StepInputs(double encoderLearningRate, double headLearningRate, long step) {}

  /**
   * One training step on {@code batch} (with accumulation: one accumulation step). When the encoder trains, freed
   * native memory goes back to the OS after the step ({@link NativeMemory}, {@code runtime.trim-native-memory}).
   */
  public StepResult trainStep(Batch batch, StepInputs in) {
    StepResult result = step(feed(session().runner(), batch).feed(labels, batch.labels()), in);
    if (trimNativeMemory) {
      NativeMemory.trim();
    }
    return result;
  }

  /**
   * One step of the head on precomputed BERT features (frozen encoder): the features tensor is fed in place of
   * BERT's output, so the encoder does not run.
   *
   * @param featureBatch [B*W, H], the features of every window
   * @param windowMask [B, W] (ignored unless texts are read in windows)
   * @param labelBatch [B, K]
   */
  public StepResult trainStepOnFeatures(TFloat32 featureBatch, TFloat32 windowMask, TFloat32 labelBatch,
      StepInputs in) {
    if (mode != FineTuneMode.FROZEN) {
      throw new IllegalStateException("cached features only train a frozen encoder's head");
    }
    return step(feedWindows(session().runner().feed(features, featureBatch), windowMask).feed(labels, labelBatch),
        in);
  }

  /**
   * One training step exactly as {@link #trainStep}, run with {@code options} (e.g. {@code trace_level =
   * FULL_TRACE}); returns what TensorFlow recorded about it (per-op step stats when traced).
   */
  public RunMetadata trainStepWithMetadata(Batch batch, StepInputs in, RunOptions options) {
    try (StepTensors t = new StepTensors(seed, in);
        Result r = configure(feed(session().runner(), batch).feed(labels, batch.labels()), t)
            .setOptions(options).runAndFetchMetadata()) {
      return r.getMetadata().orElse(RunMetadata.getDefaultInstance());
    }
  }

  /** The scalars fed to every training step. */
  private record StepTensors(TInt64 seedPair, TFloat32 encoderLr, TFloat32 headLr) implements AutoCloseable {
    StepTensors(long seed, StepInputs in) {
      this(TInt64.vectorOf(seed, in.step()), TFloat32.scalarOf((float) in.encoderLearningRate()),
          TFloat32.scalarOf((float) in.headLearningRate()));
    }

    @Override
    public void close() {
      seedPair.close();
      encoderLr.close();
      headLr.close();
    }
  }

  /** Fetches loss [], logits [B, K] (and the gradient norm when updating) and targets the update or accumulation. */
  private Session.Runner configure(Session.Runner runner, StepTensors t) {
    runner.feed(dropoutSeed, t.seedPair()).fetch(loss).fetch(trainLogits);
    if (accumulate == null) {
      return runner.feed(encoderLearningRate, t.encoderLr()).feed(headLearningRate, t.headLr())
          .fetch(optimizer.globalNorm()).addTarget(applyUpdate);
    }
    return runner.addTarget(accumulate);
  }

  /** Every training step; refused in a process whose oneDNN weight cache is on ({@link OneDnnWeightCache}). */
  private StepResult step(Session.Runner runner, StepInputs in) {
    OneDnnWeightCache.requireFreshWeights();
    try (StepTensors t = new StepTensors(seed, in)) {
      configure(runner, t);
      float norm = Float.NaN;
      StepResult result;
      try (Result r = runner.run()) {
        if (accumulate == null) {
          norm = ((TFloat32) r.get(2)).getFloat();
        }
        result = new StepResult(((TFloat32) r.get(0)).getFloat(), Batch.rows((TFloat32) r.get(1)), norm,
            accumulate == null);
      }
      if (accumulate != null && ++pending == accumulationSteps) {
        norm = applyAccumulated(in);
        result = new StepResult(result.loss(), result.logits(), norm, true);
      }
      return result;
    }
  }

  /**
   * Applies gradients accumulated since the last update (called automatically every
   * {@code train.accumulation-steps} batches; the trainer also calls it at the end of an epoch).
   *
   * @return the global gradient norm of the update, or NaN when nothing was pending
   */
  public float applyAccumulated(StepInputs in) {
    if (accumulate == null || pending == 0) {
      return Float.NaN;
    }
    try (StepTensors t = new StepTensors(seed, in);
        TFloat32 scale = TFloat32.scalarOf(1f / pending);
        Result r = session().runner().feed(encoderLearningRate, t.encoderLr()).feed(headLearningRate, t.headLr())
            .feed(accumulationScale, scale).fetch(optimizer.globalNorm()).addTarget(applyUpdate).run()) {
      pending = 0;
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  /** Batches accumulated but not yet applied (always 0 without gradient accumulation). */
  public int pendingAccumulation() {
    return pending;
  }

  /** Restores the count of accumulated batches from a checkpoint. */
  public void setPendingAccumulation(int value) {
    this.pending = value;
  }

  /**
   * Writes every variable that training changes (trained weights, optimizer slots, accumulators) as a TF
   * checkpoint at {@code prefix} ({@code prefix.index}, {@code prefix.data-*}).
   */
  public void saveCheckpoint(Path prefix) {
    try (TString p = TString.scalarOf(prefix.toString());
        Result r = session().runner().feed(checkpointSaver.filename(), p).addTarget(checkpointSaver.save()).run()) {
      // written
    }
  }

  /** Reads a checkpoint written by {@link #saveCheckpoint} into the variables. */
  public void restoreCheckpoint(Path prefix) {
    try (TString p = TString.scalarOf(prefix.toString());
        Result r = session().runner().feed(checkpointSaver.filename(), p).addTarget(checkpointSaver.restore())
            .run()) {
      // restored
    }
  }

  /** Inference on {@code batch}: logits, probabilities and (if the batch has labels) per-example losses. */
  public Predictions predict(Batch batch, boolean withLoss) {
    Session.Runner runner = feed(session().runner(), batch).fetch(logits).fetch(probabilities);
    if (withLoss) {
      runner.feed(labels, batch.labels()).fetch(exampleLosses);
    }
    try (Result r = runner.run()) {
      return new Predictions(Batch.rows((TFloat32) r.get(0)), Batch.rows((TFloat32) r.get(1)),
          withLoss ? toArray((TFloat32) r.get(2)) : new float[0]);
    }
  }

  /** Inference of the head on precomputed window features [B*W, H], window mask [B, W], label vectors [B, K]. */
  public Predictions predictFromFeatures(TFloat32 featureBatch, TFloat32 windowMask, TFloat32 labelBatch) {
    try (Result r = feedWindows(session().runner().feed(features, featureBatch), windowMask).feed(labels, labelBatch)
        .fetch(logits).fetch(probabilities).fetch(exampleLosses).run()) {
      return new Predictions(Batch.rows((TFloat32) r.get(0)), Batch.rows((TFloat32) r.get(1)),
          toArray((TFloat32) r.get(2)));
    }
  }

  /** BERT's features for a batch, one per window (token row), row-major [N * H]. */
  public float[] extractFeatures(Batch batch) {
    try (Result r = feed(session().runner(), batch).fetch(features).run()) {
      return toArray((TFloat32) r.get(0));
    }
  }

  /** {@link #extractFeatures} run with {@code options}; returns what TensorFlow recorded about it. */
  public RunMetadata extractFeaturesWithMetadata(Batch batch, RunOptions options) {
    try (Result r = feed(session().runner(), batch).fetch(features).setOptions(options).runAndFetchMetadata()) {
      return r.getMetadata().orElse(RunMetadata.getDefaultInstance());
    }
  }

  private Session.Runner feed(Session.Runner runner, Batch batch) {
    return feedWindows(runner.feed(inputIds, batch.inputIds()).feed(inputMask, batch.inputMask())
        .feed(segmentIds, batch.segmentIds()), batch.windowMask());
  }

  /** Feeds the window mask to a model that pools windows; a model without windows takes one window per text. */
  private Session.Runner feedWindows(Session.Runner runner, TFloat32 mask) {
    if (windowMask != null) {
      return runner.feed(windowMask, mask);
    }
    if (mask.shape().size(1) != 1) {
      throw new IllegalArgumentException("a model without tokenizer.long-text = windows takes one window per text");
    }
    return runner;
  }

  /** The values of a float tensor, row-major. */
  public static float[] toArray(TFloat32 t) {
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

  /** Whether BERT's last layer runs for the [CLS] row only ({@link ClsOnlyTopLayer}). */
  public boolean clsOnlyTopLayer() {
    return clsOnlyTopLayer;
  }

  public FineTuneMode mode() {
    return mode;
  }

  public ClassifierHead head() {
    return head;
  }

  /** The window pooling, when texts are read in windows. */
  public Optional<WindowPool> pool() {
    return Optional.ofNullable(pool);
  }

  /** The task the head was built for. */
  public Task task() {
    return task;
  }

  /** Everything a checkpoint holds: trained weights, optimizer slots and step, gradient accumulators. */
  public List<ResourceVariable> stateVariables() {
    return stateVariables;
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

  /**
   * Loss, training-path logits [B][K] and gradient norm of one step; {@code updated}: whether the step changed the
   * weights (with gradient accumulation, most steps only accumulate, and their norm is NaN).
   */
  public record StepResult(float loss, float[][] logits, float gradientNorm, boolean updated) {}

  /** Inference outputs: logits and probabilities [B][K], losses [B] (empty when labels were not given). */
  public record Predictions(float[][] logits, float[][] probabilities, float[] losses) {}
}
