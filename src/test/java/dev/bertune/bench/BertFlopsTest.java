package dev.bertune.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bertune.model.ResourceVariable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TFloat32;

class BertFlopsTest {
  @Test
  void bertBaseForwardAt128TokensIs22Point3Gflop() {
    BertFlops base = BertFlops.standard(12, 768, 3072);
    // 2 · 12 · (4·768² + 2·768·3072) · 128 + 4 · 12 · 128² · 768 + 2 · 768² (the PyTorch reference's formula)
    double expected = 2.0 * 12 * (4 * 768 * 768 + 2 * 768 * 3072) * 128 + 4.0 * 12 * 128 * 128 * 768 + 2.0 * 768 * 768;
    assertEquals(expected, base.forwardPerSequence(128), 1);
    assertEquals(22.35e9, base.forwardPerSequence(128), 0.01e9);
  }

  @Test
  void countsFromBertBaseShapedVariablesMatchTheFormula() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      List<ResourceVariable> vars = new ArrayList<>();
      vars.add(variable(tf, "bert/embeddings/word_embeddings", 30522, 768));
      vars.add(variable(tf, "bert/embeddings/LayerNorm/gamma", 768));
      for (int l = 0; l < 12; l++) {
        String p = "bert/encoder/layer_" + l + "/";
        for (String name : List.of("attention/self/query", "attention/self/key", "attention/self/value",
            "attention/output/dense")) {
          vars.add(variable(tf, p + name + "/kernel", 768, 768));
          vars.add(variable(tf, p + name + "/bias", 768));
        }
        vars.add(variable(tf, p + "intermediate/dense/kernel", 768, 3072));
        vars.add(variable(tf, p + "output/dense/kernel", 3072, 768));
      }
      vars.add(variable(tf, "bert/pooler/dense/kernel", 768, 768));
      BertFlops counted = BertFlops.of(vars);
      assertEquals(BertFlops.standard(12, 768, 3072), counted);
      vars.add(variable(tf, "head/kernel", 768, 1));
      assertEquals(BertFlops.standard(12, 768, 3072).forwardPerSequence(128) + 2 * 768,
          BertFlops.of(vars).forwardPerSequence(128), 1);
    }
  }

  private static ResourceVariable variable(Ops tf, String name, long... shape) {
    VarHandleOp v = tf.withName(name.replace('/', '_')).varHandleOp(TFloat32.class, Shape.of(shape),
        VarHandleOp.sharedName(name));
    return ResourceVariable.of((GraphOperation) v.op());
  }
}
