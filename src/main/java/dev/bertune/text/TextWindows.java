package dev.bertune.text;

import dev.bertune.BertuneException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a text becomes BERT inputs: one window cut to the max length ({@link LongText#TRUNCATE}), or, with {@link
 * LongText#WINDOWS}, consecutive windows of the max length that overlap by {@code stride} WordPieces, each {@code
 * [CLS] ... [SEP]}, at most {@code maxWindows} of them; when a text needs more, the first quarter of the windows and
 * the last three quarters are kept (as {@link Truncation#HEAD_TAIL} keeps a text's head and tail).
 *
 * @param mode truncate or windows
 * @param stride WordPieces shared by consecutive windows, {@code 0 <= stride < max length - 2}
 * @param maxWindows the most windows of one text, {@code >= 1}
 */
public record TextWindows(LongText mode, int stride, int maxWindows) {
  /** Today's behaviour: every text is one window, cut by {@code tokenizer.truncation}. */
  public static final TextWindows TRUNCATE = new TextWindows(LongText.TRUNCATE, 0, 1);

  /** Validates the numbers that do not depend on the max length. */
  public TextWindows {
    if (stride < 0) {
      throw new BertuneException("tokenizer.stride = " + stride + " is not valid; use 0 or more WordPieces");
    }
    if (maxWindows < 1) {
      throw new BertuneException("tokenizer.max-windows = " + maxWindows + " is not valid; use 1 or more");
    }
  }

  /** Whether long texts are read in several windows. */
  public boolean windowed() {
    return mode == LongText.WINDOWS;
  }

  /** Refuses a stride that leaves no new WordPieces in a window of {@code maxLength}. */
  public void check(int maxLength) {
    int budget = maxLength - WordPieceTokenizer.SPECIAL_TOKENS_PER_TEXT;
    if (windowed() && stride >= budget) {
      throw new BertuneException("tokenizer.stride = " + stride + " must be smaller than the " + budget
          + " WordPieces a window of tokenizer.max-length = " + maxLength + " holds");
    }
  }

  /**
   * The windows of a text of {@code pieces} WordPieces as {@code [from, to)} ranges of its pieces, in order: one range
   * when it fits in {@code budget} pieces (or in truncate mode, where the caller cuts it); else windows starting every
   * {@code budget - stride} pieces, the last ending at the text's end, head and tail kept when capped.
   */
  public List<int[]> spans(int pieces, int budget) {
    if (!windowed() || pieces <= budget) {
      return List.of(new int[] {0, pieces});
    }
    int step = budget - stride;
    int needed = 1 + ceilDiv(pieces - budget, step);
    if (needed <= maxWindows) {
      List<int[]> out = new ArrayList<>(needed);
      for (int w = 0; w < needed; w++) {
        int from = Math.min(w * step, pieces - budget);
        out.add(new int[] {from, from + budget});
      }
      return out;
    }
    int head = maxWindows == 1 ? 0 : Math.max(1, maxWindows / 4);
    int tail = maxWindows - head;
    List<int[]> out = new ArrayList<>(maxWindows);
    for (int w = 0; w < head; w++) {
      out.add(new int[] {w * step, w * step + budget});
    }
    for (int w = tail - 1; w >= 0; w--) {
      int to = pieces - w * step;
      out.add(new int[] {to - budget, to});
    }
    return out;
  }

  /** The number of windows a text of {@code pieces} WordPieces gets. */
  public int windowCount(int pieces, int budget) {
    return spans(pieces, budget).size();
  }

  /** The windows of each text (one each in truncate mode), as {@code [CLS] ... [SEP]} encodings. */
  public List<List<Encoding>> encode(WordPieceTokenizer tokenizer, List<String> texts) {
    if (!windowed()) {
      return tokenizer.encodeAll(texts).stream().map(List::of).toList();
    }
    int budget = tokenizer.maxLength() - WordPieceTokenizer.SPECIAL_TOKENS_PER_TEXT;
    List<List<Encoding>> out = new ArrayList<>(texts.size());
    for (long[] pieces : tokenizer.pieces(texts)) {
      List<int[]> spans = spans(pieces.length, budget);
      boolean capped = covered(spans) < pieces.length;
      List<Encoding> windows = new ArrayList<>(spans.size());
      for (int[] s : spans) {
        windows.add(tokenizer.window(pieces, s[0], s[1], capped));
      }
      out.add(List.copyOf(windows));
    }
    return out;
  }

  /** How many distinct pieces the spans cover. */
  static int covered(List<int[]> spans) {
    int covered = 0;
    int end = 0;
    for (int[] s : spans) {
      covered += s[1] - Math.max(s[0], end);
      end = s[1];
    }
    return covered;
  }

  /**
   * What this setting does to texts of these lengths ([CLS] and [SEP] included) at {@code maxLength}, for the log:
   * how many are cut (truncate) or read in several windows, and what capped texts lose.
   */
  public String describe(String part, LengthStats lengths, int maxLength, Truncation truncation) {
    if (!windowed()) {
      return lengths.describeCuts(part, maxLength) + " (" + truncation.configName() + ")";
    }
    int budget = maxLength - WordPieceTokenizer.SPECIAL_TOKENS_PER_TEXT;
    long split = 0;
    long capped = 0;
    long lost = 0;
    long windows = 0;
    int most = 0;
    for (int l : lengths.sorted()) {
      int pieces = l - WordPieceTokenizer.SPECIAL_TOKENS_PER_TEXT;
      List<int[]> spans = spans(pieces, budget);
      windows += spans.size();
      most = Math.max(most, spans.size());
      split += spans.size() > 1 ? 1 : 0;
      int missing = pieces - covered(spans);
      capped += missing > 0 ? 1 : 0;
      lost += missing;
    }
    int n = lengths.sorted().length;
    return String.format(Locale.ROOT, "windows (%s): %d of %d texts are longer than %d WordPieces and read in"
        + " several windows (stride %d); %d windows in all, %.2f per text, at most %d; %s", part, split, n,
        maxLength, stride, windows, n == 0 ? 0.0 : (double) windows / n, most, capped == 0
            ? "no text needs more than tokenizer.max-windows = " + maxWindows
            : capped + (capped == 1 ? " text needs" : " texts need") + " more than tokenizer.max-windows = "
                + maxWindows + " and lose" + (capped == 1 ? "s " : " ") + lost + " WordPieces from the middle");
  }

  /** {@code truncate} or {@code windows (stride 32, at most 8)}, for logs and provenance. */
  public String describe() {
    return windowed() ? "windows (stride " + stride + ", at most " + maxWindows + ")" : "truncate";
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
