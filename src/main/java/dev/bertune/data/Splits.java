package dev.bertune.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;

/** Splitting reviews into a training part and a held-out (validation) part. */
public final class Splits {

  /**
   * Two disjoint parts of a data set.
   *
   * @param train the reviews to train on
   * @param held the held-out reviews (validation)
   * @param summary what the split did, for the log
   */
  public record Split(List<Review> train, List<Review> held, String summary) {

    /** Copies the lists. */
    public Split {
      train = List.copyOf(train);
      held = List.copyOf(held);
    }
  }

  private Splits() {}

  /**
   * Splits each class separately so both parts keep the class mix of {@code all} (single-label data: binary and
   * multi-class).
   *
   * <p>Per class, {@code round(n * validationFraction)} reviews are held out, but at least one and at most
   * {@code n - 1} when the class has two or more reviews (a single review goes to train). The result depends only
   * on {@code all} (in its order) and {@code seed}: each class is shuffled with a {@link Random} seeded once, then
   * both parts are shuffled so the classes are mixed. Every review ends up in exactly one part.
   *
   * @throws IllegalArgumentException unless {@code 0 < validationFraction < 1}
   */
  public static Split stratified(List<Review> all, double validationFraction, long seed) {
    Objects.requireNonNull(all, "all");
    checkFraction(validationFraction);
    Random random = new Random(seed);
    List<Review> train = new ArrayList<>();
    List<Review> held = new ArrayList<>();
    int single = 0;
    Map<String, List<Review>> classes = byLabel(all);
    for (List<Review> cls : classes.values()) {
      Collections.shuffle(cls, random);
      int h = heldCount(cls.size(), validationFraction);
      single += cls.size() < 2 ? 1 : 0;
      held.addAll(cls.subList(0, h));
      train.addAll(cls.subList(h, cls.size()));
    }
    Collections.shuffle(train, random);
    Collections.shuffle(held, random);
    String summary = String.format(java.util.Locale.ROOT, "stratified by class: %d classes, %.0f%% of each held out",
        classes.size(), 100 * validationFraction)
        + (single == 0 ? "" : "; " + single + " class(es) with a single review kept in train only");
    return new Split(train, held, summary);
  }

  /**
   * Splits multi-label data so that each label keeps its share in both parts, and every label with at least two
   * reviews appears in both: the iterative stratification of Sechidis, Tsoumakas and Vlahavas (2011). Labels are
   * taken rarest first; each review with the label goes to the part that still wants most of that label (then
   * most reviews overall; ties: the held-out part first, by a seeded coin). Reviews without labels are shared out
   * last by the remaining wanted sizes. A label that still ends up missing from a part is repaired by moving one
   * review across.
   */
  public static Split iterative(List<Review> all, double validationFraction, long seed) {
    Objects.requireNonNull(all, "all");
    checkFraction(validationFraction);
    Random random = new Random(seed);
    List<Review> pool = new ArrayList<>(all);
    Collections.shuffle(pool, random);
    double[] share = {validationFraction, 1 - validationFraction}; // 0 = held, 1 = train
    double[] wantedTotal = {pool.size() * share[0], pool.size() * share[1]};
    Map<String, double[]> wanted = new HashMap<>();
    LabelStats stats = LabelStats.of(pool);
    stats.counts().forEach((label, n) -> wanted.put(label, new double[] {n * share[0], n * share[1]}));
    List<List<Review>> parts = List.of(new ArrayList<>(), new ArrayList<>());
    List<Review> remaining = new ArrayList<>(pool);
    while (true) {
      String rarest = rarestLabel(remaining);
      if (rarest == null) {
        break;
      }
      List<Review> with = new ArrayList<>();
      List<Review> rest = new ArrayList<>();
      remaining.forEach(r -> (r.labels().contains(rarest) ? with : rest).add(r));
      for (Review r : with) {
        int part = choose(wanted.get(rarest), wantedTotal, random);
        assign(r, part, parts, wanted, wantedTotal);
      }
      remaining = rest;
    }
    for (Review r : remaining) { // no labels at all
      int part = wantedTotal[0] > wantedTotal[1] ? 0 : wantedTotal[1] > wantedTotal[0] ? 1 : random.nextInt(2);
      assign(r, part, parts, wanted, wantedTotal);
    }
    int moved = repair(parts, stats);
    List<Review> held = parts.get(0);
    List<Review> train = parts.get(1);
    Collections.shuffle(train, random);
    Collections.shuffle(held, random);
    int both = countInBoth(train, held, stats);
    String summary = String.format(java.util.Locale.ROOT,
        "iterative stratification over %d labels: %d of them in both parts%s", stats.counts().size(), both,
        moved == 0 ? "" : " (" + moved + " review(s) moved so that every label with 2+ reviews is in both)");
    return new Split(train, held, summary);
  }

