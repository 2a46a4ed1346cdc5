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

  /** Fewer training reviews than this for a label draw a warning (a typo, or too few to learn from). */
  public static final int FEW_EXAMPLES = 3;

  /**
   * The chosen task and why.
   *
   * @param reason e.g. "auto: 2 distinct labels in the training data"
   * @param warnings labels with fewer than {@value #FEW_EXAMPLES} training reviews, each with where it first occurs
   */
  public record Resolved(Task task, String reason, List<String> warnings) {
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
    } else if (!settings.labels().isEmpty()) {
      type = settings.labels().size() == 2 ? TaskType.BINARY : TaskType.MULTI_CLASS;
      reason = "auto: " + settings.labels().size() + " labels in task.labels";
    } else {
      int distinct = sentimentNames(seen).map(TreeSet::size).orElse(seen.size());
      type = distinct == 2 ? TaskType.BINARY : TaskType.MULTI_CLASS;
      reason = "auto: " + distinct + " distinct labels in the training data";
    }
    if (type == TaskType.BINARY && settings.labels().isEmpty() && seen.size() > 2 && sentimentNames(seen).isEmpty()) {
      throw new BertuneException("task.type = binary, but the training data has " + seen.size() + " distinct labels ("
          + String.join(", ", shown(seen)) + "); the rarest, '" + rarest(train) + "', first at "
          + firstWith(train, rarest(train)) + "; fix the data, list the two classes in task.labels (and"
          + " data.on-invalid = skip), or use task.type = multi-class");
    }
    List<String> labels = labelOrder(type, settings, seen, train.isEmpty() ? "" : " in " + train.get(0).source());
    LabelStats stats = LabelStats.of(train);
    List<String> warnings = new ArrayList<>();
    stats.counts().forEach((label, n) -> {
      if (n < FEW_EXAMPLES) {
        warnings.add("label '" + label + "' has only " + n + " training review" + (n == 1 ? "" : "s") + " (first at "
            + firstWith(train, label) + "): a typo? task.labels lists the labels to keep");
      }
    });
    Task task = build(type, labels, settings, stats); // config errors first
    degenerate(type, labels, train).ifPresent(problem -> {
      if (!settings.allowDegenerateLabels()) {
        throw new BertuneException(problem + "; fix the training data, or set task.allow-degenerate-labels = true"
            + " to train anyway");
      }
      warnings.add(problem + " (task.allow-degenerate-labels = true)");
    });
    return new Resolved(task, reason, warnings);
  }

  /**
   * What makes these training labels unlearnable, if anything: a single class present (binary, multi-class), or
   * multi-label labels that no review has or every review has.
   */
  static Optional<String> degenerate(TaskType type, List<String> labels, List<Review> train) {
    long[] counts = new long[labels.size()];
    for (Review r : train) {
      for (int k = 0; k < labels.size(); k++) {
        String label = labels.get(k);
        counts[k] += r.labels().stream().anyMatch(l -> l.equals(label) || label.equals(BinaryTask.sentiment(l)))
            ? 1 : 0;
      }
    }
    List<String> present = new ArrayList<>();
    List<String> never = new ArrayList<>();
    List<String> always = new ArrayList<>();
    for (int k = 0; k < labels.size(); k++) {
      (counts[k] == 0 ? never : present).add(labels.get(k));
      if (counts[k] == train.size() && !train.isEmpty()) {
        always.add(labels.get(k));
      }
    }
    if (type != TaskType.MULTI_LABEL) {
      return present.size() >= 2 || train.isEmpty() ? Optional.empty()
          : Optional.of("the training data has only one class, '" + present.get(0) + "' (" + train.size()
              + " reviews), of the labels " + String.join(", ", labels) + ": the classifier would predict it for"
              + " everything");
    }
    List<String> problems = new ArrayList<>();
    if (!never.isEmpty()) {
      problems.add("no training review has label" + (never.size() == 1 ? " " : "s ") + String.join(", ", never));
    }
    if (!always.isEmpty()) {
      problems.add("every training review has label" + (always.size() == 1 ? " " : "s ") + String.join(", ", always));
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join(", and ", problems)
        + ": the classifier would learn a constant for " + (never.size() + always.size() == 1 ? "it" : "them"));
  }

  /** The sentiment names of the labels when every label is a sentiment spelling (0/1, neg/pos, ...). */
  private static Optional<TreeSet<String>> sentimentNames(TreeSet<String> seen) {
    if (seen.isEmpty() || !seen.stream().allMatch(v -> BinaryTask.sentiment(v) != null)) {
      return Optional.empty();
    }
    TreeSet<String> names = new TreeSet<>();
    seen.forEach(v -> names.add(BinaryTask.sentiment(v)));
    return Optional.of(names);
  }

  private static String rarest(List<Review> train) {
    return LabelStats.of(train).counts().entrySet().stream().min(java.util.Map.Entry.comparingByValue())
        .map(java.util.Map.Entry::getKey).orElse("");
  }

  private static String firstWith(List<Review> train, String label) {
    return train.stream().filter(r -> r.labels().contains(label)).findFirst().map(Review::location).orElse("?");
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

  /** @param origin where the training data is, for the message ({@code " in train.tsv"}), or empty */
  private static List<String> labelOrder(TaskType type, TaskSettings s, TreeSet<String> seen, String origin) {
    if (!s.labels().isEmpty()) {
      if (new TreeSet<>(s.labels()).size() != s.labels().size()) {
        throw new BertuneException("config key 'task.labels' lists a label twice: " + s.labels());
      }
      requireCount(type, s.labels().size(), "config key 'task.labels' = " + s.labels());
      return s.labels();
    }
    if (type == TaskType.BINARY && sentimentNames(seen).map(n -> n.size() == 2).orElse(false)) {
      return BinaryTask.SENTIMENT;
    }
    requireCount(type, seen.size(), "the training data has " + seen.size() + " distinct label"
        + (seen.size() == 1 ? "" : "s") + (seen.isEmpty() ? "" : " (" + String.join(", ", shown(seen)) + ")")
        + origin + " (data.train)");
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
