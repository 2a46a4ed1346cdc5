package dev.bertune.text;

/**
 * How many WordPieces of each text of a pair fit the budget, Hugging Face's {@code longest_first}: while the two
 * are over the budget, one piece goes from the currently longer text (from the second when they are equally long).
 * Which pieces of each text are kept is then {@link Truncation}'s choice.
 */
public final class PairTruncation {
  private PairTruncation() {}

  /**
   * The kept lengths {@code {a, b}}, each at most the text's own, their sum at most {@code budget}.
   *
   * @param lengthA WordPieces of the first text
   * @param lengthB WordPieces of the second text
   * @param budget pieces the two may keep together (the max length less [CLS] and two [SEP])
   */
  public static int[] longestFirst(int lengthA, int lengthB, int budget) {
    if (lengthA < 0 || lengthB < 0 || budget < 0) {
      throw new IllegalArgumentException("lengths and budget must be >= 0, got " + lengthA + ", " + lengthB + ", "
          + budget);
    }
    int a = lengthA;
    int b = lengthB;
    int over = a + b - budget;
    if (over <= 0) {
      return new int[] {a, b};
    }
    // Removing one at a time from the longer first evens the two out, then alternates (b first on a tie).
    int gap = Math.abs(a - b);
    int fromLonger = Math.min(over, gap);
    if (a > b) {
      a -= fromLonger;
    } else {
      b -= fromLonger;
    }
    int rest = over - fromLonger;
    b -= (rest + 1) / 2;
    a -= rest / 2;
    return new int[] {a, b};
  }
}
