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
import java.util.Optional;
import java.util.Set;
import dev.bertune.config.WindowPooling;
import dev.bertune.model.WindowPool;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TInt32;
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
 *
 * <p>A model that reads long texts in windows ({@code tokenizer.long-text = windows}) has a third signature, {@code
 * serving_windows}: {@code input_ids, input_mask, segment_ids} int32 {@code [D, W, T]} (D texts of W windows, padded
 * with all-zero windows) and {@code window_mask} float {@code [D, W]} (1 = a window of the text), returning the
 * texts' pooled {@code probabilities} and {@code logits}. BERT's inputs are then {@code PlaceholderWithDefault}s
 * whose default is the windows reshaped to {@code [D*W, T]}: {@code serving_default} feeds them directly (each row
 * a one-window text, predicted exactly as a text that fits), {@code serving_windows} feeds the windows, and one copy
 * of BERT serves both.
 */
final class ServingGraph {
  static final String LOGITS = "logits";
  static final String PROBABILITIES = "probabilities";
  /** The features output and the key of the signature that returns it. */
  static final String FEATURES = "features";
  /** The key of the signature that takes texts as windows. */
  static final String WINDOWS = "serving_windows";
  /** The window mask input of {@link #WINDOWS}. */
  static final String WINDOW_MASK = "window_mask";
  private static final String WINDOWS_SCOPE = "windows";

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

  /**
   * The head's outputs in the serving graph, the BERT features [B, H] it reads, and for a model that reads texts in
   * windows the {@link #WINDOWS} signature's tensors.
   */
  record Outputs(Output<TFloat32> logits, Output<TFloat32> probabilities, Output<TFloat32> features,
      Optional<Windows> windows) {}

  /** The inputs {@code [D, W, T]} and {@code [D, W]} and the pooled outputs of {@link #WINDOWS}. */
  record Windows(Output<?> inputIds, Output<?> inputMask, Output<?> segmentIds, Output<TFloat32> windowMask,
      Output<TFloat32> logits, Output<TFloat32> probabilities) {}

  /**
   * Imports the pruned BERT into {@code graph} and adds the head (initialised later from trained values), and with
   * {@code pooling} the windows signature's inputs and pooling.
   */
  static Outputs build(Graph graph, GraphDef bertGraph, BertSignature sig, FeatureSource source, boolean clsOnly,
      long seed, Task task, Optional<WindowPooling> pooling) {
    List<String> inputs = List.of(sig.inputIds(), sig.inputMask(), sig.segmentIds());
    GraphDef pruned = prune(bertGraph, List.of(sig.pooledOutput(), sig.sequenceOutput()), inputs);
    graph.importGraphDef(pooling.isPresent() ? withWindowInputs(pruned, inputs) : pruned);
    Ops tf = Ops.create(graph);
    Operand<TFloat32> f = ClassifierHead.features(tf, graph, sig, source,
        clsOnly ? ClsOnlyTopLayer.build(tf, graph, sig) : java.util.Optional.empty());
    ClassifierHead head = ClassifierHead.create(tf, sig.hiddenSize(), task.outputs(), seed);
    Operand<TFloat32> features = tf.withName(FEATURES).identity(f);
    Operand<TFloat32> headLogits = head.logits(tf, features); // [B, K]
    Operand<TFloat32> logits = tf.withName(LOGITS).identity(task.servingOutput(tf, headLogits));
    Operand<TFloat32> probabilities = tf.withName(PROBABILITIES)
        .identity(task.servingOutput(tf, task.probabilities(tf, headLogits)));
    Optional<Windows> windows = pooling.map(p -> windows(tf, graph, features, head, p, sig.hiddenSize(), task));
    return new Outputs(logits.asOutput(), probabilities.asOutput(), features.asOutput(), windows);
  }

  /** The pooling of window features [D*W, H] into texts and the head on them: {@link #WINDOWS}'s outputs. */
  private static Windows windows(Ops tf, Graph graph, Operand<TFloat32> features, ClassifierHead head,
      WindowPooling pooling, int hidden, Task task) {
    Ops w = tf.withSubScope(WINDOWS_SCOPE);
    Placeholder<TFloat32> mask = w.withName(WINDOW_MASK).placeholder(TFloat32.class,
        Placeholder.shape(Shape.of(-1, -1)));
    Operand<TFloat32> pooled = WindowPool.create(tf, pooling, hidden).apply(tf, features, mask); // [D, H]
    Operand<TFloat32> headLogits = head.logits(tf, pooled);
    Operand<TFloat32> logits = w.withName(LOGITS).identity(task.servingOutput(w, headLogits));
    Operand<TFloat32> probabilities = w.withName(PROBABILITIES)
        .identity(task.servingOutput(w, task.probabilities(w, headLogits)));
    String scope = WINDOWS_SCOPE + "/";
    return new Windows(graph.outputOrThrow(scope + INPUT_KEYS.get(0)), graph.outputOrThrow(scope + INPUT_KEYS.get(1)),
        graph.outputOrThrow(scope + INPUT_KEYS.get(2)), mask.output(), logits.asOutput(), probabilities.asOutput());
  }

  /** The signature input keys of the token inputs, in the order of the model's inputs (ids, mask, segments). */
  static final List<String> INPUT_KEYS = List.of("input_ids", "input_mask", "segment_ids");

  /**
   * {@code pruned} with window inputs {@code windows/<key>} int32 [D, W, T] and BERT's input placeholders turned into
   * {@code PlaceholderWithDefault}s of those windows reshaped to [D*W, T].
   */
  static GraphDef withWindowInputs(GraphDef pruned, List<String> bertInputs) {
    GraphDef.Builder out = pruned.toBuilder();
    Map<String, String> defaults = new HashMap<>();
    try (Graph scratch = new Graph()) {
      Ops tf = Ops.create(scratch).withSubScope(WINDOWS_SCOPE);
      for (int i = 0; i < bertInputs.size(); i++) {
        Placeholder<TInt32> windows = tf.withName(INPUT_KEYS.get(i)).placeholder(TInt32.class,
            Placeholder.shape(Shape.of(-1, -1, -1)));
        Operand<TInt32> length = tf.gather(tf.shape(windows), tf.constant(2), tf.constant(0));
        Operand<TInt32> rows = tf.withName("rows_" + INPUT_KEYS.get(i)).reshape(windows,
            tf.stack(List.of(tf.constant(-1), length)));
        defaults.put(TensorNames.opName(bertInputs.get(i)), rows.op().name());
      }
      out.addAllNode(scratch.toGraphDef().getNodeList());
    }
    for (int i = 0; i < out.getNodeCount(); i++) {
      NodeDef n = out.getNode(i);
      String rows = defaults.get(n.getName());
      if (rows != null) {
        if (!n.getOp().equals("Placeholder") || n.getAttrOrThrow("dtype").getType() != DataType.DT_INT32) {
          throw new IllegalStateException("BERT input " + n.getName() + " is a " + n.getOp() + ", not an int32"
              + " Placeholder: cannot add the windows signature");
        }
        out.setNode(i, n.toBuilder().setOp("PlaceholderWithDefault").clearInput().addInput(rows));
      }
    }
    return out.build();
  }
}
