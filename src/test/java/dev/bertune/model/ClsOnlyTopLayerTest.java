package dev.bertune.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.config.BertuneConfig;
import dev.bertune.config.ConfigLoader;
import dev.bertune.run.SessionConfigs;
import dev.bertune.testing.Close;
import dev.bertune.testing.TinyBert;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The [CLS]-only last layer on the real BERT-base: same pooled output, same [CLS] vector and same gradients as
 * the saved full-sequence layer, on a padded batch with two segments; other graphs are left as saved.
 */
class ClsOnlyTopLayerTest {
  @TempDir Path dir;

  @Test
  void matchesTheSavedLastLayerForwardAndBackwardOnRealBert() {
    BertuneConfig cfg = ConfigLoader.load(Optional.empty(), List.of());
    try (PretrainedBert bert = PretrainedBert.load(cfg.model(), SessionConfigs.of(cfg.runtime()))) {
      Graph graph = bert.graph();
      BertSignature sig = bert.signature();
      Ops tf = Ops.create(graph);
      ClsOnlyTopLayer.Outputs top = ClsOnlyTopLayer.build(tf, graph, sig).orElseThrow();
      @SuppressWarnings("unchecked")
      Output<TFloat32> savedPooled = (Output<TFloat32>) graph.outputOrThrow(sig.pooledOutput());
      @SuppressWarnings("unchecked")
      Operand<TFloat32> savedCls = tf.gather((Output<TFloat32>) graph.outputOrThrow(sig.sequenceOutput()),
          tf.constant(0), tf.constant(1));

      List<ResourceVariable> vars = ResourceVariable.allIn(graph).stream()
          .filter(v -> v.name().endsWith("layer_11/intermediate/dense/kernel")
              || v.name().endsWith("layer_11/attention/self/key/kernel")
              || v.name().endsWith("layer_3/output/dense/kernel")
              || v.name().endsWith("pooler/dense/bias"))
          .toList();
      assertEquals(4, vars.size());
      Output<?>[] handles = vars.stream().map(ResourceVariable::handle).toArray(Output<?>[]::new);
      Output<?>[] savedGrads = graph.addGradients("saved_grads",
          new Output<?>[] {tf.math.add(tf.reduceSum(savedPooled, tf.constant(new int[] {0, 1})),
              tf.reduceSum(savedCls, tf.constant(new int[] {0, 1}))).asOutput()}, handles, null);
      Output<?>[] clsGrads = graph.addGradients("cls_only_grads",
          new Output<?>[] {tf.math.add(tf.reduceSum(top.pooled(), tf.constant(new int[] {0, 1})),
              tf.reduceSum(top.cls(), tf.constant(new int[] {0, 1}))).asOutput()}, handles, null);

      int batch = 3;
      int length = 24;
      int[][] ids = new int[batch][length];
      int[][] mask = new int[batch][length];
      int[][] segments = new int[batch][length];
      SplittableRandom random = new SplittableRandom(7);
      for (int b = 0; b < batch; b++) {
        int len = 6 + 9 * b; // 6, 15, 24: padded rows
        for (int t = 0; t < len; t++) {
          ids[b][t] = t == 0 ? 101 : t == len - 1 ? 102 : 1000 + random.nextInt(28000);
          mask[b][t] = 1;
          segments[b][t] = b == 1 && t >= len / 2 ? 1 : 0;
        }
      }
      Session s = bert.session();
      try (TInt32 i = TInt32.tensorOf(StdArrays.ndCopyOf(ids)); TInt32 m = TInt32.tensorOf(StdArrays.ndCopyOf(mask));
          TInt32 g = TInt32.tensorOf(StdArrays.ndCopyOf(segments))) {
        Session.Runner runner = s.runner().feed(sig.inputIds(), i).feed(sig.inputMask(), m)
            .feed(sig.segmentIds(), g).fetch(savedPooled).fetch(top.pooled()).fetch(savedCls).fetch(top.cls());
        for (int k = 0; k < handles.length; k++) {
          runner.fetch(savedGrads[k]).fetch(clsGrads[k]);
        }
        try (Result r = runner.run()) {
          assertClose(r, 0, 1, 1e-5, "pooled output");
          assertClose(r, 2, 3, 1e-5, "[CLS] vector");
          for (int k = 0; k < handles.length; k++) {
            assertClose(r, 4 + 2 * k, 5 + 2 * k, 1e-4, "gradient of " + vars.get(k).name());
          }
        }
      }
    }
  }

  @Test
  void leavesGraphsOfAnotherLayoutAsSaved() throws Exception {
    Path model = TinyBert.write(dir.resolve("tiny"), 3);
    BertuneConfig cfg = ConfigLoader.load(Optional.empty(), List.of("model.dir=\"" + model + "\""));
    try (PretrainedBert bert = PretrainedBert.load(cfg.model(), SessionConfigs.of(cfg.runtime()))) {
      assertTrue(ClsOnlyTopLayer.build(Ops.create(bert.graph()), bert.graph(), bert.signature()).isEmpty());
    }
  }

  @Test
  void aGraphWithBertsNamesButNotItsNodesGetsNoUnusedOps() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Operand<TFloat32> x = tf.withName("input_ids").placeholder(TFloat32.class,
          org.tensorflow.op.core.Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, 4)));
      // the names build() looks for first, and none of the rest
      Ops layers = tf.withSubScope("bert").withSubScope("encoder");
      for (int n = 0; n < 2; n++) {
        layers.withSubScope("layer_" + n).withSubScope("output").withSubScope("LayerNorm").withSubScope("batchnorm")
            .withName("add_1").identity(x);
      }
      tf.withSubScope("bert").withSubScope("pooler").withSubScope("dense").withName("Tanh").math.tanh(x);
      BertSignature sig = new BertSignature("input_ids:0", "input_ids:0", "input_ids:0", "bert/pooler/dense/Tanh:0",
          "bert/pooler/dense/Tanh:0", 4, 16);
      int before = countOps(graph);
      assertTrue(ClsOnlyTopLayer.build(tf, graph, sig).isEmpty());
      assertEquals(before, countOps(graph), "no op added");
    }
  }

  private static int countOps(Graph graph) {
    int n = 0;
    for (java.util.Iterator<?> it = graph.operations(); it.hasNext(); it.next()) {
      n++;
    }
    return n;
  }

  /** Outputs {@code a} and {@code b} of {@code r} agree within {@code tol} relative to their largest value. */
  private static void assertClose(Result r, int a, int b, double tol, String what) {
    Close.assertClose(ClassifierModel.toArray((TFloat32) r.get(a)), ClassifierModel.toArray((TFloat32) r.get(b)),
        tol, what);
  }
}
