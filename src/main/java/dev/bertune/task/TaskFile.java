package dev.bertune.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bertune.BertuneException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An export's task, in {@code assets.extra/}: {@code task.json} ({@code type}, {@code labels} in output order,
 * {@code thresholds}, {@code probability}: sigmoid or softmax) and {@code labels.txt} (one label a line, in output
 * order, for clients that want just the names). An export without {@code task.json} (written before bertune knew
 * other tasks) is binary sentiment with threshold 0.5.
 */
public final class TaskFile {
  /** File name of the task settings. */
  public static final String NAME = "task.json";
  /** File name of the label list. */
  public static final String LABELS = "labels.txt";

  private TaskFile() {}

  /** The content of {@code task.json}. */
  public static String json(Task task) {
    return task.json().toPrettyString() + "\n";
  }

  /** The content of {@code labels.txt}. */
  public static String labels(Task task) {
    return String.join("\n", task.labels()) + "\n";
  }

  /** The task of an export folder (its {@code assets.extra/task.json}), ready for inference. */
  public static Task read(Path exportDir) {
    Path file = exportDir.resolve("assets.extra").resolve(NAME);
    if (!Files.isRegularFile(file)) {
      return BinaryTask.sentimentTask();
    }
    try {
      return parse(new ObjectMapper().readTree(file.toFile()));
    } catch (IOException | RuntimeException e) {
      throw new BertuneException(file + " is invalid (" + e.getMessage() + "); is " + exportDir + " a bertune export?");
    }
  }

  static Task parse(JsonNode n) {
    TaskType type = TaskType.parse(n.get("type").asText());
    if (type == null) {
      throw new IllegalArgumentException("unknown type " + n.get("type"));
    }
    List<String> labels = new ArrayList<>();
    n.get("labels").forEach(l -> labels.add(l.asText()));
    double[] thresholds = new double[n.get("thresholds").size()];
    for (int i = 0; i < thresholds.length; i++) {
      thresholds[i] = n.get("thresholds").get(i).asDouble();
    }
    return switch (type) {
      case BINARY -> new BinaryTask(labels, thresholds[0], 1f, new float[] {1f, 1f});
      case MULTI_CLASS -> new MultiClassTask(labels, "softmax".equals(n.get("probability").asText())
          ? LossFunction.SOFTMAX : LossFunction.SIGMOID, ones(labels.size()), n.path("top_k").asInt(1));
      case MULTI_LABEL -> new MultiLabelTask(labels, ones(labels.size()), thresholds);
    };
  }

  private static float[] ones(int n) {
    float[] out = new float[n];
    Arrays.fill(out, 1f);
    return out;
  }
}
