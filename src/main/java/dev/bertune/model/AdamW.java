package dev.bertune.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TFloat32;

/**
 * AdamW (Adam with decoupled weight decay, Loshchilov & Hutter) over resource variables, built from TF's
 * {@code ResourceApplyAdam} kernel, with global-norm gradient clipping. The framework's optimizers only see
 * {@code VariableV2}, so BERT's resource variables need this.
 *
 * <p>One update: {@code g <- g * clip / max(||g||, clip)}; {@code w <- w - lr * decay * w} (kernels and
 * embeddings only); Adam step on {@code w} with bias correction {@code beta^t}; {@code t <- t + 1}. Every
 * write waits for the global norm, which depends on every gradient, so no weight changes before all
 * gradients of the step are computed; the updates then run one variable after another (see {@link #build}).
 *
 * @param step the update op of one training step
 * @param globalNorm the gradient norm before clipping (scalar)
 * @param slots the optimizer's own variables (moments and step), for checkpoints
 */
public record AdamW(Op step, Operand<TFloat32> globalNorm, List<ResourceVariable> slots) {

  /** Hyper-parameters; learning rates are per parameter group and fed per step. */
  public record Settings(double beta1, double beta2, double epsilon, double weightDecay, double clipNorm) {}

  /** One trainable variable, its gradient and the learning rate of its group. */
  public record Param(ResourceVariable variable, Operand<TFloat32> gradient, Operand<TFloat32> learningRate) {}

  /** Builds the update ops; the moment slots are zero-initialised at {@code session.initialize()}. */
  public static AdamW build(Ops tf, List<Param> params, Settings s) {
    Ops opt = tf.withSubScope("adamw");
    Ops init = opt.withInitScope();
    List<ResourceVariable> slots = new ArrayList<>();
    VarHandleOp stepVar = init.withName("step")
        .varHandleOp(TFloat32.class, Shape.scalar(), VarHandleOp.sharedName("adamw/step"));
    init.assignVariableOp(stepVar, init.constant(0f));
    slots.add(ResourceVariable.of((org.tensorflow.GraphOperation) stepVar.op()));

    List<Operand<TFloat32>> squares = new ArrayList<>();
    for (Param p : params) {
      squares.add(opt.nn.l2Loss(p.gradient())); // sum(g^2) / 2
    }
    Operand<TFloat32> globalNorm =
        opt.math.sqrt(opt.math.mul(opt.constant(2f), opt.math.addN(squares))); // scalar
    Operand<TFloat32> clipScale = s.clipNorm() > 0
        ? opt.math.div(opt.constant((float) s.clipNorm()),
            opt.math.maximum(globalNorm, opt.constant((float) s.clipNorm())))
        : opt.constant(1f);
    Ops afterNorm = opt.withControlDependencyOps(List.of(globalNorm.op()));

    Operand<TFloat32> t = afterNorm.math.add(afterNorm.readVariableOp(stepVar, TFloat32.class), opt.constant(1f));
    Operand<TFloat32> beta1 = opt.constant((float) s.beta1());
    Operand<TFloat32> beta2 = opt.constant((float) s.beta2());
    Operand<TFloat32> epsilon = opt.constant((float) s.epsilon());
    Operand<TFloat32> beta1Power = opt.math.pow(beta1, t);
    Operand<TFloat32> beta2Power = opt.math.pow(beta2, t);
    Operand<TFloat32> decay = opt.constant((float) s.weightDecay());

    // The updates run one variable after another: each one's clipped gradient and decay term are computed only
    // after the previous update, so at most one such temporary (up to the 94 MB embedding table) is alive at a
    // time instead of a second copy of every gradient. Each update still uses all intra-op threads.
    List<Op> updates = new ArrayList<>();
    Op previous = null;
    for (int i = 0; i < params.size(); i++) {
      Param p = params.get(i);
      ResourceVariable v = p.variable();
      long[] dims = v.shape().asArray();
      VarHandleOp m = slot(init, "m_" + i, v, "/adam_m", dims);
      VarHandleOp vv = slot(init, "v_" + i, v, "/adam_v", dims);
      slots.add(ResourceVariable.of((org.tensorflow.GraphOperation) m.op()));
      slots.add(ResourceVariable.of((org.tensorflow.GraphOperation) vv.op()));
      // (the previous update itself waits for the global norm)
      Ops stage = previous == null ? afterNorm : afterNorm.withControlDependencies(List.of(previous));
      Ops ordered = stage;
      if (s.weightDecay() > 0 && v.decays()) {
        Operand<TFloat32> w = stage.readVariableOp(v.handle(), TFloat32.class);
        Op decayOp = stage.assignSubVariableOp(v.handle(),
            stage.math.mul(stage.math.mul(p.learningRate(), decay), w));
        ordered = stage.withControlDependencies(List.of(decayOp));
      }
      Operand<TFloat32> g = stage.math.mul(p.gradient(), clipScale);
      previous = ordered.train.resourceApplyAdam(v.handle(), m, vv, beta1Power, beta2Power, p.learningRate(),
          beta1, beta2, epsilon, g);
      updates.add(previous);
    }
    Op step = opt.withControlDependencies(updates).assignAddVariableOp(stepVar, opt.constant(1f));
    return new AdamW(step, globalNorm, slots);
  }

  private static VarHandleOp slot(Ops init, String opName, ResourceVariable v, String suffix, long[] dims) {
    VarHandleOp slot = init.withName(opName)
        .varHandleOp(TFloat32.class, v.shape(), VarHandleOp.sharedName(v.name() + suffix));
    init.assignVariableOp(slot, init.fill(init.constant(dims), init.constant(0f)));
    return slot;
  }
}
