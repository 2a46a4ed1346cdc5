package dev.bertune.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Loss functions built from TF ops. */
public final class Losses {
  private Losses() {}

  /**
   * Numerically stable sigmoid cross-entropy per example, positive examples weighted:
   * {@code w(z) * (max(x, 0) - x z + log(1 + exp(-|x|)))} with {@code w = 1 + (positiveWeight - 1) z}.
   *
   * @param labels z, [B] in {0, 1}
   * @param logits x, [B]
   * @return [B]
   */
  public static Operand<TFloat32> weightedSigmoidCrossEntropy(
      Ops tf, Operand<TFloat32> labels, Operand<TFloat32> logits, float positiveWeight) {
    Operand<TFloat32> ce = tf.math.add(
        tf.math.sub(tf.nn.relu(logits), tf.math.mul(logits, labels)),
        tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits)))));
    if (positiveWeight == 1f) {
      return ce;
    }
    Operand<TFloat32> weights =
        tf.math.add(tf.constant(1f), tf.math.mul(tf.constant(positiveWeight - 1f), labels));
    return tf.math.mul(ce, weights);
  }
}
