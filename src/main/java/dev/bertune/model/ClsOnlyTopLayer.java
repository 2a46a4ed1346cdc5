package dev.bertune.model;

import static dev.bertune.model.TensorNames.opName;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * BERT's last encoder layer and pooler, computed for the [CLS] position only.
 *
 * <p>The classifier reads one vector per review: the pooled output {@code tanh(dense(h[CLS]))} or the [CLS] row
 * of the last layer. In the last layer only that row is needed: the keys and values still come from every token
 * of the layer below, but the query, the attention output, the feed-forward block and both LayerNorms run on one
 * row per example instead of T. For BERT-base at 128 tokens that removes ~83% of one of the 12 layers, ~7% of
 * the forward pass, and as much of the backward pass when the encoder trains.
 *
 * <p>The new ops read the same variables through the graph's own {@code ReadVariableOp}s and constants, so
 * training, checkpoints and exports see one set of weights; the saved full-sequence layer stays in the graph,
 * unused. It recognises Google's TF1 BERT layout ({@code .../bert/encoder/layer_N/...}, {@code
 * .../bert/pooler/dense}); other graphs get {@link Optional#empty()} and run as saved.
 */
public final class ClsOnlyTopLayer {
  /** The [CLS] vector of the last layer and the pooled output, both [B, H]. */
  public record Outputs(Operand<TFloat32> cls, Operand<TFloat32> pooled) {}

  private final Ops tf;
  private final Graph graph;

  private ClsOnlyTopLayer(Ops tf, Graph graph) {
    this.tf = tf;
    this.graph = graph;
  }

  /** Builds the [CLS]-only top layer into {@code graph}, or returns empty when the graph is not Google's BERT. */
  public static Optional<Outputs> build(Ops tf, Graph graph, BertSignature sig) {
    String pooled = opName(sig.pooledOutput());
    int cut = pooled.lastIndexOf("pooler/dense/");
    if (cut < 0) {
      return Optional.empty();
    }
    String bert = pooled.substring(0, cut);
    int last = -1;
    while (graph.operation(layerOutput(bert, last + 1)) != null) {
      last++;
    }
    if (last < 1 || !complete(graph, bert, last)) {
      return Optional.empty(); // checked before building, so that a graph it does not fit gets no unused ops
    }
    try {
      return Optional.of(new ClsOnlyTopLayer(tf.withSubScope("cls_only_top_layer"), graph)
          .layer(bert, last, graph.outputOrThrow(sig.inputIds())));
    } catch (MissingNode e) {
      return Optional.empty();
    }
  }

  /** Whether every node that {@link #layer} reads exists, in the saved or the fused LayerNorm form. */
  private static boolean complete(Graph graph, String bert, int n) {
    String l = bert + "encoder/layer_" + n + "/";
    List<String> names = new ArrayList<>(List.of(layerOutput(bert, n - 1),
        l + "attention/self/Reshape/shape/2", l + "attention/self/Reshape/shape/3", l + "attention/self/Mul/y",
        l + "attention/self/mul_1"));
    for (String dense : List.of(l + "attention/self/query", l + "attention/self/key",
        l + "attention/self/value", l + "attention/output/dense", l + "intermediate/dense", l + "output/dense",
        bert + "pooler/dense")) {
      names.add(dense + "/MatMul");
      names.add(dense + "/BiasAdd");
    }
    for (String norm : List.of(l + "attention/output/LayerNorm/", l + "output/LayerNorm/")) {
      names.addAll(graph.operation(norm + FusedLayerNorm.SCALED) != null
          ? List.of(norm + FusedLayerNorm.NORMALIZED, norm + "batchnorm/add_1")
          : List.of(norm + "batchnorm/mul", norm + "batchnorm/sub", norm + "batchnorm/add/y"));
    }
    return names.stream().allMatch(name -> graph.operation(name) != null);
  }

  private static String layerOutput(String bert, int layer) {
    return bert + "encoder/layer_" + layer + "/output/LayerNorm/batchnorm/add_1";
  }

  private Outputs layer(String bert, int n, Output<?> inputIds) {
    String l = bert + "encoder/layer_" + n + "/";
    Output<TFloat32> below = floats(op(layerOutput(bert, n - 1)).output(0)); // [B*T, H]
    if (below.shape().numDimensions() != 2) {
      throw new MissingNode();
    }
    Operand<TInt32> shape = tf.shape(ints(inputIds));
    Operand<TInt32> batch = tf.gather(shape, tf.constant(0), tf.constant(0));
    Operand<TInt32> length = tf.gather(shape, tf.constant(1), tf.constant(0));
    Output<TInt32> heads = ints(op(l + "attention/self/Reshape/shape/2").output(0));
    Output<TInt32> headSize = ints(op(l + "attention/self/Reshape/shape/3").output(0));

    Operand<TFloat32> sequence = tf.reshape(below, tf.stack(List.of(batch, length, tf.constant(-1)))); // [B, T, H]
    Operand<TFloat32> cls = tf.gather(sequence, tf.constant(0), tf.constant(1)); // [B, H]

    Operand<TFloat32> query = splitHeads(dense(cls, l + "attention/self/query"), batch, tf.constant(1), heads,
        headSize); // [B, heads, 1, d]
    Operand<TFloat32> key = splitHeads(dense(below, l + "attention/self/key"), batch, length, heads, headSize);
    Operand<TFloat32> value = splitHeads(dense(below, l + "attention/self/value"), batch, length, heads, headSize);
    Operand<TFloat32> scores = tf.math.mul(
        batchMatMul(query, key, true), // [B, heads, 1, T]
        floats(op(l + "attention/self/Mul/y").output(0)));
    Operand<TFloat32> maskAdder = tf.gather(floats(op(l + "attention/self/mul_1").output(0)),
        tf.constant(new int[] {0}), tf.constant(2)); // [B, 1, T, T] -> [B, 1, 1, T]
    Operand<TFloat32> probs = tf.nn.softmax(tf.math.add(scores, maskAdder));
    Operand<TFloat32> context = tf.reshape(
        tf.linalg.transpose(batchMatMul(probs, value, false), tf.constant(new int[] {0, 2, 1, 3})),
        tf.stack(List.of(batch, tf.constant(-1)))); // [B, H]

    Operand<TFloat32> attention = layerNorm(tf.math.add(dense(context, l + "attention/output/dense"), cls),
        l + "attention/output/LayerNorm/");
    Operand<TFloat32> intermediate = gelu(dense(attention, l + "intermediate/dense"));
    Operand<TFloat32> out = layerNorm(tf.math.add(dense(intermediate, l + "output/dense"), attention),
        l + "output/LayerNorm/");
    Operand<TFloat32> pooled = tf.math.tanh(dense(out, bert + "pooler/dense"));
    return new Outputs(out, pooled);
  }

  /** [B * T, H] or [B, H] (T = 1) to [B, heads, T, d]. */
  private Operand<TFloat32> splitHeads(Operand<TFloat32> x, Operand<TInt32> batch, Operand<TInt32> length,
      Operand<TInt32> heads, Operand<TInt32> headSize) {
    return tf.linalg.transpose(tf.reshape(x, tf.stack(List.of(batch, length, heads, headSize))),
        tf.constant(new int[] {0, 2, 1, 3}));
  }

  /** {@code x @ kernel + bias} with the kernel and bias the saved layer {@code scope} reads. */
  private Operand<TFloat32> dense(Operand<TFloat32> x, String scope) {
    GraphOperation matmul = op(scope + "/MatMul");
    GraphOperation biasAdd = op(scope + "/BiasAdd");
    if (matmul.attributes().getAttrBool("transpose_a") || matmul.attributes().getAttrBool("transpose_b")) {
      throw new MissingNode();
    }
    return tf.nn.biasAdd(tf.linalg.matMul(x, floats(matmul.input(1))),
        floats(biasAdd.input(1)));
  }

  /**
   * LayerNorm over the last axis as Google's BERT computes it, with the saved layer's gamma, beta and epsilon (read
   * from the saved form, or from the fused form of {@link FusedLayerNorm}: a pruned graph such as an export's keeps
   * only the nodes that its outputs use).
   */
  private Operand<TFloat32> layerNorm(Operand<TFloat32> x, String scope) {
    Output<TFloat32> gamma;
    Output<TFloat32> beta;
    Operand<TFloat32> epsilon;
    GraphOperation fusedScale = graph.operation(scope + FusedLayerNorm.SCALED);
    if (fusedScale != null) {
      gamma = floats(fusedScale.input(1));
      beta = floats(op(scope + "batchnorm/add_1").input(1));
      epsilon = tf.constant(op(scope + FusedLayerNorm.NORMALIZED).attributes().getAttrFloat("epsilon"));
    } else {
      gamma = floats(op(scope + "batchnorm/mul").input(1));
      beta = floats(op(scope + "batchnorm/sub").input(0));
      epsilon = floats(op(scope + "batchnorm/add/y").output(0));
    }
    Operand<TInt32> lastAxis = tf.constant(new int[] {-1});
    Operand<TFloat32> mean = tf.math.mean(x, lastAxis, Mean.keepDims(true));
    Operand<TFloat32> variance = tf.math.mean(tf.math.squaredDifference(x, tf.stopGradient(mean)), lastAxis,
        Mean.keepDims(true));
    Operand<TFloat32> scale = tf.math.mul(tf.math.rsqrt(tf.math.add(variance, epsilon)), gamma);
    return tf.math.add(tf.math.mul(x, scale), tf.math.sub(beta, tf.math.mul(mean, scale)));
  }

  /** GELU, tanh approximation, as Google's BERT writes it. */
  private Operand<TFloat32> gelu(Operand<TFloat32> x) {
    Operand<TFloat32> cube = tf.math.pow(x, tf.constant(3f));
    Operand<TFloat32> inner = tf.math.mul(tf.constant((float) Math.sqrt(2 / Math.PI)),
        tf.math.add(x, tf.math.mul(tf.constant(0.044715f), cube)));
    return tf.math.mul(x, tf.math.mul(tf.constant(0.5f), tf.math.add(tf.constant(1f), tf.math.tanh(inner))));
  }

  /**
   * BatchMatMul (V1, as in the saved graph: its gradient is registered), optionally with the second operand
   * transposed.
   */
  private Operand<TFloat32> batchMatMul(Operand<TFloat32> a, Operand<TFloat32> b, boolean adjointB) {
    GraphOperation op = graph.opBuilder("BatchMatMul", tf.scope().makeOpName("BatchMatMul"), tf.scope())
        .addInput(a.asOutput()).addInput(b.asOutput()).setAttr("adj_x", false).setAttr("adj_y", adjointB).build();
    return floats(op.output(0));
  }

  @SuppressWarnings("unchecked")
  private static Output<TFloat32> floats(Output<?> output) {
    return (Output<TFloat32>) output;
  }

  @SuppressWarnings("unchecked")
  private static Output<TInt32> ints(Output<?> output) {
    return (Output<TInt32>) output;
  }

  private GraphOperation op(String name) {
    GraphOperation op = graph.operation(name);
    if (op == null) {
      throw new MissingNode();
    }
    return op;
  }


  /** The graph lacks a node of Google's BERT layout. */
  private static final class MissingNode extends RuntimeException {
    MissingNode() {
      super(null, null, false, false);
    }
  }
}
