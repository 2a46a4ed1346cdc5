package dev.bertune.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;

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
 * <p>The SavedModel loader only reads folders, so {@link #stage} writes the rewritten {@code saved_model.pb} into a
 * temporary folder next to links to the model's {@code variables/} and {@code assets/}; {@link #unstage} removes
 * it once the bundle is loaded (the weights are then in memory).
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
    GraphDef.Builder out = graph.toBuilder().clearNode();
    int products = 0;
    try (Graph shapes = new Graph()) {
      shapes.importGraphDef(graph);
      for (NodeDef node : graph.getNodeList()) {
        if (node.getOp().equals("BatchMatMul") && rank4(shapes, node)) {
          out.addNode(einsum(node));
          products++;
        } else {
          out.addNode(node);
        }
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

  /**
   * A temporary copy of the SavedModel at {@code dir} whose meta graph for {@code tag} has its attention products
   * rewritten, or empty when the graph has none or the copy cannot be made (then load {@code dir} itself; the
   * latter with a warning on stderr).
   */
  public static Optional<Staged> stage(Path dir, String tag) {
    try {
      SavedModel model = SavedModel.parseFrom(Files.readAllBytes(dir.resolve("saved_model.pb")));
      SavedModel.Builder rewritten = model.toBuilder();
      int products = 0;
      for (int i = 0; i < model.getMetaGraphsCount(); i++) {
        MetaGraphDef meta = model.getMetaGraphs(i);
        if (!meta.getMetaInfoDef().getTagsList().contains(tag)) {
          continue;
        }
        Rewritten r = rewrite(meta.getGraphDef());
        products += r.products();
        rewritten.setMetaGraphs(i, meta.toBuilder().setGraphDef(r.graph()));
      }
      if (products == 0) {
        return Optional.empty();
      }
      Path staged = Files.createTempDirectory("bertune-model-");
      Files.write(staged.resolve("saved_model.pb"), rewritten.build().toByteArray());
      for (String part : new String[] {"variables", "assets"}) {
        Path target = dir.resolve(part).toAbsolutePath();
        if (Files.exists(target)) {
          Files.createSymbolicLink(staged.resolve(part), target);
        }
      }
      return Optional.of(new Staged(staged, products));
    } catch (IOException | RuntimeException e) {
      // the model then loads as saved: slower attention gradients, nothing else changes
      System.err.println("warning: attention products load as saved (model.einsum-attention): cannot stage "
          + dir + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /** A staged copy: its folder and how many products it rewrote. */
  public record Staged(Path dir, int products) {}

  /** Deletes a staged copy: the links (not what they point to) and the rewritten graph. */
  public static void unstage(Staged staged) {
    try {
      for (String part : new String[] {"variables", "assets", "saved_model.pb"}) {
        Files.deleteIfExists(staged.dir().resolve(part));
      }
      Files.deleteIfExists(staged.dir());
    } catch (IOException e) {
      System.err.println("warning: could not delete " + staged.dir() + ": " + e.getMessage());
    }
  }
}
