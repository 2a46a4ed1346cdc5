package dev.bertune.testing;

import dev.bertune.model.ResourceVariable;
import dev.bertune.model.VariableSaver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Builds a tiny BERT-shaped SavedModel for fast tests: the real model's signature ({@code serving_default}:
 * int32 {@code input_ids, input_mask, segment_ids} declared [-1, 128]; {@code pooled_output} [-1, H],
 * {@code sequence_output} [-1, -1, H]), resource variables only, a {@code ResourceGather} word-embedding
 * lookup, tag {@code serve}, {@code assets/vocab.txt} and {@code assets/model.json}.
 *
 * <p>Forward: {@code e = word[ids] + position[0..T) + type[segments]}; {@code c = masked mean of e over T};
 * {@code sequence = tanh((e + c) W + b)}; {@code pooled = tanh(sequence[:, 0] P + p)}. The masked mean makes
 * every position (and so [CLS]) see the whole text, and makes outputs independent of padding.
 */
public final class TinyBert {
  public static final int HIDDEN = 8;
  public static final int MAX_POSITIONS = 64;
  public static final List<String> WORDS = List.of(
      "the", "movie", "film", "was", "is", "great", "good", "wonderful", "loved", "brilliant", "bad", "terrible",
      "awful", "hated", "boring", "it", "a", "and", "not", "plot", "acting", "very", "really", "this", "!", ".",
      ",", "i", "story", "music", "##s", "##ly");

  private TinyBert() {}

  /** The vocabulary: BERT's special tokens then {@link #WORDS}. */
  public static List<String> vocabulary() {
    List<String> v = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
    v.addAll(WORDS);
    return v;
  }

  /** Writes the SavedModel into {@code dir} (created) and returns it. */
  public static Path write(Path dir, long seed) throws IOException {
    List<String> vocab = vocabulary();
    SplittableRandom random = new SplittableRandom(seed);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TInt32> ids = tf.withName("input_ids").placeholder(TInt32.class,
          Placeholder.shape(Shape.of(-1, 128)));
      Placeholder<TInt32> mask = tf.withName("input_mask").placeholder(TInt32.class,
          Placeholder.shape(Shape.of(-1, 128)));
      Placeholder<TInt32> segments = tf.withName("segment_ids").placeholder(TInt32.class,
          Placeholder.shape(Shape.of(-1, 128)));

      Ops init = tf.withSubScope("bert").withInitScope();
      VarHandleOp word = variable(init, "word_embeddings", "bert/embeddings/word_embeddings",
          normal(random, vocab.size(), HIDDEN, 0.5));
      VarHandleOp position = variable(init, "position_embeddings", "bert/embeddings/position_embeddings",
          normal(random, MAX_POSITIONS, HIDDEN, 0.1));
      VarHandleOp type = variable(init, "token_type_embeddings", "bert/embeddings/token_type_embeddings",
          normal(random, 2, HIDDEN, 0.1));
      VarHandleOp kernel = variable(init, "encoder_kernel", "bert/encoder/layer_0/output/dense/kernel",
          normal(random, HIDDEN, HIDDEN, 0.5));
      VarHandleOp bias = variable(init, "encoder_bias", "bert/encoder/layer_0/output/dense/bias",
          new float[][] {new float[HIDDEN]});
      VarHandleOp poolerKernel = variable(init, "pooler_kernel", "bert/pooler/dense/kernel",
          normal(random, HIDDEN, HIDDEN, 0.5));
      VarHandleOp poolerBias = variable(init, "pooler_bias", "bert/pooler/dense/bias",
          new float[][] {new float[HIDDEN]});

      Ops b = tf.withSubScope("bert");
      Operand<TInt32> seqLen = b.gather(b.shape(ids), b.constant(1), b.constant(0)); // T
      Operand<TFloat32> words = b.resourceGather(word, ids, TFloat32.class); // [B, T, H]
      Operand<TFloat32> positions = b.gather(b.readVariableOp(position, TFloat32.class),
          b.range(b.constant(0), seqLen, b.constant(1)), b.constant(0)); // [T, H]
      Operand<TFloat32> types = b.gather(b.readVariableOp(type, TFloat32.class), segments, b.constant(0));
      Operand<TFloat32> e = b.math.add(b.math.add(words, positions), types); // [B, T, H]
      Operand<TFloat32> m = b.expandDims(b.dtypes.cast(mask, TFloat32.class), b.constant(-1)); // [B, T, 1]
      Operand<TFloat32> context = b.math.div(b.reduceSum(b.math.mul(e, m), b.constant(1), 
          org.tensorflow.op.core.ReduceSum.keepDims(true)),
          b.reduceSum(m, b.constant(1), org.tensorflow.op.core.ReduceSum.keepDims(true))); // [B, 1, H]
      Operand<TFloat32> mixed = b.reshape(b.math.add(e, context), b.constant(new int[] {-1, HIDDEN})); // [B*T, H]
      Operand<TFloat32> hidden = b.math.tanh(b.math.add(
          b.linalg.matMul(mixed, b.readVariableOp(kernel, TFloat32.class)),
          b.reshape(b.readVariableOp(bias, TFloat32.class), b.constant(new int[] {HIDDEN}))));
      Operand<TFloat32> sequence = b.withName("sequence_output").reshape(hidden,
          b.stack(List.of(b.constant(-1), seqLen, b.constant(HIDDEN)))); // [B, T, H]
      Operand<TFloat32> cls = b.gather(sequence, b.constant(0), b.constant(1)); // [B, H]
      Operand<TFloat32> pooled = b.withName("pooled_output").math.tanh(b.math.add(
          b.linalg.matMul(cls, b.readVariableOp(poolerKernel, TFloat32.class)),
          b.reshape(b.readVariableOp(poolerBias, TFloat32.class), b.constant(new int[] {HIDDEN}))));

      List<ResourceVariable> variables = ResourceVariable.allIn(g);
      VariableSaver.build(tf, VariableSaver.EXPORT_SCOPE, variables);
      try (Session s = new Session(g)) {
        s.initialize();
        Signature sig = Signature.builder().key(Signature.DEFAULT_KEY).methodName("tensorflow/serving/predict")
            .input("input_ids", ids).input("input_mask", mask).input("segment_ids", segments)
            .output("pooled_output", pooled).output("sequence_output", sequence).build();
        SavedModelBundle.exporter(dir.toString()).withTags("serve").withSession(s).withSignature(sig).export();
      }
    }
    Path assets = Files.createDirectories(dir.resolve("assets"));
    Files.write(assets.resolve("vocab.txt"), vocab);
    Files.writeString(assets.resolve("model.json"), "{\"doLowerCase\": true, \"maxSequenceLength\": 128}");
    return dir;
  }

  /** A float variable; a single-row {@code value} makes a vector variable [cols]. */
  private static VarHandleOp variable(Ops init, String opName, String sharedName, float[][] value) {
    boolean vector = value.length == 1;
    Shape shape = vector ? Shape.of(value[0].length) : Shape.of(value.length, value[0].length);
    VarHandleOp v = init.withName(opName).varHandleOp(TFloat32.class, shape, VarHandleOp.sharedName(sharedName));
    init.assignVariableOp(v, vector ? init.constant(value[0]) : init.constant(StdArrays.ndCopyOf(value)));
    return v;
  }

  private static float[][] normal(SplittableRandom random, int rows, int cols, double std) {
    float[][] out = new float[rows][cols];
    for (float[] row : out) {
      for (int j = 0; j < cols; j++) {
        row[j] = (float) ((random.nextDouble() * 2 - 1) * std * Math.sqrt(3));
      }
    }
    return out;
  }
}
