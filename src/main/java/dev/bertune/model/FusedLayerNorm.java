package dev.bertune.model;

import com.google.protobuf.ByteString;
import static dev.bertune.model.TensorNames.opName;
import static dev.bertune.model.TensorNames.outputIndex;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Rewrites the saved graph's LayerNorms (Google's TF1 {@code layer_norm}: two {@code Mean}s, a squared difference,
 * {@code Rsqrt} and five element-wise ops, each with its own gradient ops) as one {@code FusedBatchNormV3} in
 * training mode over the hidden axis, then {@code · gamma + beta}, before the SavedModel loads. It is the form
 * Keras uses for its fused LayerNorm: the input [N, H] viewed as NCHW [1, N, H, 1] normalises each of the N rows
 * over its H values with the batch statistics. TensorFlow runs it and its gradient on oneDNN ({@code
 * _MklNativeFusedBatchNormV3}, {@code ...GradV3}), and its bf16 rewrite keeps it in bf16 instead of casting around
 * an fp32 island. The output keeps the saved output's node name ({@code .../LayerNorm/batchnorm/add_1}), so every
 * consumer, checkpoint and export sees the same graph; the saved LayerNorm's own nodes stay, unused.
 */
public final class FusedLayerNorm {
  private static final String OUTPUT = "batchnorm/add_1";
  /** Under a LayerNorm's scope ({@code .../LayerNorm/}): the fused op and its product with gamma. */
  static final String NORMALIZED = "fused/normalized";
  static final String SCALED = "fused/scaled";

  private FusedLayerNorm() {}

  /** The graph with every recognised LayerNorm fused, and how many were. */
  public record Rewritten(GraphDef graph, int layerNorms) {}

  /** Rewrites each LayerNorm of Google's layout whose statistics run over the last axis of its input. */
  public static Rewritten rewrite(GraphDef graph) {
    try (Graph shapes = new Graph()) {
      shapes.importGraphDef(graph);
      return rewrite(graph, shapes);
    }
  }

  /**
   * As {@link #rewrite(GraphDef)}, with shapes read from {@code shapes}: a graph holding {@code graph}'s nodes under
   * the same names (a rewrite that keeps names and shapes, such as {@link EinsumAttention}, may lie between them).
   */
  static Rewritten rewrite(GraphDef graph, Graph shapes) {
    Map<String, NodeDef> byName = new HashMap<>();
    graph.getNodeList().forEach(n -> byName.put(n.getName(), n));
    GraphDef.Builder out = graph.toBuilder().clearNode();
    int count = 0;
    for (NodeDef node : graph.getNodeList()) {
      Match m = node.getName().endsWith("/LayerNorm/" + OUTPUT) ? match(node, byName, shapes) : null;
      if (m == null) {
        out.addNode(node);
        continue;
      }
      fused(node, m).forEach(out::addNode);
      count++;
    }
    return new Rewritten(out.build(), count);
  }

  /** A LayerNorm's input, gamma, beta, epsilon and hidden size. */
  private record Match(String x, String gamma, String beta, float epsilon, long hidden, String device) {}

  private static Match match(NodeDef output, Map<String, NodeDef> byName, Graph shapes) {
    String scope = output.getName().substring(0, output.getName().length() - OUTPUT.length()); // ".../LayerNorm/"
    NodeDef mul1 = byName.get(scope + "batchnorm/mul_1");
    NodeDef mul = byName.get(scope + "batchnorm/mul");
    NodeDef sub = byName.get(scope + "batchnorm/sub");
    NodeDef eps = byName.get(scope + "batchnorm/add/y");
    NodeDef mean = byName.get(scope + "moments/mean");
    NodeDef axes = byName.get(scope + "moments/mean/reduction_indices");
    if (mul1 == null || mul == null || sub == null || eps == null || mean == null || axes == null
        || !isAdd(output) || output.getInputCount() != 2 || !output.getInput(0).equals(mul1.getName())
        || !output.getInput(1).equals(sub.getName()) || !mul1.getOp().equals("Mul")
        || !mul1.getInput(1).equals(mul.getName()) || !mul.getOp().equals("Mul") || !sub.getOp().equals("Sub")
        || !eps.getOp().equals("Const") || !mean.getOp().equals("Mean") || !axes.getOp().equals("Const")
        || !mean.getInput(0).equals(mul1.getInput(0)) || !isFloat(output)) {
      return null;
    }
    String x = mul1.getInput(0);
    GraphOperation xOp = shapes.operation(opName(x));
    GraphOperation gammaOp = shapes.operation(opName(mul.getInput(1)));
    if (xOp == null || gammaOp == null) {
      return null;
    }
    int rank = xOp.output(outputIndex(x)).shape().numDimensions();
    long hidden = gammaOp.output(outputIndex(mul.getInput(1))).shape().size(0);
    TensorProto axis = axes.getAttrOrThrow("value").getTensor();
    int reduced = axis.getIntValCount() == 1 ? axis.getIntVal(0) : Integer.MIN_VALUE;
    TensorProto epsilon = eps.getAttrOrThrow("value").getTensor();
    if (rank < 2 || hidden <= 0 || (reduced != -1 && reduced != rank - 1) || epsilon.getFloatValCount() != 1) {
      return null;
    }
    return new Match(x, mul.getInput(1), sub.getInput(0), epsilon.getFloatVal(0), hidden, output.getDevice());
  }

