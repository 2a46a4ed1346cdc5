package dev.bertune.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.core.Gather;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Gradients that TensorFlow's C++ registry lacks but BERT needs. Registration is process-global and happens
 * once.
 */
public final class Gradients {
  private static boolean registered;

  private Gradients() {}

  /**
   * Registers the gradient of {@code ResourceGather} (BERT's word-embedding lookup): a dense
   * {@code [rows, cols]} gradient, {@code unsortedSegmentSum(dy as [N, cols], indices as [N], rows)}.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static synchronized void registerResourceGather() {
    if (registered) {
      return;
    }
    TensorFlow.registerCustomGradient("ResourceGather", (tf, op, gradInputs) -> {
      Operand<?> handle = op.input(0);
      Operand indices = op.input(1); // int32 or int64 ids, any shape
      Operand<TFloat32> dy = (Operand<TFloat32>) gradInputs.get(0);
      Operand<TInt32> varShape = tf.variableShape(handle); // [rows, cols]
      Operand<TInt32> rows = tf.gather(varShape, tf.constant(0), tf.constant(0));
      Gather<TInt32> cols = tf.gather(varShape, tf.constant(1), tf.constant(0));
      Operand<TFloat32> flatDy = tf.reshape(dy, tf.stack(List.of(tf.constant(-1), cols))); // [N, cols]
      Operand flatIndices = tf.reshape(indices, tf.constant(new int[] {-1})); // [N]
      Operand<TFloat32> dense = tf.math.unsortedSegmentSum(flatDy, flatIndices, rows); // [rows, cols]
      return List.of(dense, tf.zerosLike(indices));
    });
    registered = true;
  }
}
