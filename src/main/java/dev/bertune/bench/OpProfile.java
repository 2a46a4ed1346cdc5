package dev.bertune.bench;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

/**
 * Where the time of one traced step went, from TensorFlow's per-op step stats ({@code trace_level =
 * SOFTWARE_TRACE}: the executor's step stats without the hardware profiler session that FULL_TRACE adds).
 *
 * <p>{@code executorSeconds} is the span from the first op's start to the last op's end: the time TensorFlow's
 * executor was running ops. The rest of the traced step's wall time ({@code tracedSeconds - executorSeconds}) is
 * spent outside the ops: {@code session.run} setup, feeding and fetching tensors, the Java side of the step, and
 * assembling the trace itself (so it is an upper bound of the rest). Op times
 * are summed per op type; ops running side by side (inter-op parallelism) make the sum exceed the span. Tracing
 * itself adds a little to every op.
 *
 * @param tracedSeconds wall time of the traced step, measured in Java
 * @param stepSeconds wall time of an untraced step (the benchmark's median), measured in Java
 * @param executorSeconds first op start to last op end
 * @param opSeconds sum of all ops' own run times
 * @param ops number of op executions recorded
 * @param top op types by summed time, largest first
 */
public record OpProfile(double tracedSeconds, double stepSeconds, double executorSeconds, double opSeconds, int ops,
    List<OpType> top) {

  /** One op type's share of the step. */
  public record OpType(String type, int count, double seconds, double share) {}

  /** Summarises {@code metadata}, keeping the {@code topN} op types that took longest. */
  public static OpProfile of(RunMetadata metadata, double tracedSeconds, double stepSeconds, int topN) {
    Map<String, double[]> byType = new HashMap<>(); // type -> {count, micros}
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    double total = 0;
    int ops = 0;
    for (DeviceStepStats device : metadata.getStepStats().getDevStatsList()) {
      for (NodeExecStats node : device.getNodeStatsList()) {
        long micros = node.getOpEndRelMicros() - node.getOpStartRelMicros();
        first = Math.min(first, node.getAllStartMicros());
        last = Math.max(last, node.getAllStartMicros() + node.getAllEndRelMicros());
        double[] acc = byType.computeIfAbsent(opType(node), k -> new double[2]);
        acc[0]++;
        acc[1] += micros;
        total += micros;
        ops++;
      }
    }
    double opSeconds = total / 1e6;
    double totalMicros = total;
    List<OpType> top = byType.entrySet().stream()
        .sorted(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> -e.getValue()[1]))
        .limit(topN)
        .map(e -> new OpType(e.getKey(), (int) e.getValue()[0], e.getValue()[1] / 1e6,
            totalMicros > 0 ? e.getValue()[1] / totalMicros : 0))
        .toList();
    double span = ops == 0 ? 0 : (last - first) / 1e6;
    return new OpProfile(tracedSeconds, stepSeconds, span, opSeconds, ops, top);
  }

  /** The op type from the timeline label {@code "name = Type(inputs)"}; else the node name. */
  static String opType(NodeExecStats node) {
    String label = node.getTimelineLabel();
    int eq = label.indexOf(" = ");
    if (eq >= 0) {
      int paren = label.indexOf('(', eq);
      return label.substring(eq + 3, paren < 0 ? label.length() : paren).trim();
    }
    return node.getNodeName();
  }

  /** Wall time of the traced step spent outside TensorFlow's ops (never negative). */
  public double outsideExecutorSeconds() {
    return Math.max(0, tracedSeconds - executorSeconds);
  }
}
