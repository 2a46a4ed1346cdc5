package dev.bertune.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TFloat32;

/**
 * Gradient accumulation: each batch adds its gradients to one buffer per trained variable; every N batches the
 * optimizer applies their mean ({@code buffer * scale}, {@code scale = 1 / batches accumulated}) and the buffers
 * are zeroed. The effective batch is N times the batch that fits in memory.
 *
 * @param accumulate adds this batch's gradients to the buffers
 * @param averaged mean gradient per variable, for the optimizer
 * @param scale 1 / number of batches accumulated, fed at update time
 * @param accumulators the buffers (checkpointed with the optimizer state)
 */
record GradientAccumulator(Op accumulate, List<Operand<TFloat32>> averaged, Placeholder<TFloat32> scale,
    List<ResourceVariable> accumulators, List<VarHandleOp> handles) {

  static GradientAccumulator build(Ops tf, List<ResourceVariable> vars, List<Operand<TFloat32>> gradients) {
    Ops acc = tf.withSubScope("accumulate");
    Ops init = acc.withInitScope();
    Placeholder<TFloat32> scale = acc.withName("scale").placeholder(TFloat32.class);
    List<Op> adds = new ArrayList<>();
    List<Operand<TFloat32>> averaged = new ArrayList<>();
    List<ResourceVariable> buffers = new ArrayList<>();
    List<VarHandleOp> handles = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      ResourceVariable v = vars.get(i);
      VarHandleOp buffer = init.withName("g_" + i)
          .varHandleOp(TFloat32.class, v.shape(), VarHandleOp.sharedName(v.name() + "/grad_accumulator"));
      init.assignVariableOp(buffer, init.fill(init.constant(v.shape().asArray()), init.constant(0f)));
      adds.add(acc.assignAddVariableOp(buffer, gradients.get(i)));
      averaged.add(acc.math.mul(acc.readVariableOp(buffer, TFloat32.class), scale));
      buffers.add(ResourceVariable.of((GraphOperation) buffer.op()));
      handles.add(buffer);
    }
    Op accumulate = acc.withControlDependencies(adds).withName("add_all").noOp();
    return new GradientAccumulator(accumulate, averaged, scale, buffers, handles);
  }

  /** Zeroes the buffers after {@code update} has read them; returns the op that does both. */
  Op resetAfter(Ops tf, Op update) {
    Ops after = tf.withSubScope("accumulate").withControlDependencies(List.of(update));
    List<Op> resets = new ArrayList<>();
    for (int i = 0; i < handles.size(); i++) {
      VarHandleOp h = handles.get(i);
      resets.add(after.assignVariableOp(h, after.zerosLike(after.readVariableOp(h, TFloat32.class))));
    }
    return after.withControlDependencies(resets).withName("apply_and_reset").noOp();
  }
}
