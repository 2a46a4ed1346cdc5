package dev.bertune.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bertune.config.BertuneConfig;
import dev.bertune.config.ConfigLoader;
import dev.bertune.model.PretrainedBert;
import dev.bertune.pipeline.Batch;
import dev.bertune.pipeline.TokenizedExample;
import dev.bertune.testing.TinyBert;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;

/**
 * {@code runtime.precision = bf16} on the tiny BERT: the graph TensorFlow executes really computes in bfloat16, and
 * its outputs stay close to fp32. Runs only on a CPU with bfloat16 support (skipped elsewhere).
 */
class Bf16PrecisionTest {
  /**
   * Largest accepted |bf16 - fp32| on the tiny model's tanh outputs (in [-1, 1]). bfloat16 keeps 8 significant
   * bits (relative rounding error up to 2^-9 ≈ 0.002 per operand, inputs and weights both rounded); through two
   * matrix products of ~10 terms of size ~1 that gives errors of ~0.01 (0.008 seen). The real BERT-base differs by
   * up to ~0.03 on its pooled output over 12 layers.
   */
  static final float TOLERANCE = 0.03f;

  @TempDir static Path dir;
  static Path model;

  @BeforeAll
  static void writeModel() throws Exception {
    model = TinyBert.write(dir.resolve("tiny-bert"), 7);
  }

  /** Pooled [B, H] and sequence [B, T, H] outputs, and the graphs the session executed. */
  record Outputs(float[] pooled, float[] sequence, List<GraphDef> executed) {}

  static Outputs run(String precision) {
    BertuneConfig cfg = ConfigLoader.load(Optional.empty(),
        List.of("model.dir=\"" + model + "\"", "runtime.precision=" + precision));
    RunOptions options = RunOptions.newBuilder().setOutputPartitionGraphs(true).build();
    try (PretrainedBert bert = PretrainedBert.load(cfg.model(), SessionConfigs.of(cfg.runtime()));
        Batch batch = batch(4, 32);
        Result r = bert.session().runner()
            .feed(bert.signature().inputIds(), batch.inputIds())
            .feed(bert.signature().inputMask(), batch.inputMask())
            .feed(bert.signature().segmentIds(), batch.segmentIds())
            .fetch(bert.signature().pooledOutput()).fetch(bert.signature().sequenceOutput())
            .setOptions(options).runAndFetchMetadata()) {
      RunMetadata metadata = r.getMetadata().orElseThrow();
      return new Outputs(floats((TFloat32) r.get(0)), floats((TFloat32) r.get(1)), metadata.getPartitionGraphsList());
    }
  }

  static Batch batch(int b, int t) {
    SplittableRandom random = new SplittableRandom(3);
    List<TokenizedExample> examples = new ArrayList<>();
    for (int i = 0; i < b; i++) {
      int[] ids = random.ints(t, 0, TinyBert.vocabulary().size()).toArray();
      examples.add(new TokenizedExample(ids, new int[t], new float[] {i % 2}));
    }
    return Batch.of(examples);
  }

  static float[] floats(TFloat32 t) {
    float[] out = new float[(int) t.size()];
    t.asRawTensor().data().asFloats().read(out);
    return out;
  }

  /** Executed nodes that compute in, or cast to, bfloat16. */
  static List<String> bfloat16Nodes(List<GraphDef> graphs) {
    List<String> nodes = new ArrayList<>();
    for (GraphDef g : graphs) {
      for (NodeDef node : g.getNodeList()) {
        for (AttrValue attr : node.getAttrMap().values()) {
          if (attr.getType() == DataType.DT_BFLOAT16) {
            nodes.add(node.getOp() + " " + node.getName());
            break;
          }
        }
      }
    }
    return nodes;
  }

  static float maxAbsDifference(float[] a, float[] b) {
    assertEquals(a.length, b.length);
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  @Test
  void bf16RewritesTheExecutedGraphAndStaysCloseToFp32() {
    assumeTrue(CpuFeatures.current().supportsBf16(), "this CPU has no avx512_bf16 / amx_bf16");
    Outputs fp32 = run("fp32");
    Outputs bf16 = run("bf16");
    assertTrue(bfloat16Nodes(fp32.executed()).isEmpty(), "fp32 ran bfloat16 ops: " + bfloat16Nodes(fp32.executed()));
    List<String> rewritten = bfloat16Nodes(bf16.executed());
    System.out.println("bf16 executed nodes in bfloat16: " + rewritten);
    assertTrue(rewritten.stream().anyMatch(n -> n.startsWith("MatMul") || n.contains("MatMul")),
        "no MatMul ran in bfloat16: " + rewritten);

    float pooled = maxAbsDifference(fp32.pooled(), bf16.pooled());
    float sequence = maxAbsDifference(fp32.sequence(), bf16.sequence());
    System.out.printf("bf16 vs fp32 on the tiny BERT: max |diff| pooled %.5f, sequence %.5f%n", pooled, sequence);
    assertTrue(pooled > 0 || sequence > 0, "bf16 outputs are bit-identical to fp32: the rewrite did nothing");
    assertTrue(pooled <= TOLERANCE, "pooled differs by " + pooled);
    assertTrue(sequence <= TOLERANCE, "sequence differs by " + sequence);
  }

  @Test
  void fp32IsDeterministic() {
    Outputs a = run("fp32");
    Outputs b = run("fp32");
    assertEquals(0f, maxAbsDifference(a.pooled(), b.pooled()));
    assertFalse(a.pooled().length == 0);
  }
}
