package dev.bertune.model;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;

/**
 * A resource variable of a graph: its {@code VarHandleOp} and what the graph declares about it.
 *
 * @param name checkpoint name: the op's {@code shared_name}, or its op name when that is empty
 * @param handle the handle output of the {@code VarHandleOp}
 */
public record ResourceVariable(String name, Output<?> handle, Shape shape, DataType dtype) {

  /** Reads the variable description from a {@code VarHandleOp}. */
  public static ResourceVariable of(GraphOperation op) {
    if (!op.type().equals("VarHandleOp")) {
      throw new IllegalArgumentException(op.name() + " is a " + op.type() + ", not a VarHandleOp");
    }
    String shared = op.attributes().getAttrString("shared_name");
    String name = shared == null || shared.isEmpty() ? op.name() : shared;
    return new ResourceVariable(name, op.output(0), op.attributes().getAttrShape("shape"),
        op.attributes().getAttrType("dtype"));
  }

  /** The graph op name of the handle. */
  public String opName() {
    return handle.op().name();
  }

  /** Whether AdamW's decoupled weight decay applies: weight matrices and embeddings, not biases or LayerNorm. */
  public boolean decays() {
    return shape.numDimensions() >= 2 && !name.contains("LayerNorm") && !name.contains("layer_norm");
  }

  /** Number of scalar weights. */
  public long size() {
    return shape.size();
  }

  /** All resource variables of {@code graph}, one per checkpoint name (copies sharing a resource are merged). */
  public static List<ResourceVariable> allIn(Graph graph) {
    Map<String, ResourceVariable> byName = new LinkedHashMap<>();
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      if (op.type().equals("VarHandleOp")) {
        ResourceVariable v = of(op);
        byName.putIfAbsent(v.name(), v);
      }
    }
    return new ArrayList<>(byName.values());
  }

  /** The resource variables that {@code output} depends on, in graph order. */
  public static List<ResourceVariable> feeding(Graph graph, Output<?> output) {
    Map<String, ResourceVariable> byName = new LinkedHashMap<>();
    for (GraphOperation op : graph.subgraphToOps(java.util.Set.of((GraphOperation) output.op()))) {
      if (op.type().equals("VarHandleOp")) {
        ResourceVariable v = of(op);
        byName.putIfAbsent(v.name(), v);
      }
    }
    return new ArrayList<>(byName.values());
  }
}
