package dev.bertune.bench;

import java.util.Arrays;

/**
 * Distribution of the seconds per step of the timed (post-warm-up) steps. Percentiles interpolate linearly between
 * order statistics (numpy's default); stddev is the sample standard deviation (0 for one step).
 */
public record StepStats(double median, double min, double p25, double p75, double max, double stddev,
    double[] seconds) {

  public StepStats {
    seconds = seconds.clone();
  }

  @Override
  public double[] seconds() {
    return seconds.clone();
  }

  /** Statistics of at least one step time. */
  public static StepStats of(double[] seconds) {
    if (seconds.length == 0) {
      throw new IllegalArgumentException("no step times");
    }
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    double mean = Arrays.stream(sorted).average().orElseThrow();
    double squares = Arrays.stream(sorted).map(s -> (s - mean) * (s - mean)).sum();
    double stddev = sorted.length > 1 ? Math.sqrt(squares / (sorted.length - 1)) : 0;
    return new StepStats(percentile(sorted, 0.5), sorted[0], percentile(sorted, 0.25), percentile(sorted, 0.75),
        sorted[sorted.length - 1], stddev, seconds);
  }

  static double percentile(double[] sorted, double q) {
    double rank = q * (sorted.length - 1);
    int lo = (int) Math.floor(rank);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
  }
}
