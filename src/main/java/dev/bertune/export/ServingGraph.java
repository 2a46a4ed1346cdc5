package dev.bertune.export;

import dev.bertune.model.BertSignature;
import dev.bertune.model.ClassifierHead;
import dev.bertune.model.ClsOnlyTopLayer;
import dev.bertune.model.TensorNames;
import dev.bertune.config.FeatureSource;
import dev.bertune.task.Task;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;

/**
 * The graph that is exported for serving: only the part of the pretrained graph that computes BERT's
 * outputs (no training ops, no optimizer slots, no second and third copy of BERT), inputs re-declared as
 * {@code [-1, -1]} so any batch and length up to the position limit is accepted, then the head and the task's
 * probability op: {@code logits} and {@code probabilities}, {@code [B]} for a binary task (as TF Serving clients of
 * earlier exports expect), {@code [B, K]} otherwise. The features the head reads ({@code head.features}, [B, H])
 * are an output too, of a second signature ({@code features}), for users who embed texts with the fine-tuned BERT.
 */
final class ServingGraph {
  static final String LOGITS = "logits";
  static final String PROBABILITIES = "probabilities";
  /** The features output and the key of the signature that returns it. */
  static final String FEATURES = "features";

  private ServingGraph() {}

  /** Keeps the nodes that {@code outputs} need and gives the {@code inputs} placeholders shape [-1, -1]. */
  static GraphDef prune(GraphDef full, List<String> outputs, List<String> inputs) {
    Map<String, NodeDef> byName = new HashMap<>();
    for (NodeDef n : full.getNodeList()) {
      byName.put(n.getName(), n);
    }
    Set<String> keep = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    outputs.forEach(o -> todo.add(TensorNames.opName(o)));
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (keep.add(name)) {
        NodeDef node = byName.get(name);
        if (node == null) {
          throw new IllegalStateException("graph has no node " + name);
        }
        node.getInputList().forEach(i -> todo.add(TensorNames.opName(i)));
      }
    }
    Set<String> inputOps = new HashSet<>();
    inputs.forEach(i -> inputOps.add(TensorNames.opName(i)));
    TensorShapeProto anyMatrix = TensorShapeProto.newBuilder()
        .addDim(TensorShapeProto.Dim.newBuilder().setSize(-1))
        .addDim(TensorShapeProto.Dim.newBuilder().setSize(-1)).build();
    GraphDef.Builder pruned = full.toBuilder().clearNode();
    for (NodeDef n : full.getNodeList()) {
      if (!keep.contains(n.getName())) {
        continue;
      }
      // TF1 exports carry "_output_shapes" hints computed for the old input shapes ([-1, 128]); the importer
      // trusts them, so they go, and shape inference recomputes every shape from the new inputs
      NodeDef.Builder node = n.toBuilder().removeAttr("_output_shapes");
      if (inputOps.contains(n.getName()) && n.getOp().equals("Placeholder")) {
        node.putAttr("shape", AttrValue.newBuilder().setShape(anyMatrix).build());
      }
      pruned.addNode(node);
    }
    return pruned.build();
  }

  /** The head's outputs in the serving graph, and the BERT features [B, H] it reads. */
  record Outputs(Output<TFloat32> logits, Output<TFloat32> probabilities, Output<TFloat32> features) {}

  /** Imports the pruned BERT into {@code graph} and adds the head (initialised later from trained values). */
  static Outputs build(Graph graph, GraphDef bertGraph, BertSignature sig, FeatureSource source, boolean clsOnly,
      long seed, Task task) {
    GraphDef pruned = prune(bertGraph, List.of(sig.pooledOutput(), sig.sequenceOutput()),
        List.of(sig.inputIds(), sig.inputMask(), sig.segmentIds()));
    graph.importGraphDef(pruned);
    Ops tf = Ops.create(graph);
    Operand<TFloat32> f = ClassifierHead.features(tf, graph, sig, source,
        clsOnly ? ClsOnlyTopLayer.build(tf, graph, sig) : java.util.Optional.empty());
    ClassifierHead head = ClassifierHead.create(tf, sig.hiddenSize(), task.outputs(), seed);
    Operand<TFloat32> features = tf.withName(FEATURES).identity(f);
    Operand<TFloat32> headLogits = head.logits(tf, features); // [B, K]
    Operand<TFloat32> logits = tf.withName(LOGITS).identity(task.servingOutput(tf, headLogits));
    Operand<TFloat32> probabilities = tf.withName(PROBABILITIES)
        .identity(task.servingOutput(tf, task.probabilities(tf, headLogits)));
    return new Outputs(logits.asOutput(), probabilities.asOutput(), features.asOutput());
  }
}
