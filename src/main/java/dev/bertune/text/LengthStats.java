package dev.bertune.text;

import java.util.Arrays;
import java.util.Locale;

/**
 * The WordPiece lengths of a set of texts ([CLS] and [SEP] included, before any truncation): their distribution,
 * the max length {@code tokenizer.max-length = auto} picks, and what a max length cuts.
 *
 * @param sorted the lengths, ascending
 */
public record LengthStats(int[] sorted) {
  /** {@code auto} picks a multiple of this. */
  public static final int STEP = 32;
  /** The share of texts {@code auto} keeps whole. */
  public static final double COVERAGE = 0.95;

  /** The lengths of texts, in any order. */
  public static LengthStats of(int[] lengths) {
    int[] s = lengths.clone();
    Arrays.sort(s);
    return new LengthStats(s);
  }

  /** The length at quantile {@code q} (nearest rank: the smallest length covering at least {@code q} of texts). */
  public int quantile(double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  /** The smallest multiple of {@value #STEP} covering {@value #COVERAGE} of the texts, at most {@code cap}. */
  public int chooseMaxLength(int cap) {
    int p = quantile(COVERAGE);
    int chosen = Math.max(STEP, (p + STEP - 1) / STEP * STEP);
    return Math.min(chosen, cap);
  }

  /** Texts longer than {@code maxLength}, and the WordPieces they lose, for the log. */
  public String describeCuts(String part, int maxLength) {
    return describeCuts(part, maxLength, 2);
  }

  /**
   * As {@link #describeCuts(String, int)}, for lengths that hold {@code specialTokens} [CLS] and [SEP] (3 for text
   * pairs).
   */
  public String describeCuts(String part, int maxLength, int specialTokens) {
    long cut = 0;
    long lost = 0;
    long inCut = 0;
    for (int l : sorted) {
      if (l > maxLength) {
        cut++;
        lost += l - maxLength;
        inCut += l - specialTokens;
      }
    }
    if (cut == 0) {
      return String.format(Locale.ROOT, "%s: no text is longer than %d WordPieces; none was cut", part, maxLength);
    }
    return String.format(Locale.ROOT, "%s: %d of %d texts (%.1f%%) are longer than %d WordPieces and were cut,"
        + " losing %.0f%% of their pieces (%d of %d)", part, cut, sorted.length, 100.0 * cut / sorted.length,
        maxLength, 100.0 * lost / inCut, lost, inCut);
  }

  /** {@code min 5, median 31, p95 88, max 402}. */
  public String describe() {
    return sorted.length == 0 ? "no texts" : String.format(Locale.ROOT, "min %d, median %d, p95 %d, max %d",
        sorted[0], quantile(0.5), quantile(COVERAGE), sorted[sorted.length - 1]);
  }
}
