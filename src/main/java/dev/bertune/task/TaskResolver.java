package dev.bertune.task;

import dev.bertune.BertuneException;
import dev.bertune.data.LabelStats;
import dev.bertune.data.Review;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Chooses the task of a run from {@link TaskSettings} and the training reviews: the type ({@code task.type}, or
 * with {@code auto}: list-valued labels mean multi-label, two distinct labels binary, more multi-class), the label
 * order (sorted, or {@code task.labels}) and the loss weights.
 */
public final class TaskResolver {
  private TaskResolver() {}

  /**
   * The chosen task and why.
   *
   * @param reason e.g. "auto: 2 distinct labels in the training data"
   */
  public record Resolved(Task task, String reason) {
    /** A log line: {@code task: multi-class (auto: 5 distinct labels ...); labels: a, b, c; loss: ...}. */
    public String describe() {
      return "task: " + task.type().configName() + " (" + reason + "); labels (" + task.labels().size() + "): "
          + String.join(", ", task.labels()) + "; loss: " + task.lossDescription();
    }
  }

  /** Resolves the task for {@code train} (the training reviews, before any validation split). */
  public static Resolved resolve(TaskSettings settings, List<Review> train) {
    Optional<Review> listValued = train.stream().filter(Review::listValued).findFirst();
    TreeSet<String> seen = new TreeSet<>();
    train.forEach(r -> seen.addAll(r.labels()));
    TaskType type;
    String reason;
    if (settings.type().isPresent()) {
      type = settings.type().get();
      reason = "task.type";
    } else if (listValued.isPresent()) {
      type = TaskType.MULTI_LABEL;
      reason = "auto: label values are lists, e.g. at " + listValued.get().location();
    } else {
      type = seen.size() == 2 ? TaskType.BINARY : TaskType.MULTI_CLASS;
      reason = "auto: " + seen.size() + " distinct labels in the training data";
    }
    List<String> labels = labelOrder(type, settings, seen);
    LabelStats stats = LabelStats.of(train);
    return new Resolved(build(type, labels, settings, stats), reason);
  }

  /** The task of {@code type} over {@code labels}, weighted as the settings say for these training counts. */
  static Task build(TaskType type, List<String> labels, TaskSettings s, LabelStats stats) {
    requireLoss(type, s.loss());
    switch (type) {
      case BINARY -> {
        float[] classWeights = s.classWeights().resolve(labels, counts(labels, stats));
        float positive = s.positiveWeights().resolve(labels)[1];
        return new BinaryTask(labels, s.threshold(), positive, classWeights);
      }
      case MULTI_CLASS -> {
        if (s.positiveWeights().weighted()) {
          throw new BertuneException("config key 'head.positive-class-weight' applies to binary and multi-label"
              + " tasks; for a multi-class task use head.class-weights (none, balanced or a map by label)");
        }
        LossFunction loss = s.loss() == LossFunction.AUTO ? LossFunction.SOFTMAX : s.loss();
        return new MultiClassTask(labels, loss, s.classWeights().resolve(labels, counts(labels, stats)), s.topK());
      }
      case MULTI_LABEL -> {
        if (s.classWeights().kind() != ClassWeights.Kind.NONE) {
          throw new BertuneException("config key 'head.class-weights' applies to binary and multi-class tasks; for"
              + " a multi-label task weigh positive labels with head.positive-class-weight (a number or a map by"
              + " label)");
        }
        double[] thresholds = new double[labels.size()];
        java.util.Arrays.fill(thresholds, s.threshold());
        return new MultiLabelTask(labels, s.positiveWeights().resolve(labels), thresholds);
      }
      default -> throw new IllegalStateException(type.toString());
    }
  }

  private static List<String> labelOrder(TaskType type, TaskSettings s, TreeSet<String> seen) {
    if (!s.labels().isEmpty()) {
      if (new TreeSet<>(s.labels()).size() != s.labels().size()) {
        throw new BertuneException("config key 'task.labels' lists a label twice: " + s.labels());
      }
      requireCount(type, s.labels().size(), "config key 'task.labels' = " + s.labels());
      return s.labels();
    }
    if (type == TaskType.BINARY && !seen.isEmpty() && seen.stream().allMatch(v -> BinaryTask.sentiment(v) != null)) {
      TreeSet<String> names = new TreeSet<>();
      seen.forEach(v -> names.add(BinaryTask.sentiment(v)));
      if (names.size() == 2) {
        return BinaryTask.SENTIMENT;
      }
    }
    requireCount(type, seen.size(), "the training data has " + seen.size() + " distinct label"
        + (seen.size() == 1 ? "" : "s") + (seen.isEmpty() ? "" : " (" + String.join(", ", shown(seen)) + ")"));
    return new ArrayList<>(seen);
  }

  private static void requireCount(TaskType type, int n, String what) {
    boolean ok = switch (type) {
      case BINARY -> n == 2;
      case MULTI_CLASS -> n >= 2;
      case MULTI_LABEL -> n >= 1;
    };
    if (!ok) {
      String need = switch (type) {
        case BINARY -> "a binary task needs exactly 2 labels";
        case MULTI_CLASS -> "a multi-class task needs at least 2 labels";
        case MULTI_LABEL -> "a multi-label task needs at least 1 label";
      };
      throw new BertuneException(what + "; " + need + (n < 2 ? " (a classifier needs examples of at least two"
          + " classes)" : n > 2 && type == TaskType.BINARY ? "; use task.type = multi-class (or auto)" : ""));
    }
  }

  private static void requireLoss(TaskType type, LossFunction loss) {
    if (loss == LossFunction.SOFTMAX && type != TaskType.MULTI_CLASS) {
      throw new BertuneException("config key 'head.loss' = softmax applies to multi-class tasks only (this one is "
          + type.configName() + "); accepted here: auto, sigmoid");
    }
  }

  private static long[] counts(List<String> labels, LabelStats stats) {
    long[] out = new long[labels.size()];
    for (int k = 0; k < out.length; k++) {
      String label = labels.get(k);
      out[k] = stats.counts().entrySet().stream()
          .filter(e -> e.getKey().equals(label) || label.equals(BinaryTask.sentiment(e.getKey())))
          .mapToLong(java.util.Map.Entry::getValue).sum();
    }
    return out;
  }

  private static List<String> shown(TreeSet<String> seen) {
    List<String> all = new ArrayList<>(seen);
    return all.size() <= LabelStats.SHOWN ? all : all.subList(0, LabelStats.SHOWN);
  }
}
