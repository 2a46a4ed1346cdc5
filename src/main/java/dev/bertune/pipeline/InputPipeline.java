package dev.bertune.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.data.BatchDataset;
import org.tensorflow.op.data.ConcatenateDataset;
import org.tensorflow.op.data.Iterator;
import org.tensorflow.op.data.IteratorGetNext;
import org.tensorflow.op.data.MakeIterator;
import org.tensorflow.op.data.ParseExampleDataset;
import org.tensorflow.op.data.OptionsDataset;
import org.tensorflow.op.data.PrefetchDataset;
import org.tensorflow.proto.data.DatasetOptions;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * A tf.data input pipeline over a {@link TokenCache.Entry}, in its own {@link Graph} and
 * {@link Session} (separate from the model's), delivering ready-to-feed {@link Batch}es.
 *
 * <p><b>Training</b> (length-bucketed, seeded shuffle, reproducible):
 *
 * <pre>
 *   for each bucket file b:  TFRecordDataset(V1) -> Shuffle(buffer = |b|, seed, seed2 = 1000 + b)
 *                                                -> Batch(batchSize / windows of b, dropRemainder = false)
 *   Concatenate(buckets) -> Shuffle(buffer = #batches, seed, seed2 = 7)    // shuffles whole batches
 *   -> ParseExampleDataset(dense [-1], default 0: pads to the longest in each batch)
 *   -> Prefetch(2) -> Iterator / IteratorGetNext -> [B, W*T] reshaped to [B*W, T] -> cast to int32 / float32
 * </pre>
 *
 * <p>A bucket holds one-window examples of similar length, or examples of one window count ({@code tokenizer.long-text
 * = windows}; their windows all have the max length), so a batch never mixes window counts and holds about {@code
 * batchSize} windows ({@link Batch#examplesPerBatch}).
 *
 * with {@code seed = baseSeed + epoch} fed through a scalar int64 placeholder when
 * {@link #startEpoch(int)} runs {@code MakeIterator}: every epoch has a different order, and the same
 * (seed, epoch) gives the same order in any process (exact resume).
 *
 * <p><b>Evaluation</b>: {@code all.tfrecord} in original order, no shuffle, batch, parse, prefetch (one-window
 * entries only: use {@link #byLength} for windows).
 *
 * <p>Usage: {@code startEpoch(e)}, then {@link #next()} until empty; close every batch. One
 * {@code session.run} per batch. Not thread-safe.
 *
 * <p>The session uses its own small thread pools ({@code use_per_session_threads}) so that creating
 * it does not fix the process-global pools before the model's session is configured.
 */
public final class InputPipeline implements AutoCloseable {

  /** Seed2 of the whole-batch shuffle; per-bucket shuffles use {@code 1000 + bucket}. */
  static final long BATCH_SHUFFLE_SEED2 = 7;

  private static final long READ_BUFFER_BYTES = 256 * 1024;
  private static final long PREFETCH = 2;
  /** Keys in sorted order: ParseExampleDataset emits its components sorted by key. */
  private static final List<String> KEYS =
      List.of(TFRecordFiles.INPUT_IDS, TFRecordFiles.INPUT_MASK, TFRecordFiles.LABEL,
          TFRecordFiles.SEGMENT_IDS, TFRecordFiles.WINDOWS);

  /**
   * Serialized {@code tf.data.Options} with autotuning off. The autotuner's background thread made MakeIterator wait
   * 20-30 s at the start of an epoch while the previous iterator wound down (seen with gdb on BERT-base runs); the
   * pipeline has fixed parallelism and a fixed prefetch, so there is nothing to tune.
   */
  private static final String NO_AUTOTUNE = serializedOptions(DatasetOptions.Options.newBuilder()
      .setAutotuneOptions(DatasetOptions.AutotuneOptions.newBuilder().setEnabled(false))
      .build());

  private static String serializedOptions(DatasetOptions.Options options) {
    byte[] bytes = options.toByteArray();
    for (byte b : bytes) {
      if (b < 0) { // the op attribute is passed as a Java string: keep to bytes that survive any charset
        throw new IllegalStateException("dataset options do not serialize to ASCII");
      }
    }
    return new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static final List<Class<? extends TType>> SERIALIZED_TYPES = List.of(TString.class);
  private static final DataType[] SERIALIZED_DTYPES = {DataType.DT_STRING};

  private final Graph graph;
  private final Session session;
  private final Placeholder<TInt64> seed; // null for evaluation
  private final long baseSeed;
  private final Op makeIterator;
  private final Output<TInt32> inputIds; // [B, T]
  private final Output<TInt32> inputMask; // [B, T]
  private final Output<TInt32> segmentIds; // [B, T]
  private final Output<TFloat32> labels; // [B, K]
  private final Output<TInt64> realTokens; // [] sum of the mask
  private final int examples;
  private final int batchesPerEpoch;
  private boolean started;
  private boolean exhausted;
  private boolean closed;

  // ------------------------------------------------------------------------------ construction

  /**
   * Training pipeline: bucketed by length, shuffled within buckets and across batches.
   *
   * @param entry tokenized data
   * @param batchSize examples per batch (the last batch of each bucket may be smaller)
   * @param seed base seed; epoch {@code e} uses {@code seed + e}
   */
  public static InputPipeline training(TokenCache.Entry entry, int batchSize, long seed) {
    return new InputPipeline(entry, batchSize, Mode.TRAINING, seed);
  }

  /**
   * Every example once, grouped by length (bucket after bucket, no shuffle), each batch padded to its longest
   * member: the cheapest way through the encoder when order does not matter (metrics, feature extraction).
   * The order is fixed: the same for every epoch and every run.
   */
  public static InputPipeline byLength(TokenCache.Entry entry, int batchSize) {
    return new InputPipeline(entry, batchSize, Mode.BY_LENGTH, 0);
  }

  private enum Mode { TRAINING, IN_ORDER, BY_LENGTH }

  /**
   * Evaluation / prediction pipeline: all examples in original order, each batch padded to its
   * longest member.
   */
  public static InputPipeline evaluation(TokenCache.Entry entry, int batchSize) {
    return new InputPipeline(entry, batchSize, Mode.IN_ORDER, 0);
  }

  private InputPipeline(TokenCache.Entry entry, int batchSize, Mode mode, long baseSeed) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    this.examples = entry.totalExamples();
    this.baseSeed = baseSeed;
    if (mode == Mode.IN_ORDER && entry.buckets().stream().anyMatch(b -> b.windows() > 1)) {
      throw new IllegalArgumentException("in-order batches need one-window examples; use byLength");
    }
    this.graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      Operand<TInt64> batch = tf.constant((long) batchSize);
      Operand<TType> serialized; // dataset of string vectors [-1]
      if (mode != Mode.IN_ORDER) {
        boolean shuffled = mode == Mode.TRAINING;
        seed = shuffled
            ? tf.withName("epoch_seed").placeholder(TInt64.class, Placeholder.shape(Shape.scalar())) : null;
        List<Operand<TType>> perBucket = new ArrayList<>();
        int batches = 0;
        for (TokenCache.BucketFile bf : entry.buckets()) {
          Operand<TType> ds = tfRecordDataset(tf, bf.file());
          if (shuffled) {
            ds = shuffle(tf, ds, bf.examples(), seed, 1000L + bf.bucket(), Shape.scalar());
          }
          int size = Batch.examplesPerBatch(batchSize, bf.windows());
          ds = batch(tf, ds, tf.constant((long) size));
          perBucket.add(ds);
          batches += (bf.examples() + size - 1) / size;
        }
        if (perBucket.isEmpty()) { // no examples at all: an empty stream
          serialized = batch(tf, tfRecordDataset(tf, entry.allFile()), batch);
        } else {
          serialized = perBucket.get(0);
          for (int i = 1; i < perBucket.size(); i++) {
            serialized = ConcatenateDataset.create(tf.scope(), serialized, perBucket.get(i),
                    SERIALIZED_TYPES, List.of(Shape.of(-1)));
          }
          if (shuffled) {
            serialized = shuffle(tf, serialized, Math.max(1, batches), seed, BATCH_SHUFFLE_SEED2,
                Shape.of(-1));
          }
        }
        this.batchesPerEpoch = batches;
      } else {
        seed = null;
        serialized = batch(tf, tfRecordDataset(tf, entry.allFile()), batch);
        this.batchesPerEpoch = (examples + batchSize - 1) / batchSize;
      }

      List<Class<? extends TType>> parsedTypes =
          List.of(TInt64.class, TInt64.class, TInt64.class, TInt64.class, TInt64.class);
      // Output shapes in KEYS order: ids [B,W*T], mask [B,W*T], label vectors [B,K], segments [B,W*T], windows [B,1]
      int k = entry.outputs();
      List<Shape> parsedShapes =
          List.of(Shape.of(-1, -1), Shape.of(-1, -1), Shape.of(-1, k), Shape.of(-1, -1), Shape.of(-1, 1));
      List<Operand<?>> defaults =
          List.of(
              tf.constant(0L), // input_ids: padding value
              tf.constant(0L), // input_mask: padding value
              tf.constant(new long[0]), // label vector: required, exactly K values
              tf.constant(0L), // segment_ids: padding value
              tf.constant(new long[0])); // windows: required
      Operand<TType> parsed =
          ParseExampleDataset.create(tf.scope(), serialized, tf.constant(1L), defaults, List.of(),
              KEYS, List.of(), List.of(Shape.of(-1), Shape.of(-1), Shape.of(k), Shape.of(-1), Shape.of(1)),
              parsedTypes, parsedShapes, List.of(), List.of(),
              ParseExampleDataset.deterministic("true"));
      Operand<TType> prefetched =
          PrefetchDataset.create(tf.scope(), parsed, tf.constant(PREFETCH), parsedTypes, parsedShapes);

      Operand<TType> withOptions = OptionsDataset.create(tf.scope(), prefetched, NO_AUTOTUNE, parsedTypes,
          parsedShapes);

      Iterator iterator = Iterator.create(tf.scope(), "", "", parsedTypes, parsedShapes);
      this.makeIterator = MakeIterator.create(tf.scope(), withOptions, iterator);
      IteratorGetNext next = IteratorGetNext.create(tf.scope(), iterator, parsedTypes, parsedShapes);
      List<Output<?>> c = next.components();
      @SuppressWarnings("unchecked")
      Output<TInt64> mask64 = (Output<TInt64>) c.get(1);
      Operand<TInt64> rows = windowRows(tf, c.get(0), c.get(4));
      this.inputIds = tf.withName("input_ids").dtypes.cast(tf.reshape(c.get(0), rows), TInt32.class).y();
      this.inputMask = tf.withName("input_mask").dtypes.cast(tf.reshape(mask64, rows), TInt32.class).y();
      this.labels = tf.withName("labels").dtypes.cast(c.get(2), TFloat32.class).y();
      this.segmentIds = tf.withName("segment_ids").dtypes.cast(tf.reshape(c.get(3), rows), TInt32.class).y();
      this.realTokens = tf.withName("real_tokens").sum(mask64, tf.constant(new int[] {0, 1})).output();

      // Dataset kernels (prefetch, parsing) run their background work on the inter-op pool: a few spare threads.
      ConfigProto config =
          ConfigProto.newBuilder()
              .setUsePerSessionThreads(true)
              .setIntraOpParallelismThreads(1)
              .setInterOpParallelismThreads(4)
              .build();
      this.session = new Session(graph, config);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /**
   * The shape {@code [B*W, T]} of a batch's windows as rows: its tokens are {@code [B, W*T]}, W read from the first
   * example (every example of a batch has as many windows).
   */
  @SuppressWarnings("unchecked")
  private static Operand<TInt64> windowRows(Ops tf, Output<?> tokens, Output<?> windows) {
    Operand<TInt64> width = tf.gather(tf.shape((Output<TInt64>) tokens, TInt64.class), tf.constant(1), tf.constant(0));
    Operand<TInt64> count = tf.reshape(tf.slice((Output<TInt64>) windows, tf.constant(new int[] {0, 0}),
        tf.constant(new int[] {1, 1})), tf.constant(new int[0]));
    return tf.stack(List.of(tf.constant(-1L), tf.math.floorDiv(width, count)));
  }

  /** TFRecordDataset V1, built by hand (the generated V2 wrapper misses an input). */
  private static Operand<TType> tfRecordDataset(Ops tf, Path file) {
    Operation op =
        tf.scope()
            .opBuilder("TFRecordDataset", "TFRecordDataset")
            .addInput(tf.constant(file.toAbsolutePath().toString()).asOutput())
            .addInput(tf.constant("").asOutput()) // compression: none
            .addInput(tf.constant(READ_BUFFER_BYTES).asOutput())
            .build();
    return op.output(0);
  }

  /**
   * ShuffleDataset (V1, by hand) with seeds as inputs; no reshuffle on re-initialization: the order
   * is a pure function of (seed, seed2), the seed being fed per epoch.
   */
  private static Operand<TType> shuffle(Ops tf, Operand<TType> ds, long buffer, Operand<TInt64> seed,
      long seed2, Shape elementShape) {
    Operation op =
        tf.scope()
            .opBuilder("ShuffleDataset", "ShuffleDataset")
            .addInput(ds.asOutput())
            .addInput(tf.constant(Math.max(1L, buffer)).asOutput())
            .addInput(seed.asOutput())
            .addInput(tf.constant(seed2).asOutput())
            .setAttr("reshuffle_each_iteration", false)
            .setAttr("output_types", SERIALIZED_DTYPES)
            .setAttr("output_shapes", new Shape[] {elementShape})
            .build();
    return op.output(0);
  }

  private static Operand<TType> batch(Ops tf, Operand<TType> ds, Operand<TInt64> batchSize) {
    return BatchDataset.create(tf.scope(), ds, batchSize, tf.constant(false), SERIALIZED_TYPES,
        List.of(Shape.of(-1)));
  }

  // ---------------------------------------------------------------------------------- iteration

  /**
   * (Re)starts iteration for {@code epoch}: runs {@code MakeIterator} with seed {@code baseSeed +
   * epoch} (training) or simply rewinds (evaluation). Any batch of the previous epoch not yet taken
   * is dropped.
   */
  public void startEpoch(int epoch) {
    checkOpen();
    Session.Runner runner = session.runner().addTarget(makeIterator);
    if (seed != null) {
      try (TInt64 s = TInt64.scalarOf(baseSeed + epoch)) {
        runner.feed(seed, s);
        runner.run().close();
      }
    } else {
      runner.run().close();
    }
    started = true;
    exhausted = false;
  }

  /**
   * The next batch of the current epoch, or empty at its end. The caller must close the batch.
   *
   * @throws IllegalStateException if {@link #startEpoch(int)} was not called
   */
  public Optional<Batch> next() {
    checkOpen();
    if (!started) {
      throw new IllegalStateException("call startEpoch(epoch) before next()");
    }
    if (exhausted) {
      return Optional.empty();
    }
    Result result;
    try {
      result =
          session.runner()
              .fetch(inputIds)
              .fetch(inputMask)
              .fetch(segmentIds)
              .fetch(labels)
              .fetch(realTokens)
              .run();
    } catch (TFOutOfRangeException endOfSequence) {
      exhausted = true;
      return Optional.empty();
    }
    try {
      // The Result owns the tensors; the Batch takes over the Result and closes it exactly once.
      long real = ((TInt64) result.get(4)).getObject();
      return Optional.of(
          new Batch((TInt32) result.get(0), (TInt32) result.get(1), (TInt32) result.get(2),
              (TFloat32) result.get(3), real, result));
    } catch (RuntimeException e) {
      result.close();
      throw e;
    }
  }

  /** Number of batches one epoch yields. */
  public int batchesPerEpoch() {
    return batchesPerEpoch;
  }

  /** Number of examples one epoch yields. */
  public int examples() {
    return examples;
  }

  /** Closes the session and the graph. Batches already handed out stay valid until closed. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      session.close();
    } finally {
      graph.close();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("pipeline is closed");
    }
  }
}
