package dev.bertune.model;

import dev.bertune.config.WindowPooling;
import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Pools the feature vectors of each text's windows into the one vector the head reads ({@code tokenizer.long-text =
 * windows}, {@code head.window-pooling}): {@code windows [B*W, H]} with {@code mask [B, W]} (1 = a window of the text,
 * 0 = padding) {@code -> [B, H]}. A text of one window gets that window's vector exactly, whatever the pooling.
 *
 * <p>Attention pooling learns one vector {@code w} [H] ({@code pool/attention}, zero at the start: the mean): the
 * weight of window j is {@code softmax_j(features_j · w / sqrt(H))} over the text's real windows. The scale (as in
 * dot-product attention) keeps a step of the head's learning rate from turning the weights into a one-window pick
 * at once.
 */
public final class WindowPool {
  public static final String SCOPE = "pool";
  /** Added to the scores of padding windows so that they get no weight. */
  private static final float MASKED = -1e9f;

  private final WindowPooling kind;
  private final ResourceVariable attention; // [H, 1]; null unless attention pooling
  private final int hiddenSize;

  private WindowPool(WindowPooling kind, ResourceVariable attention, int hiddenSize) {
    this.kind = kind;
    this.attention = attention;
    this.hiddenSize = hiddenSize;
  }

  /** Adds the pooling (and, for attention, its variable, initialised to zero) to the graph of {@code tf}. */
  public static WindowPool create(Ops tf, WindowPooling kind, int hidden) {
    if (kind != WindowPooling.ATTENTION) {
      return new WindowPool(kind, null, hidden);
    }
    Ops init = tf.withSubScope(SCOPE).withInitScope();
    VarHandleOp w = init.withName("attention")
        .varHandleOp(TFloat32.class, Shape.of(hidden, 1), VarHandleOp.sharedName(SCOPE + "/attention"));
    init.assignVariableOp(w, init.constant(new float[hidden][1]));
    return new WindowPool(kind, ResourceVariable.of((GraphOperation) w.op()), hidden);
  }

  /** The pooled vector of each text: {@code windows [B*W, H]}, {@code mask [B, W]} {@code -> [B, H]}. */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> windows, Operand<TFloat32> mask) {
    Ops p = tf.withSubScope(SCOPE);
    Operand<TInt32> hidden = p.gather(p.shape(windows), p.constant(1), p.constant(0));
    Operand<TInt32> shape = p.concat(List.of(p.shape(mask), p.reshape(hidden, p.constant(new int[] {1}))),
        p.constant(0));
    Operand<TFloat32> m = p.expandDims(mask, p.constant(-1)); // [B, W, 1]
    // padding windows read as zeros: what an encoder makes of an all-padding row (even NaN) never reaches a text
    Operand<TFloat32> byText = p.reshape(windows, shape); // [B, W, H]
    Operand<TFloat32> x = p.select(p.math.greater(m, p.constant(0f)), byText, p.zerosLike(byText));
    return switch (kind) {
      case MEAN -> p.math.div(p.sum(p.math.mul(x, m), p.constant(1)), p.sum(m, p.constant(1)));
      case MAX -> p.max(p.math.add(x, p.math.mul(p.math.sub(m, p.constant(1f)), p.constant(-MASKED))),
          p.constant(1));
      case ATTENTION -> {
        Operand<TFloat32> w = p.readVariableOp(attention.handle(), TFloat32.class);
        Operand<TFloat32> scores = p.math.mul(p.reshape(p.linalg.matMul(p.reshape(x, p.shape(windows)), w),
            p.shape(mask)), p.constant((float) (1 / Math.sqrt(hiddenSize)))); // [B, W]
        Operand<TFloat32> masked = p.math.add(scores, p.math.mul(p.math.sub(mask, p.constant(1f)),
            p.constant(-MASKED)));
        Operand<TFloat32> weights = p.expandDims(p.nn.softmax(masked), p.constant(-1)); // [B, W, 1]
        yield p.sum(p.math.mul(x, weights), p.constant(1));
      }
    };
  }

  /** The variables the pooling trains (with the head): none, or the attention vector. */
  public List<ResourceVariable> variables() {
    return attention == null ? List.of() : List.of(attention);
  }

  public WindowPooling kind() {
    return kind;
  }
}
