package dev.bertune.data;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many reviews carry each label.
 *
 * @param reviews number of reviews
 * @param counts reviews per label name (sorted by name)
 * @param unlabelled reviews with no label (multi-label data)
 */
public record LabelStats(int reviews, Map<String, Integer> counts, int unlabelled) {

  /** Copies the map, sorted by name. */
  public LabelStats {
    counts = java.util.Collections.unmodifiableMap(new TreeMap<>(counts));
  }

  /** Counts the labels of {@code reviews}. */
  public static LabelStats of(Collection<Review> reviews) {
    Map<String, Integer> counts = new TreeMap<>();
    int none = 0;
    for (Review r : reviews) {
      r.labels().forEach(l -> counts.merge(l, 1, Integer::sum));
      none += r.labels().isEmpty() ? 1 : 0;
    }
    return new LabelStats(reviews.size(), counts, none);
  }

  /** Reviews with the label {@code name}. */
  public int count(String name) {
    return counts.getOrDefault(name, 0);
  }

  /** The counts of {@code labels}, in that order. */
  public long[] counts(List<String> labels) {
    return labels.stream().mapToLong(this::count).toArray();
  }

  /**
   * A log line such as {@code train: 480 reviews (positive 240, negative 240)}: labels by decreasing count, at most
   * {@value #SHOWN} of them.
   */
  public String describe(String name) {
    StringBuilder s = new StringBuilder(name + ": " + reviews + (reviews == 1 ? " review" : " reviews"));
    List<Map.Entry<String, Integer>> byCount = counts.entrySet().stream()
        .sorted((a, b) -> b.getValue() - a.getValue()).toList();
    s.append(" (");
    for (int i = 0; i < Math.min(SHOWN, byCount.size()); i++) {
      s.append(i == 0 ? "" : ", ").append(byCount.get(i).getKey()).append(' ').append(byCount.get(i).getValue());
    }
    if (byCount.size() > SHOWN) {
      s.append(", ... ").append(byCount.size() - SHOWN).append(" more labels");
    }
    if (unlabelled > 0) {
      s.append(byCount.isEmpty() ? "" : ", ").append("no label ").append(unlabelled);
    }
    return s.append(')').toString();
  }

  /** How many labels {@link #describe} names. */
  public static final int SHOWN = 12;
}
