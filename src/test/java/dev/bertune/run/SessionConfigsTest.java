package dev.bertune.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.config.BertuneConfig;
import dev.bertune.config.ConfigLoader;
import dev.bertune.config.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

class SessionConfigsTest {
  static final CpuFeatures BF16_CPU = new CpuFeatures("bf16 cpu", Set.of("avx512f", "avx512_bf16"));
  static final CpuFeatures AMX_CPU = new CpuFeatures("amx cpu", Set.of("amx_bf16"));
  static final CpuFeatures OLD_CPU = new CpuFeatures("old cpu", Set.of("avx2", "avx512f"));

  static BertuneConfig.Runtime runtime(String... overrides) {
    return ConfigLoader.load(Optional.empty(), List.of(overrides)).runtime();
  }

  @Test
  void threadCountsGoIntoTheConfigProto() {
    List<String> warnings = new ArrayList<>();
    ConfigProto c = SessionConfigs.of(runtime("runtime.intra-op-threads=2", "runtime.inter-op-threads=3"),
        OLD_CPU, warnings::add);
    assertEquals(2, c.getIntraOpParallelismThreads());
    assertEquals(3, c.getInterOpParallelismThreads());
    assertFalse(c.hasGraphOptions(), "fp32 without XLA leaves the graph options alone: " + c);
    assertTrue(warnings.isEmpty());
  }

  @Test
  void defaultsAreFp32WithoutXlaAndTensorFlowsThreads() {
    BertuneConfig.Runtime r = runtime();
    assertEquals(Precision.FP32, r.precision());
    assertFalse(r.xla());
    ConfigProto c = SessionConfigs.of(r, BF16_CPU, w -> {});
    assertEquals(0, c.getIntraOpParallelismThreads());
    assertEquals(0, c.getInterOpParallelismThreads());
    assertEquals(RewriterConfig.Toggle.DEFAULT,
        c.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16());
  }

  @Test
  void bf16TurnsOnTheOneDnnMixedPrecisionRewriteWhereSupported() {
    for (CpuFeatures cpu : List.of(BF16_CPU, AMX_CPU)) {
      List<String> warnings = new ArrayList<>();
      ConfigProto c = SessionConfigs.of(runtime("runtime.precision=bf16"), cpu, warnings::add);
      assertEquals(RewriterConfig.Toggle.ON,
          c.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16(), cpu.modelName());
      assertEquals(Precision.BF16, SessionConfigs.effectivePrecision(runtime("runtime.precision=bf16"), cpu));
      assertTrue(warnings.isEmpty(), warnings.toString());
    }
  }

  @Test
  void bf16FallsBackToFp32WithOneWarningElsewhere() {
    List<String> warnings = new ArrayList<>();
    BertuneConfig.Runtime r = runtime("runtime.precision=bf16");
    ConfigProto c = SessionConfigs.of(r, OLD_CPU, warnings::add);
    assertEquals(RewriterConfig.Toggle.DEFAULT,
        c.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16());
    assertEquals(Precision.FP32, SessionConfigs.effectivePrecision(r, OLD_CPU));
    assertEquals(1, warnings.size());
    String w = warnings.get(0);
    assertFalse(w.contains("\n"), "one line: " + w);
    assertTrue(w.contains("runtime.precision = bf16") && w.contains("avx512_bf16") && w.contains("amx_bf16")
        && w.contains("fp32"), w);
  }

  @Test
  void xlaSetsTheGlobalJitLevel() {
    ConfigProto c = SessionConfigs.of(runtime("runtime.xla=true"), OLD_CPU, w -> {});
    assertEquals(OptimizerOptions.GlobalJitLevel.ON_1, c.getGraphOptions().getOptimizerOptions().getGlobalJitLevel());
    ConfigProto off = SessionConfigs.of(runtime(), OLD_CPU, w -> {});
    assertEquals(OptimizerOptions.GlobalJitLevel.DEFAULT,
        off.getGraphOptions().getOptimizerOptions().getGlobalJitLevel());
  }

  @Test
  void cpuFlagsAreReadFromCpuinfo() {
    String cpuinfo = """
        processor\t: 0
        vendor_id\t: GenuineIntel
        model name\t: Intel(R) Xeon(R) Processor
        flags\t\t: fpu sse2 avx2 avx512f avx512_bf16 amx_tile
        
        processor\t: 1
        model name\t: other
        flags\t\t: fpu
        """;
    CpuFeatures cpu = CpuFeatures.parse(cpuinfo);
    assertEquals("Intel(R) Xeon(R) Processor", cpu.modelName());
    assertTrue(cpu.flags().contains("avx512_bf16"));
    assertTrue(cpu.supportsBf16());
    assertFalse(CpuFeatures.parse("flags\t: fpu avx512f avx512bw\n").supportsBf16());
    assertFalse(CpuFeatures.parse("").supportsBf16());
  }
}
