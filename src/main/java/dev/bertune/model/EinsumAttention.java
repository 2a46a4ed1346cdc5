package dev.bertune.model;

import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Rewrites the saved graph's rank-4 batch matrix products (BERT's attention: scores {@code Q·Kᵀ} and context
 * {@code P·V}, [B, heads, T, d]) as {@code Einsum} before the SavedModel loads.
 *
 * <p>Why: TensorFlow's C++ gradient of every {@code BatchMatMul} version emits {@code BatchMatMulV3}, which has no
 * oneDNN kernel and runs on Eigen (4.3 ms per attention-gradient product at 8 × 128 in bf16, where the forward
 * pass's oneDNN batch products take 0.56 ms). {@code Einsum}'s gradient emits {@code Einsum}s, which oneDNN runs
 * ({@code _MklEinsum}), in the forward and backward passes. Same products, same shapes and the same node names:
 * the rest of the graph, checkpoints and exports see no difference but float rounding.
 *
 * <p>{@link StagedModel} applies it to the SavedModel before it loads.
 */
public final class EinsumAttention {
  private static final String OUTPUT = "abij";

  private EinsumAttention() {}

  /** The graph with every rank-4 {@code BatchMatMul} rewritten, and how many were. */
  public record Rewritten(GraphDef graph, int products) {}

  /**
   * Rewrites {@code graph}: each {@code BatchMatMul} whose operands are both rank 4 (shapes from importing the graph)
   * becomes an {@code Einsum} with the equivalent equation; others stay as they are. Only version 1, the one TF1
   * graphs such as Google's BERT hold: it does not broadcast batch dimensions, so the plain equation is exact
   * ({@code BatchMatMulV2} would need an ellipsis equation where its batch dimensions broadcast).
   */
  public static Rewritten rewrite(GraphDef graph) {
    try (Graph shapes = new Graph()) {
      shapes.importGraphDef(graph);
      return rewrite(graph, shapes);
    }
  }

  /** As {@link #rewrite(GraphDef)}, with shapes read from {@code shapes}, a graph holding {@code graph}'s nodes. */
  static Rewritten rewrite(GraphDef graph, Graph shapes) {
    GraphDef.Builder out = graph.toBuilder().clearNode();
    int products = 0;
    for (NodeDef node : graph.getNodeList()) {
      if (node.getOp().equals("BatchMatMul") && rank4(shapes, node)) {
        out.addNode(einsum(node));
        products++;
      } else {
        out.addNode(node);
      }
    }
    return new Rewritten(out.build(), products);
  }

  private static boolean rank4(Graph shapes, NodeDef node) {
    GraphOperation op = shapes.operation(node.getName());
    return op != null && op.numInputs() == 2 && op.input(0).shape().numDimensions() == 4
        && op.input(1).shape().numDimensions() == 4;
  }

  /** {@code x·y} with {@code adj_x}/{@code adj_y} as an Einsum over [a, b, rows, cols]. */
  private static NodeDef einsum(NodeDef node) {
    boolean adjX = attrBool(node, "adj_x");
    boolean adjY = attrBool(node, "adj_y");
    String x = adjX ? "abki" : "abik";
    String y = adjY ? "abjk" : "abkj";
    NodeDef.Builder einsum = node.toBuilder().setOp("Einsum").clearAttr();
    node.getAttrMap().forEach((name, value) -> {
      if (name.equals("T") || name.startsWith("_")) { // not adj_x, adj_y, grad_x, grad_y
        einsum.putAttr(name, value);
      }
    });
    return einsum
        .putAttr("equation", AttrValue.newBuilder().setS(
            com.google.protobuf.ByteString.copyFromUtf8(x + "," + y + "->" + OUTPUT)).build())
        .putAttr("N", AttrValue.newBuilder().setI(2).build())
        .build();
  }

  private static boolean attrBool(NodeDef node, String name) {
    AttrValue v = node.getAttrMap().get(name);
    return v != null && v.getB();
  }
}
