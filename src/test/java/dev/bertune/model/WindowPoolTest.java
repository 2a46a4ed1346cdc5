package dev.bertune.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.bertune.config.WindowPooling;
import dev.bertune.pipeline.Batch;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Window pooling on hand-made features: mean, max, attention; padding windows ignored; one window = itself. */
class WindowPoolTest {
  // two texts of up to 3 windows, H = 2; the second text has 2 windows and one padding row (NaN, huge)
  private static final float[] FEATURES = {1, 2, 3, -4, 5, 0, /* text 2 */ -1, 7, 3, 1, Float.NaN, 100};
  private static final float[] MASK = {1, 1, 1, 1, 1, 0};

  private static float[][] pool(WindowPooling kind, float[] features, float[] mask, int texts, int windows) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class);
      Placeholder<TFloat32> m = tf.placeholder(TFloat32.class);
      Operand<TFloat32> pooled = WindowPool.create(tf, kind, 2).apply(tf, x, m);
      try (Session s = new Session(g);
          TFloat32 xs = TFloat32.tensorOf(Shape.of(features.length / 2, 2), DataBuffers.of(features));
          TFloat32 ms = TFloat32.tensorOf(Shape.of(texts, windows), DataBuffers.of(mask))) {
        s.initialize();
        try (Result r = s.runner().feed(x, xs).feed(m, ms).fetch(pooled).run()) {
          return Batch.rows((TFloat32) r.get(0));
        }
      }
    }
  }

  @Test
  void meanIgnoresPaddingWindows() {
    float[][] out = pool(WindowPooling.MEAN, FEATURES, MASK, 2, 3);
    assertArrayEquals(new float[] {3, -2f / 3}, out[0], 1e-6f);
    assertArrayEquals(new float[] {1, 4}, out[1], 1e-6f);
  }

  @Test
  void maxIgnoresPaddingWindows() {
    float[][] out = pool(WindowPooling.MAX, FEATURES, MASK, 2, 3);
    assertArrayEquals(new float[] {5, 2}, out[0]);
    assertArrayEquals(new float[] {3, 7}, out[1]);
  }

  @Test
  void attentionStartsAsTheMean() {
    float[][] out = pool(WindowPooling.ATTENTION, FEATURES, MASK, 2, 3);
    assertArrayEquals(new float[] {3, -2f / 3}, out[0], 1e-6f);
    assertArrayEquals(new float[] {1, 4}, out[1], 1e-6f);
  }

  @Test
  void oneWindowIsItsOwnVectorExactly() {
    float[] one = {0.1f, -3.7f, 2.5f, 1e-3f};
    for (WindowPooling kind : WindowPooling.values()) {
      float[][] out = pool(kind, one, new float[] {1, 1}, 2, 1);
      assertArrayEquals(new float[] {0.1f, -3.7f}, out[0], 0f, kind.name());
      assertArrayEquals(new float[] {2.5f, 1e-3f}, out[1], 0f, kind.name());
    }
  }
}