  /** The fused nodes; the last one takes the saved output's name. */
  private static List<NodeDef> fused(NodeDef output, Match m) {
    String p = output.getName().substring(0, output.getName().length() - OUTPUT.length()) + "fused/";
    AttrValue f32 = type(DataType.DT_FLOAT);
    AttrValue i32 = type(DataType.DT_INT32);
    List<NodeDef> nodes = new ArrayList<>();
    nodes.add(node(p + "shape", "Shape", m, m.x()).putAttr("T", f32).putAttr("out_type", i32).build());
    nodes.add(intConst(p + "nchw", m, 1, -1, (int) m.hidden(), 1));
    nodes.add(node(p + "x4", "Reshape", m, m.x(), p + "nchw").putAttr("T", f32).putAttr("Tshape", i32).build());
    nodes.add(node(p + "shape4", "Shape", m, p + "x4").putAttr("T", f32).putAttr("out_type", i32).build());
    nodes.add(intConst(p + "begin", m, 1));
    nodes.add(intConst(p + "size", m, 1));
    nodes.add(node(p + "rows", "Slice", m, p + "shape4", p + "begin", p + "size").putAttr("T", i32)
        .putAttr("Index", i32).build()); // N: every row of x, whatever its rank
    nodes.add(floatConst(p + "one", m, 1f));
    nodes.add(floatConst(p + "zero", m, 0f));
    nodes.add(node(p + "scale", "Fill", m, p + "rows", p + "one").putAttr("T", f32).putAttr("index_type", i32)
        .build());
    nodes.add(node(p + "offset", "Fill", m, p + "rows", p + "zero").putAttr("T", f32)
        .putAttr("index_type", i32).build());
    nodes.add(NodeDef.newBuilder().setName(p + "empty").setOp("Const").setDevice(m.device()).putAttr("dtype", f32)
        .putAttr("value", AttrValue.newBuilder().setTensor(TensorProto.newBuilder().setDtype(DataType.DT_FLOAT)
            .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(0))))
            .build()).build());
    nodes.add(node(p + "normalized", "FusedBatchNormV3", m, p + "x4", p + "scale", p + "offset", p + "empty",
        p + "empty").putAttr("T", f32).putAttr("U", f32)
        .putAttr("epsilon", AttrValue.newBuilder().setF(m.epsilon()).build())
        .putAttr("exponential_avg_factor", AttrValue.newBuilder().setF(1f).build())
        .putAttr("data_format", AttrValue.newBuilder().setS(ByteString.copyFromUtf8("NCHW")).build())
        .putAttr("is_training", AttrValue.newBuilder().setB(true).build()).build());
    nodes.add(node(p + "y", "Reshape", m, p + "normalized", p + "shape").putAttr("T", f32).putAttr("Tshape", i32)
        .build());
    nodes.add(node(p + "scaled", "Mul", m, p + "y", m.gamma()).putAttr("T", f32).build());
    nodes.add(node(output.getName(), "AddV2", m, p + "scaled", m.beta()).putAttr("T", f32).build());
    return nodes;
  }

  private static NodeDef.Builder node(String name, String op, Match m, String... inputs) {
    NodeDef.Builder b = NodeDef.newBuilder().setName(name).setOp(op).setDevice(m.device());
    for (String input : inputs) {
      b.addInput(input);
    }
    return b;
  }

  private static NodeDef intConst(String name, Match m, int... values) {
    TensorProto.Builder t = TensorProto.newBuilder().setDtype(DataType.DT_INT32)
        .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder()
            .setSize(values.length)));
    for (int v : values) {
      t.addIntVal(v);
    }
    return NodeDef.newBuilder().setName(name).setOp("Const").setDevice(m.device())
        .putAttr("dtype", type(DataType.DT_INT32)).putAttr("value", AttrValue.newBuilder().setTensor(t).build())
        .build();
  }

  private static NodeDef floatConst(String name, Match m, float value) {
    return NodeDef.newBuilder().setName(name).setOp("Const").setDevice(m.device())
        .putAttr("dtype", type(DataType.DT_FLOAT)).putAttr("value", AttrValue.newBuilder().setTensor(
            TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).addFloatVal(value)).build()).build();
  }

  private static AttrValue type(DataType t) {
    return AttrValue.newBuilder().setType(t).build();
  }

  private static boolean isAdd(NodeDef n) {
    return n.getOp().equals("Add") || n.getOp().equals("AddV2");
  }

  private static boolean isFloat(NodeDef n) {
    AttrValue t = n.getAttrMap().get("T");
    return t != null && t.getType() == DataType.DT_FLOAT;
  }

}
