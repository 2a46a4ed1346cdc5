package dev.bertune.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bertune.testing.Captured;
import dev.bertune.testing.TinyRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code embed} on an embedded Spark with the tiny BERT: the pretrained model's pooled and [CLS] features, and a
 * frozen-mode export's features signature, which must give the pretrained model's pooled features (frozen
 * training leaves BERT as it was): two computations of the same vectors by different graphs.
 */
class SparkEmbedTest {
  @TempDir static Path dir;
  static TinyRun tiny;
  static Path export;
  static final List<String> TEXTS = List.of("the film was great", "awful boring plot", "i loved the music",
      "bad", "it was a really very good movie and the acting was brilliant");

  @BeforeAll
  static void train() throws Exception {
    tiny = TinyRun.create(dir);
    export = tiny.export("binary");
  }

  static Map<String, JsonNode> embed(String name, String... args) throws Exception {
    Path input = SparkScoreTest.jsonLines(dir.resolve(name + ".jsonl"), TEXTS);
    Path out = dir.resolve(name + ".json");
    List<String> all = new ArrayList<>(List.of("embed", "--master", "local[2]", "--conf", "spark.ui.enabled=false",
        "--input", input.toString(), "--text-column", "body", "--id-column", "id", "--output", out.toString(),
        "--set", "tokenizer.max-length=32"));
    all.addAll(List.of(args));
    Captured r = Captured.run("", all);
    assertEquals(0, r.status(), r.err() + r.out());
    assertTrue(r.out().contains("wrote " + TEXTS.size() + " rows"), r.out());
    return SparkScoreTest.readJson(out);
  }

  static float[] vector(JsonNode row) {
    JsonNode f = row.get("features");
    float[] v = new float[f.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) f.get(i).asDouble();
    }
    return v;
  }

  @Test
  void exportFeaturesOfAFrozenRunAreThePretrainedPooledFeatures() throws Exception {
    Map<String, JsonNode> pooled = embed("pooled", "--set", "model.dir=\"" + tiny.model + "\"");
    Map<String, JsonNode> cls = embed("cls", "--set", "model.dir=\"" + tiny.model + "\"", "--set",
        "head.features=cls");
    Map<String, JsonNode> fromExport = embed("export", "--model", export.toString());
    for (int i = 0; i < TEXTS.size(); i++) {
      float[] p = vector(pooled.get("doc-" + i));
      float[] c = vector(cls.get("doc-" + i));
      float[] e = vector(fromExport.get("doc-" + i));
      assertEquals(p.length, e.length);
      double diffExport = 0;
      double diffCls = 0;
      for (int h = 0; h < p.length; h++) {
        diffExport = Math.max(diffExport, Math.abs(p[h] - e[h]));
        diffCls = Math.max(diffCls, Math.abs(p[h] - c[h]));
      }
      assertTrue(diffExport < 1e-5, "export vs pretrained pooled, doc " + i + ": " + diffExport);
      assertTrue(diffCls > 1e-3, "[CLS] is not the pooled output, doc " + i);
    }
  }
}
