package dev.bertune.model;

import dev.bertune.config.FeatureSource;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TFloat32;

/**
 * The classification head: one dense layer from BERT's features to the task's K logits, {@code [B, H] -> [B, K]}
 * (K = 1 for a binary task). Its two resource variables are {@code head/kernel} [H, K] and {@code head/bias} [K].
 */
public final class ClassifierHead {
  /** Standard deviation of the truncated-normal kernel initialiser (as in Google's run_classifier). */
  public static final double INIT_STDDEV = 0.02;
  public static final String SCOPE = "head";

  private final ResourceVariable kernel;
  private final ResourceVariable bias;

  private ClassifierHead(ResourceVariable kernel, ResourceVariable bias) {
    this.kernel = kernel;
    this.bias = bias;
  }

  /**
   * Adds the head's variables to the graph of {@code tf}; their initialisers (seeded truncated normal kernel,
   * zero bias) run at {@code session.initialize()}.
   */
  public static ClassifierHead create(Ops tf, int hidden, int outputs, long seed) {
    Ops init = tf.withSubScope(SCOPE).withInitScope();
    float[][] kernelValues = truncatedNormal(hidden, outputs, seed);
    VarHandleOp kernel = init.withName("kernel")
        .varHandleOp(TFloat32.class, Shape.of(hidden, outputs), VarHandleOp.sharedName(SCOPE + "/kernel"));
    init.assignVariableOp(kernel, init.constant(StdArrays.ndCopyOf(kernelValues)));
    VarHandleOp bias = init.withName("bias")
        .varHandleOp(TFloat32.class, Shape.of(outputs), VarHandleOp.sharedName(SCOPE + "/bias"));
    init.assignVariableOp(bias, init.constant(new float[outputs]));
    return new ClassifierHead(ResourceVariable.of((GraphOperation) kernel.op()),
        ResourceVariable.of((GraphOperation) bias.op()));
  }

  /** The logits of each example: {@code features [B, H] @ kernel [H, K] + bias [K] -> [B, K]}. */
  public Operand<TFloat32> logits(Ops tf, Operand<TFloat32> features) {
    Ops h = tf.withSubScope(SCOPE);
    Operand<TFloat32> w = h.readVariableOp(kernel.handle(), TFloat32.class);
    Operand<TFloat32> b = h.readVariableOp(bias.handle(), TFloat32.class);
    return h.math.add(h.linalg.matMul(features, w), b); // [B, K]
  }

  public List<ResourceVariable> variables() {
    return List.of(kernel, bias);
  }

  /**
   * BERT's features for the head: the pooled output, or the [CLS] row of the sequence output; taken from {@code
   * top} (a last layer computed for [CLS] alone, {@link ClsOnlyTopLayer}) when present.
   */
  @SuppressWarnings("unchecked")
  public static Operand<TFloat32> features(Ops tf, Graph graph, BertSignature sig, FeatureSource source,
      Optional<ClsOnlyTopLayer.Outputs> top) {
    if (top.isPresent()) {
      return source == FeatureSource.POOLED ? top.get().pooled() : top.get().cls();
    }
    return switch (source) {
      case POOLED -> (Output<TFloat32>) graph.outputOrThrow(sig.pooledOutput()); // [B, H]
      case CLS -> {
        Output<TFloat32> sequence = (Output<TFloat32>) graph.outputOrThrow(sig.sequenceOutput()); // [B, T, H]
        yield tf.gather(sequence, tf.constant(0), tf.constant(1)); // [B, H]
      }
    };
  }

  /** Truncated-normal draws in row-major order (a one-column head gets the same values as before K existed). */
  private static float[][] truncatedNormal(int rows, int cols, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] values = new float[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        double x;
        do {
          x = gaussian(random);
        } while (Math.abs(x) > 2);
        values[i][j] = (float) (x * INIT_STDDEV);
      }
    }
    return values;
  }

  private static double gaussian(SplittableRandom random) {
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
