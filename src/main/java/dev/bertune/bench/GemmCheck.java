package dev.bertune.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * What the machine delivers right now: the median GFLOPS of one TensorFlow MatMul of two {@code [N, N]} matrices,
 * with the benchmark's own session options (so bf16 and XLA apply to it too). Run before and after the modes, it
 * shows whether the compute available changed during the benchmark, and compared with a quiet machine's figure,
 * whether something outside this machine's view (another VM on the same cores) is taking compute: on a shared
 * VM, {@code /proc/stat} cannot see that.
 */
final class GemmCheck {
  static final int N = 1024;
  /**
   * Untimed runs first: at least 2, for at least 0.5 s. Right after the JVM starts, its JIT compiler threads share
   * the cores with the product: with 2 warm-up runs only, the check before the modes read 87-125 fp32 GFLOPS in 5 of
   * 6 runs where the one after read 178-199 on the same quiet 2-core machine.
   */
  private static final int WARMUP = 2;
  private static final double WARMUP_SECONDS = 0.5;
  private static final int MIN_REPEATS = 10;
  private static final double MIN_SECONDS = 0.3;

  private GemmCheck() {}

  /** Median GFLOPS of {@code N x N x N} MatMuls (2 N³ FLOPs each) over at least 10 runs and 0.3 s. */
  static double gflops(ConfigProto sessionConfig) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> a = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(N, N)));
      Placeholder<TFloat32> b = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(N, N)));
      Operand<TFloat32> sum = tf.reduceSum(tf.linalg.matMul(a, b), tf.constant(new int[] {0, 1})); // scalar
      try (Session s = new Session(g, sessionConfig);
          TFloat32 x = random(1);
          TFloat32 y = random(2)) {
        long warmupStart = System.nanoTime();
        for (int i = 0; i < WARMUP || (System.nanoTime() - warmupStart) / 1e9 < WARMUP_SECONDS; i++) {
          s.runner().feed(a, x).feed(b, y).fetch(sum).run().close();
        }
        double[] times = new double[1024];
        int n = 0;
        long start = System.nanoTime();
        while (n < times.length && (n < MIN_REPEATS || (System.nanoTime() - start) / 1e9 < MIN_SECONDS)) {
          long t0 = System.nanoTime();
          s.runner().feed(a, x).feed(b, y).fetch(sum).run().close();
          times[n++] = (System.nanoTime() - t0) / 1e9;
        }
        double[] measured = Arrays.copyOf(times, n);
        return 2.0 * N * N * N / StepStats.of(measured).median() / 1e9;
      }
    }
  }

  private static TFloat32 random(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] values = new float[N * N];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextDouble() - 0.5);
    }
    return TFloat32.tensorOf(Shape.of(N, N), DataBuffers.of(values, true, false));
  }
}
