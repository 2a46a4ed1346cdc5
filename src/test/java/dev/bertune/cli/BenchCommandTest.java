package dev.bertune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bertune.bench.BertFlops;
import dev.bertune.testing.Captured;
import dev.bertune.testing.TinyBert;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bertune bench} on the tiny BERT: it runs every mode, and its outputs parse. No timing assertions. */
class BenchCommandTest {
  @TempDir static Path dir;
  static Path model;

  @BeforeAll
  static void writeModel() throws Exception {
    model = TinyBert.write(dir.resolve("tiny-bert"), 7);
  }

  @Test
  void jsonHasEveryModeWithPositiveThroughput() throws Exception {
    Captured r = Captured.run("bench", "--model", model.toString(), "--batch", "4", "--seq", "16", "--steps", "3",
        "--warmup", "1", "--json", "--profile");
    assertEquals(0, r.status(), r.err() + r.out());
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertEquals(4, json.get("batch").asInt());
    assertEquals(16, json.get("seq").asInt());
    assertEquals(model.toString(), json.get("model").asText());
    assertTrue(List.of("fp32", "bf16").contains(json.get("precision").asText()));
    for (String k : List.of("tensorflow", "cpu", "cores", "intra_op_threads", "inter_op_threads", "xla", "steps",
        "warmup")) {
      assertTrue(json.has(k), k);
    }
    assertTrue(json.get("gemm_gflops_before").asDouble() > 0 && json.get("gemm_gflops_after").asDouble() > 0);
    JsonNode modes = json.get("modes");
    assertEquals(3, modes.size());
    // tiny BERT: one 8x8 dense layer on every token, no attention, an 8x8 pooler and the 8x1 head
    double forwardFlops = new BertFlops(64, 0, 0, 64 + 8).forwardPerSequence(16);
    for (int i = 0; i < 3; i++) {
      JsonNode m = modes.get(i);
      String mode = List.of("forward", "frozen", "full").get(i);
      assertEquals(mode, m.get("mode").asText());
      assertEquals(3, m.get("step_times").size());
      double median = m.get("sec_per_step").asDouble();
      assertTrue(median > 0);
      assertTrue(m.get("sec_min").asDouble() <= m.get("sec_p25").asDouble());
      assertTrue(m.get("sec_p25").asDouble() <= median && median <= m.get("sec_p75").asDouble());
      assertTrue(m.get("sec_p75").asDouble() <= m.get("sec_max").asDouble());
      assertTrue(m.get("sec_stddev").asDouble() >= 0);
      assertEquals(4 / median, m.get("examples_per_sec").asDouble(), 1e-9 * 4 / median);
      assertEquals(4 * 16 / median, m.get("tokens_per_sec").asDouble(), 1e-9 * 64 / median);
      assertEquals(forwardFlops / 1e9, m.get("fwd_gflop_per_example").asDouble(), 1e-12);
      int multiple = mode.equals("full") ? 3 : 1;
      assertEquals(4 * multiple * forwardFlops / 1e9, m.get("gflop_per_step").asDouble(), 1e-12);
      assertTrue(m.get("achieved_gflops").asDouble() > 0);
      assertTrue(m.get("peak_rss_mb").asDouble() > 0);
      assertTrue(m.get("peak_rss_mb").asDouble() >= m.get("start_rss_mb").asDouble());
      assertTrue(m.get("other_cpu_busy").asDouble() >= 0 && m.get("other_cpu_busy").asDouble() <= 1);
      assertTrue(m.get("load_sec").asDouble() > 0);
      assertTrue(m.get("first_step_sec").asDouble() > 0);
      assertFalse(m.get("cls_only_top_layer").asBoolean(), "the tiny model keeps its saved last layer");
      assertEquals(0, m.get("einsum_attention_products").asInt(), "the tiny model has no attention to rewrite");
      assertEquals(0, m.get("fused_layer_norms").asInt(), "nor any LayerNorm");
      if (mode.equals("forward")) {
        assertTrue(m.get("loss").isNull());
      } else {
        assertTrue(Double.isFinite(m.get("loss").asDouble()) && m.get("loss").asDouble() > 0);
      }
      {
        JsonNode p = m.get("profile");
        assertTrue(p.get("executor_sec").asDouble() > 0);
        assertTrue(p.get("op_executions").asInt() > 0);
        JsonNode top = p.get("top_op_types");
        assertTrue(top.size() > 0 && top.size() <= 10);
        assertTrue(top.get(0).get("sec").asDouble() >= top.get(top.size() - 1).get("sec").asDouble());
      }
    }
    assertTrue(r.err().contains("bench full: median"), r.err());
  }

  @Test
  void tableNamesEveryColumnAndTheProfile() {
    Captured r = Captured.run("bench", "--model", model.toString(), "--modes", "full", "--batch", "2", "--seq", "8",
        "--steps", "2", "--warmup", "0", "--threads", "1", "--profile");
    assertEquals(0, r.status(), r.err() + r.out());
    String out = r.out();
    for (String column : List.of("median s", "min s", "p25 s", "p75 s", "max s", "stddev", "ex/s", "tokens/s",
        "GFLOP/step", "GFLOPS", "peak MB", "others")) {
      assertTrue(out.contains(column), column + " missing in\n" + out);
    }
    assertTrue(out.lines().anyMatch(l -> l.startsWith("full ")), out);
    assertTrue(out.contains("profile of one traced full step"), out);
    assertTrue(out.contains("op type"), out);
    assertTrue(out.contains("intra-op threads 1"), out);
    assertTrue(out.contains("MatMul check"), out);
  }

  @Test
  void badOptionsAreUserErrors() {
    Captured modes = Captured.run("bench", "--model", model.toString(), "--modes", "forward,backward");
    assertEquals(Main.USER_ERROR, modes.status());
    assertTrue(modes.err().contains("accepted values: forward, frozen, full"), modes.err());
    Captured seq = Captured.run("bench", "--model", model.toString(), "--modes", "forward", "--seq",
        Integer.toString(TinyBert.MAX_POSITIONS + 1), "--steps", "1", "--warmup", "0");
    assertEquals(Main.USER_ERROR, seq.status());
    assertTrue(seq.err().contains("position embeddings"), seq.err());
    Captured precision = Captured.run("bench", "--model", model.toString(), "--precision", "fp16");
    assertEquals(Main.USER_ERROR, precision.status());
    assertTrue(precision.err().contains("accepted values: fp32, bf16"), precision.err());
  }
}
