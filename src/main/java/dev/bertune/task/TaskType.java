package dev.bertune.task;

import java.util.Locale;

/** The kinds of classification bertune trains ({@code task.type}). */
public enum TaskType {
  /** Two classes; one sigmoid output, the probability of the second (positive) class. */
  BINARY,
  /** K >= 2 mutually exclusive classes; one output per class (softmax, or one-vs-rest sigmoids). */
  MULTI_CLASS,
  /** K labels, each example has any subset of them (the empty set included); one sigmoid per label. */
  MULTI_LABEL;

  /** The name used in configs and in {@code task.json}: {@code binary}, {@code multi-class}, {@code multi-label}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The type named {@code name} (as {@link #configName()}), or null. */
  public static TaskType parse(String name) {
    for (TaskType t : values()) {
      if (t.configName().equalsIgnoreCase(name.trim())) {
        return t;
      }
    }
    return null;
  }
}
