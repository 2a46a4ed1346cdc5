package dev.bertune.task;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Loss functions built from TF ops (each op with a C++ gradient, so {@code Graph.addGradients} sees through). */
public final class Losses {
  private Losses() {}

  /**
   * Numerically stable sigmoid cross-entropy, element-wise, positive examples weighted:
   * {@code w(z) * (max(x, 0) - x z + log(1 + exp(-|x|)))} with {@code w = 1 + (positiveWeight - 1) z}.
   *
   * @param labels z, in {0, 1}
   * @param logits x, same shape
   * @return same shape as the inputs
   */
  public static Operand<TFloat32> weightedSigmoidCrossEntropy(
      Ops tf, Operand<TFloat32> labels, Operand<TFloat32> logits, float positiveWeight) {
    Operand<TFloat32> ce = sigmoidCrossEntropy(tf, labels, logits);
    if (positiveWeight == 1f) {
      return ce;
    }
    Operand<TFloat32> weights =
        tf.math.add(tf.constant(1f), tf.math.mul(tf.constant(positiveWeight - 1f), labels));
    return tf.math.mul(ce, weights);
  }

  /**
   * Sigmoid cross-entropy per label, summed over the labels: {@code sum_k w_k(z) * ce(z_k, x_k)} with
   * {@code w_k = 1 + (positiveWeights[k] - 1) z_k}.
   *
   * @param labels [B, K] in {0, 1}
   * @param logits [B, K]
   * @param positiveWeights [K], the weight of a positive label k (1 = unweighted)
   * @return [B]
   */
  public static Operand<TFloat32> summedSigmoidCrossEntropy(
      Ops tf, Operand<TFloat32> labels, Operand<TFloat32> logits, float[] positiveWeights) {
    Operand<TFloat32> ce = sigmoidCrossEntropy(tf, labels, logits); // [B, K]
    if (!allOnes(positiveWeights)) {
      float[] extra = new float[positiveWeights.length];
      for (int k = 0; k < extra.length; k++) {
        extra[k] = positiveWeights[k] - 1f;
      }
      Operand<TFloat32> weights = tf.math.add(tf.constant(1f), tf.math.mul(tf.constant(extra), labels)); // [B, K]
      ce = tf.math.mul(ce, weights);
    }
    return tf.sum(ce, tf.constant(1)); // [B]
  }

  /**
   * Softmax cross-entropy of one-hot labels: {@code logsumexp(x) - sum_k z_k x_k}, with the row maximum
   * subtracted (and kept out of the gradient) for stability.
   *
   * @param labels [B, K], one-hot
   * @param logits [B, K]
   * @return [B]
   */
  public static Operand<TFloat32> softmaxCrossEntropy(Ops tf, Operand<TFloat32> labels, Operand<TFloat32> logits) {
    Operand<TFloat32> max = tf.stopGradient(tf.max(logits, tf.constant(1), org.tensorflow.op.core.Max.keepDims(true)));
    Operand<TFloat32> shifted = tf.math.sub(logits, max); // [B, K]
    Operand<TFloat32> logSumExp = tf.math.log(tf.sum(tf.math.exp(shifted), tf.constant(1))); // [B]
    Operand<TFloat32> picked = tf.sum(tf.math.mul(labels, shifted), tf.constant(1)); // [B]
    return tf.math.sub(logSumExp, picked);
  }

  /** Per-example weights {@code [B]}: the weight of each example's class, {@code labels [B, K] @ weights [K]}. */
  public static Operand<TFloat32> classWeights(Ops tf, Operand<TFloat32> labels, float[] weights) {
    return tf.sum(tf.math.mul(labels, tf.constant(weights)), tf.constant(1));
  }

  /** {@code max(x, 0) - x z + log(1 + exp(-|x|))}, element-wise. */
  private static Operand<TFloat32> sigmoidCrossEntropy(Ops tf, Operand<TFloat32> labels, Operand<TFloat32> logits) {
    return tf.math.add(
        tf.math.sub(tf.nn.relu(logits), tf.math.mul(logits, labels)),
        tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits)))));
  }

  /** Whether every weight is 1 (no weighting op needed). */
  public static boolean allOnes(float[] weights) {
    for (float w : weights) {
      if (w != 1f) {
        return false;
      }
    }
    return true;
  }
}