  private static String rarestLabel(List<Review> remaining) {
    Map<String, Integer> counts = new TreeMap<>();
    remaining.forEach(r -> r.labels().forEach(l -> counts.merge(l, 1, Integer::sum)));
    return counts.entrySet().stream().min(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
  }

  private static int choose(double[] wantedOfLabel, double[] wantedTotal, Random random) {
    if (wantedOfLabel[0] != wantedOfLabel[1]) {
      return wantedOfLabel[0] > wantedOfLabel[1] ? 0 : 1;
    }
    if (wantedTotal[0] != wantedTotal[1]) {
      return wantedTotal[0] > wantedTotal[1] ? 0 : 1;
    }
    return random.nextInt(2);
  }

  private static void assign(Review r, int part, List<List<Review>> parts, Map<String, double[]> wanted,
      double[] wantedTotal) {
    parts.get(part).add(r);
    wantedTotal[part]--;
    r.labels().forEach(l -> wanted.get(l)[part]--);
  }

  /** Moves one review across for each label with 2+ reviews missing from a part; returns how many moved. */
  private static int repair(List<List<Review>> parts, LabelStats stats) {
    int moved = 0;
    for (Map.Entry<String, Integer> e : stats.counts().entrySet()) {
      if (e.getValue() < 2) {
        continue;
      }
      for (int to = 0; to < 2; to++) {
        List<Review> target = parts.get(to);
        List<Review> source = parts.get(1 - to);
        if (target.stream().noneMatch(r -> r.labels().contains(e.getKey()))) {
          Review candidate = source.stream().filter(r -> r.labels().contains(e.getKey())).findFirst().orElse(null);
          if (candidate != null && source.stream().filter(r -> r.labels().contains(e.getKey())).count() > 1) {
            source.remove(candidate);
            target.add(candidate);
            moved++;
          }
        }
      }
    }
    return moved;
  }

  private static int countInBoth(List<Review> train, List<Review> held, LabelStats stats) {
    LabelStats a = LabelStats.of(train);
    LabelStats b = LabelStats.of(held);
    return (int) stats.counts().keySet().stream().filter(l -> a.count(l) > 0 && b.count(l) > 0).count();
  }

  private static void checkFraction(double validationFraction) {
    if (!(validationFraction > 0.0 && validationFraction < 1.0)) {
      throw new IllegalArgumentException("validation fraction must be between 0 and 1 (exclusive), got "
          + validationFraction);
    }
  }

  /** How many of a class of {@code n} reviews are held out. */
  static int heldCount(int n, double fraction) {
    if (n < 2) {
      return 0;
    }
    long h = Math.round(n * fraction);
    return (int) Math.max(1, Math.min(n - 1, h));
  }

  /** Reviews grouped by their (single) label, in label order; reviews without one form a group of their own. */
  private static Map<String, List<Review>> byLabel(List<Review> all) {
    Map<String, List<Review>> groups = new TreeMap<>();
    for (Review r : all) {
      groups.computeIfAbsent(String.join("\u0000", r.labels()), k -> new ArrayList<>()).add(r);
    }
    return groups;
  }
}
