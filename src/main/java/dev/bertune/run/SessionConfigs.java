package dev.bertune.run;

import dev.bertune.config.BertuneConfig;
import dev.bertune.config.Precision;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

/** TensorFlow session options from {@code runtime.*}. */
public final class SessionConfigs {
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private SessionConfigs() {}

  /**
   * Session options of {@code runtime} on this machine: thread pools (0 = TensorFlow's choice; the intra-op pool
   * is process-global, fixed by the first session), the bf16 rewrite where the CPU supports it (else one warning
   * on stderr per process and fp32), and XLA. XLA also sets TensorFlow's process-wide {@code cpu_global_jit}
   * flag, which only takes effect in sessions whose options ask for JIT compilation.
   */
  public static ConfigProto of(BertuneConfig.Runtime runtime) {
    return of(runtime, CpuFeatures.current(), message -> {
      if (WARNED.compareAndSet(false, true)) {
        System.err.println(message);
      }
    });
  }

  /** As {@link #of(BertuneConfig.Runtime)}, for a given CPU, with warnings passed to {@code warnings}. */
  public static ConfigProto of(BertuneConfig.Runtime runtime, CpuFeatures cpu, Consumer<String> warnings) {
    ConfigProto.Builder config = ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(runtime.intraOpThreads())
        .setInterOpParallelismThreads(runtime.interOpThreads());
    if (runtime.precision() == Precision.BF16 && !cpu.supportsBf16()) {
      warnings.accept("warning: runtime.precision = bf16 needs a CPU with " + String.join(" or ",
          CpuFeatures.BF16_FLAGS.stream().sorted().toList()) + " (this one, " + cpu.modelName()
          + ", has neither): running in fp32");
    }
    if (effectivePrecision(runtime, cpu) == Precision.BF16 || runtime.xla()) {
      GraphOptions.Builder graph = config.getGraphOptionsBuilder();
      if (effectivePrecision(runtime, cpu) == Precision.BF16) {
        graph.setRewriteOptions(RewriterConfig.newBuilder()
            .setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON));
      }
      if (runtime.xla()) {
        graph.setOptimizerOptions(OptimizerOptions.newBuilder()
            .setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_1));
        enableCpuGlobalJit();
      }
    }
    return config.build();
  }

  /** The precision the sessions really compute in: bf16 only where asked for and supported. */
  public static Precision effectivePrecision(BertuneConfig.Runtime runtime, CpuFeatures cpu) {
    return runtime.precision() == Precision.BF16 && cpu.supportsBf16() ? Precision.BF16 : Precision.FP32;
  }

  /** {@code fp32}, {@code bf16}, as in the config. */
  public static String name(Precision precision) {
    return precision.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Without this flag (normally set with {@code TF_XLA_FLAGS=--tf_xla_cpu_global_jit}, read once per process),
   * {@code global_jit_level} compiles nothing on CPU.
   */
  private static void enableCpuGlobalJit() {
    tensorflow.TF_SetTfXlaCpuGlobalJit((byte) 1);
  }
}
