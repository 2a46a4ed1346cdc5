package dev.bertune.model;

import static dev.bertune.testing.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.config.BertuneConfig;
import dev.bertune.config.ConfigLoader;
import dev.bertune.run.CpuFeatures;
import dev.bertune.run.SessionConfigs;
import dev.bertune.testing.TinyBert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.math.Mean;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;

/**
 * bertune's rewrites of the saved graph before it loads: rank-4 batch products as Einsum ({@link EinsumAttention})
 * and LayerNorms as one fused op ({@link FusedLayerNorm}) compute the same values and gradients as the saved graph,
 * on small graphs and on the real BERT-base; a model without them loads as saved.
 */
class GraphRewritesTest {
  @TempDir Path dir;

  private static final long[] A = {2, 3, 4, 5};

  @Test
  void rank4ProductsBecomeEinsumWithTheSameValuesAndGradients() {
    GraphDef original;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> a = tf.withName("a").placeholder(TFloat32.class, Placeholder.shape(Shape.of(A)));
      Placeholder<TFloat32> b = tf.withName("b").placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 3, 6, 5)));
      Placeholder<TFloat32> r3 = tf.withName("r3").placeholder(TFloat32.class, Placeholder.shape(Shape.of(3, 4, 5)));
      // the four transposition cases, chained so that each gets a gradient: [2,3,4,5] x [2,3,6,5]^T = [2,3,4,6]
      Output<TFloat32> scores = batchMatMul(g, tf, "scores", a, b, false, true);
      Output<TFloat32> context = batchMatMul(g, tf, "context", scores, b, false, false); // [2,3,4,5]
      Output<TFloat32> gram = batchMatMul(g, tf, "gram", context, a, true, false); // [2,3,5,5]
      Output<TFloat32> both = batchMatMul(g, tf, "both", gram, a, true, true); // [2,3,5,4]
      Output<TFloat32> flat = batchMatMul(g, tf, "rank3", r3, r3, false, true); // [3,4,4]: stays
      g.opBuilder("BatchMatMulV2", "v2", tf.scope()).addInput(a.asOutput()).addInput(b.asOutput())
          .setAttr("adj_x", false).setAttr("adj_y", true).build(); // may broadcast: stays
      tf.withName("out").math.add(tf.reduceSum(both, tf.constant(new int[] {0, 1, 2, 3})),
          tf.reduceSum(flat, tf.constant(new int[] {0, 1, 2})));
      original = g.toGraphDef();
    }
    EinsumAttention.Rewritten rewritten = EinsumAttention.rewrite(original);
    assertEquals(4, rewritten.products());
    Map<String, String> ops = new HashMap<>();
    rewritten.graph().getNodeList().forEach(n -> ops.put(n.getName(), n.getOp()));
    for (String name : List.of("scores", "context", "gram", "both")) {
      assertEquals("Einsum", ops.get(name), name);
    }
    assertEquals("BatchMatMul", ops.get("rank3"));
    assertEquals("BatchMatMulV2", ops.get("v2"));

    List<float[]> expected = run(original);
    List<float[]> actual = run(rewritten.graph());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), 1e-3f, "output " + i);
    }
  }

  @Test
  void layerNormsOfAnyRankBecomeOneFusedOpWithTheSameValuesAndGradients() {
    GraphDef original;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x3 = tf.withName("x3").placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 3, 8)));
      Placeholder<TFloat32> x2 = tf.withName("x2").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 8)));
      Placeholder<TFloat32> gamma = tf.withName("gamma").placeholder(TFloat32.class, Placeholder.shape(Shape.of(8)));
      Placeholder<TFloat32> beta = tf.withName("beta").placeholder(TFloat32.class, Placeholder.shape(Shape.of(8)));
      Operand<TFloat32> a = googleLayerNorm(tf.withSubScope("emb").withSubScope("LayerNorm"), x3, gamma, beta);
      Operand<TFloat32> b = googleLayerNorm(tf.withSubScope("layer").withSubScope("LayerNorm"), x2, gamma, beta);
      tf.withName("out").math.add(
          tf.reduceSum(tf.math.mul(a, a), tf.constant(new int[] {0, 1, 2})),
          tf.reduceSum(tf.math.mul(b, tf.math.sigmoid(b)), tf.constant(new int[] {0, 1})));
      original = renamed(g.toGraphDef(), Map.of("mean_reduction_indices", "mean/reduction_indices", "add_y", "add/y"));
    }
    FusedLayerNorm.Rewritten rewritten = FusedLayerNorm.rewrite(original);
    assertEquals(2, rewritten.layerNorms());
    assertTrue(rewritten.graph().getNodeList().stream().anyMatch(n -> n.getOp().equals("FusedBatchNormV3")));
    List<float[]> expected = runLayerNorms(original);
    List<float[]> actual = runLayerNorms(rewritten.graph());
    String[] what = {"out", "d/dx3", "d/dx2", "d/dgamma", "d/dbeta"};
    for (int i = 0; i < what.length; i++) {
      assertClose(expected.get(i), actual.get(i), 1e-4, what[i]);
    }
  }

  /** {@code def} with every node whose name ends in a key of {@code suffixes} renamed to end in its value. */
  private static GraphDef renamed(GraphDef def, Map<String, String> suffixes) {
    java.util.function.UnaryOperator<String> rename = name -> {
      for (Map.Entry<String, String> e : suffixes.entrySet()) {
        if (name.endsWith("/" + e.getKey())) {
          return name.substring(0, name.length() - e.getKey().length()) + e.getValue();
        }
      }
      return name;
    };
    GraphDef.Builder out = def.toBuilder().clearNode();
    for (NodeDef n : def.getNodeList()) {
      NodeDef.Builder b = n.toBuilder().setName(rename.apply(n.getName())).clearInput();
      n.getInputList().forEach(i -> b.addInput(rename.apply(i)));
      out.addNode(b);
    }
    return out.build();
  }

  /** Google's TF1 layer_norm, with its node names under {@code tf}'s scope ({@code .../LayerNorm/...}). */
  private static Operand<TFloat32> googleLayerNorm(Ops tf, Operand<TFloat32> x, Operand<TFloat32> gamma,
      Operand<TFloat32> beta) {
    Ops moments = tf.withSubScope("moments");
    Operand<TFloat32> mean = moments.withName("mean").math.mean(x,
        moments.withName("mean_reduction_indices").constant(new int[] {-1}), Mean.keepDims(true));
    Operand<TFloat32> variance = moments.withName("variance").math.mean(
        moments.math.squaredDifference(x, moments.stopGradient(mean)), moments.constant(new int[] {-1}),
        Mean.keepDims(true));
    Ops bn = tf.withSubScope("batchnorm");
    Operand<TFloat32> inv = bn.withName("mul").math.mul(bn.math.rsqrt(
        bn.withName("add").math.add(variance, bn.withName("add_y").constant(1e-12f))), gamma);
    return bn.withName("add_1").math.add(bn.withName("mul_1").math.mul(x, inv),
        bn.withName("sub").math.sub(beta, bn.withName("mul_2").math.mul(mean, inv)));
  }

  /** out and its gradients with respect to x3, x2, gamma and beta, on fixed random inputs. */
  private static List<float[]> runLayerNorms(GraphDef def) {
    try (Graph g = new Graph()) {
      g.importGraphDef(def);
      Output<?>[] inputs = Stream.of("x3", "x2", "gamma", "beta").map(n -> g.operation(n).output(0))
          .toArray(Output<?>[]::new);
      Output<?>[] grads = g.addGradients("grads", new Output<?>[] {g.operation("out").output(0)}, inputs, null);
      try (Session s = new Session(g);
          TFloat32 x3 = random(Shape.of(2, 3, 8), 4);
          TFloat32 x2 = random(Shape.of(5, 8), 5);
          TFloat32 gamma = random(Shape.of(8), 6);
          TFloat32 beta = random(Shape.of(8), 7)) {
        return fetchAll(s.runner().feed("x3", x3).feed("x2", x2).feed("gamma", gamma).feed("beta", beta)
            .fetch("out"), grads);
      }
    }
  }

  @Test
  void autoMeansEinsumWithTheBf16RewriteOnly() {
    CpuFeatures bf16Cpu = new CpuFeatures("test CPU", java.util.Set.of("avx512_bf16"));
    for (String setting : List.of("auto", "true", "false")) {
      for (String precision : List.of("fp32", "bf16")) {
        BertuneConfig cfg = ConfigLoader.load(Optional.empty(),
            List.of("model.einsum-attention=" + setting, "runtime.precision=" + precision));
        boolean expected = setting.equals("auto") ? precision.equals("bf16") : Boolean.parseBoolean(setting);
        assertEquals(expected, PretrainedBert.einsumAttention(cfg.model(),
            SessionConfigs.of(cfg.runtime(), bf16Cpu, warning -> { })), setting + ", " + precision);
      }
    }
  }

  @Test
  void aModelWithoutAttentionProductsIsNotStaged() throws Exception {
    Path model = TinyBert.write(dir.resolve("tiny"), 5);
    assertTrue(StagedModel.stage(model, "serve", true, true).isEmpty());
    BertuneConfig cfg = ConfigLoader.load(Optional.empty(), List.of("model.dir=\"" + model + "\""));
    try (PretrainedBert bert = PretrainedBert.load(cfg.model(), SessionConfigs.of(cfg.runtime()))) {
      assertEquals(0, bert.einsumAttentionProducts());
    }
  }

  @Test
  void stagingWritesTheRewrittenGraphNextToLinksAndUnstagingRemovesOnlyTheCopy() throws Exception {
    GraphDef graph;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> a = tf.withName("a").placeholder(TFloat32.class, Placeholder.shape(Shape.of(A)));
      batchMatMul(g, tf, "scores", a, a, false, true);
      graph = g.toGraphDef();
    }
    Path model = dir.resolve("model");
    Files.createDirectories(model.resolve("variables"));
    Files.writeString(model.resolve("variables/variables.index"), "weights");
    org.tensorflow.proto.SavedModel saved = org.tensorflow.proto.SavedModel.newBuilder()
        .addMetaGraphs(org.tensorflow.proto.MetaGraphDef.newBuilder().setGraphDef(graph)
            .setMetaInfoDef(org.tensorflow.proto.MetaGraphDef.MetaInfoDef.newBuilder().addTags("serve")))
        .build();
    Files.write(model.resolve("saved_model.pb"), saved.toByteArray());

    StagedModel staged = StagedModel.stage(model, "serve", true, false).orElseThrow();
    assertEquals(1, staged.einsumProducts());
    org.tensorflow.proto.SavedModel copy = org.tensorflow.proto.SavedModel.parseFrom(
        Files.readAllBytes(staged.dir().resolve("saved_model.pb")));
    NodeDef scores = copy.getMetaGraphs(0).getGraphDef().getNodeList().stream()
        .filter(n -> n.getName().equals("scores")).findFirst().orElseThrow();
    assertEquals("Einsum", scores.getOp());
    assertEquals("abik,abjk->abij", scores.getAttrOrThrow("equation").getS().toStringUtf8());
    assertEquals("weights", Files.readString(staged.dir().resolve("variables/variables.index")));

    staged.unstage();
    assertFalse(Files.exists(staged.dir()));
    assertEquals("weights", Files.readString(model.resolve("variables/variables.index")), "the model is untouched");
    assertEquals(saved, org.tensorflow.proto.SavedModel.parseFrom(Files.readAllBytes(model.resolve("saved_model.pb"))));
  }

  @Test
  void realBertLoadsItsAttentionAsEinsumWithTheSameOutputsAndGradients() {
    int[] products = new int[2];
    List<float[]> saved = pooledAndGradients(false, products);
    List<float[]> einsum = pooledAndGradients(true, products);
    // the hub export applies BERT more than once (one copy per signature), each with 12 layers x (scores, context)
    assertTrue(products[1] > 0 && products[1] % 24 == 0, products[1] + " products rewritten");
    assertEquals(products[0], products[1], "every batch product of the saved graph became an Einsum");
    String[] what = {"pooled output", "gradient of layer_0 query kernel", "gradient of layer_5 key kernel",
        "gradient of layer_10 value bias", "gradient of layer_3 output LayerNorm gamma"};
    for (int k = 0; k < what.length; k++) {
      assertClose(saved.get(k), einsum.get(k), 1e-4, what[k]);
    }
  }

  @Test
  void realBertInBf16LoadsEinsumByDefaultWithTheOutputsOfTheSavedProducts() {
    org.junit.jupiter.api.Assumptions.assumeTrue(CpuFeatures.current().supportsBf16(), "CPU without bf16");
    int[] products = new int[2];
    float[] fp32 = pooledAndGradients(List.of("model.einsum-attention=false"), false, products).get(0);
    float[] saved = pooledAndGradients(List.of("runtime.precision=bf16", "model.einsum-attention=false"), false,
        products).get(0);
    float[] einsum = pooledAndGradients(List.of("runtime.precision=bf16"), true, products).get(0); // auto
    assertTrue(products[1] > 0, "auto with bf16 loads Einsum");
    assertClose(saved, einsum, 1e-2, "bf16 pooled output, Einsum vs saved products");
    // bf16 itself moves the pooled output (0.067 at most on this batch of random tokens), Einsum or not
    assertClose(fp32, einsum, 0.1, "bf16 vs fp32 pooled output");
  }

  /** Pooled output of a padded two-segment batch and three gradients of its sum, with or without Einsum. */
  private static List<float[]> pooledAndGradients(boolean einsum, int[] products) {
    return pooledAndGradients(List.of("model.einsum-attention=" + einsum), einsum, products);
  }

  @Test
  void realBertLoadsItsLayerNormsFusedWithTheSameOutputsAndGradients() {
    int[] unused = new int[2];
    List<float[]> saved = pooledAndGradients(List.of("model.einsum-attention=false", "model.fused-layer-norm=false"),
        false, unused);
    List<float[]> fused = pooledAndGradients(List.of("model.einsum-attention=false"), false, unused);
    String[] what = {"pooled output", "gradient of layer_0 query kernel", "gradient of layer_5 key kernel",
        "gradient of layer_10 value bias", "gradient of layer_3 output LayerNorm gamma"};
    for (int k = 0; k < what.length; k++) {
      assertClose(saved.get(k), fused.get(k), 1e-4, what[k]);
    }
  }

  private static List<float[]> pooledAndGradients(List<String> settings, boolean einsum, int[] products) {
    BertuneConfig cfg = ConfigLoader.load(Optional.empty(), settings);
    try (PretrainedBert bert = PretrainedBert.load(cfg.model(), SessionConfigs.of(cfg.runtime()))) {
      Graph graph = bert.graph();
      int batchProducts = 0;
      for (java.util.Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
        if (it.next().type().startsWith("BatchMatMul")) {
          batchProducts++;
        }
      }
      boolean fused = !settings.contains("model.fused-layer-norm=false");
      assertEquals(fused, bert.fusedLayerNorms() > 0, "fused LayerNorms: " + bert.fusedLayerNorms());
      int layerNorms = 0;
      int fusedOutputs = 0;
      for (java.util.Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
        GraphOperation op = it.next();
        if (op.name().endsWith("/LayerNorm/batchnorm/add_1")) {
          layerNorms++;
          if (op.type().equals("AddV2") && op.input(0).op().name().endsWith("/LayerNorm/fused/scaled")) {
            fusedOutputs++;
          }
        }
      }
      assertEquals(fused ? layerNorms : 0, fusedOutputs, "LayerNorm outputs fed by the fused op");
      assertEquals(fusedOutputs, bert.fusedLayerNorms());
      if (einsum) {
        products[1] = bert.einsumAttentionProducts();
        assertEquals(0, batchProducts, "batch products left");
      } else {
        assertEquals(0, bert.einsumAttentionProducts());
        products[0] = batchProducts;
      }
      BertSignature sig = bert.signature();
      Ops tf = Ops.create(graph);
      @SuppressWarnings("unchecked")
      Output<TFloat32> pooled = (Output<TFloat32>) graph.outputOrThrow(sig.pooledOutput());
      List<ResourceVariable> vars = new ArrayList<>();
      for (String suffix : List.of("layer_0/attention/self/query/kernel", "layer_5/attention/self/key/kernel",
          "layer_10/attention/self/value/bias", "layer_3/output/LayerNorm/gamma")) {
        vars.add(ResourceVariable.allIn(graph).stream().filter(v -> v.name().endsWith(suffix)).findFirst()
            .orElseThrow());
      }
      Output<?>[] grads = graph.addGradients("einsum_test_grads",
          new Output<?>[] {tf.reduceSum(pooled, tf.constant(new int[] {0, 1})).asOutput()},
          vars.stream().map(ResourceVariable::handle).toArray(Output<?>[]::new), null);
      int[][] ids = new int[2][16];
      int[][] mask = new int[2][16];
      int[][] segments = new int[2][16];
      SplittableRandom random = new SplittableRandom(11);
      for (int b = 0; b < 2; b++) {
        int len = b == 0 ? 9 : 16;
        for (int t = 0; t < len; t++) {
          ids[b][t] = t == 0 ? 101 : t == len - 1 ? 102 : 1000 + random.nextInt(28000);
          mask[b][t] = 1;
          segments[b][t] = t >= len / 2 ? 1 : 0;
        }
      }
      try (org.tensorflow.types.TInt32 i = org.tensorflow.types.TInt32.tensorOf(
              org.tensorflow.ndarray.StdArrays.ndCopyOf(ids));
          org.tensorflow.types.TInt32 m = org.tensorflow.types.TInt32.tensorOf(
              org.tensorflow.ndarray.StdArrays.ndCopyOf(mask));
          org.tensorflow.types.TInt32 g = org.tensorflow.types.TInt32.tensorOf(
              org.tensorflow.ndarray.StdArrays.ndCopyOf(segments))) {
        return fetchAll(bert.session().runner().feed(sig.inputIds(), i).feed(sig.inputMask(), m)
            .feed(sig.segmentIds(), g).fetch(pooled), grads);
      }
    }
  }

  private static Output<TFloat32> batchMatMul(Graph g, Ops tf, String name, Operand<TFloat32> x, Operand<TFloat32> y,
      boolean adjX, boolean adjY) {
    GraphOperation op = g.opBuilder("BatchMatMul", name, tf.scope()).addInput(x.asOutput()).addInput(y.asOutput())
        .setAttr("adj_x", adjX).setAttr("adj_y", adjY).build();
    return op.output(0);
  }

  /** out, d out / d a, d out / d b and d out / d r3 on fixed random inputs. */
  @SuppressWarnings("unchecked")
  private static List<float[]> run(GraphDef def) {
    try (Graph g = new Graph()) {
      g.importGraphDef(def);
      Output<?>[] inputs = Stream.of("a", "b", "r3").map(n -> g.operation(n).output(0)).toArray(Output<?>[]::new);
      Output<?>[] grads = g.addGradients("grads", new Output<?>[] {g.operation("out").output(0)}, inputs, null);
      try (Session s = new Session(g);
          TFloat32 a = random(Shape.of(A), 1);
          TFloat32 b = random(Shape.of(2, 3, 6, 5), 2);
          TFloat32 r3 = random(Shape.of(3, 4, 5), 3)) {
        return fetchAll(s.runner().feed("a", a).feed("b", b).feed("r3", r3).fetch("out"), grads);
      }
    }
  }

  /** Runs {@code runner} with {@code more} fetched too; every fetched float tensor as an array. */
  private static List<float[]> fetchAll(Session.Runner runner, Output<?>[] more) {
    for (Output<?> output : more) {
      runner.fetch(output);
    }
    try (Result r = runner.run()) {
      List<float[]> out = new ArrayList<>();
      for (int k = 0; k < r.size(); k++) {
        out.add(ClassifierModel.toArray((TFloat32) r.get(k)));
      }
      return out;
    }
  }

  private static TFloat32 random(Shape shape, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    TFloat32 t = TFloat32.tensorOf(shape);
    float[] values = new float[(int) shape.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextDouble(-1, 1);
    }
    t.asRawTensor().data().asFloats().write(values);
    return t;
  }
}
