package dev.bertune.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.BertuneException;
import dev.bertune.testing.TinyBert;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Splitting long texts into windows: exact ranges, stride, cap with head and tail kept, the edges. */
class TextWindowsTest {
  @TempDir Path dir;

  private static int[][] spans(TextWindows w, int pieces, int budget) {
    return w.spans(pieces, budget).toArray(int[][]::new);
  }

  @Test
  void textThatFitsIsOneWindow() {
    TextWindows w = new TextWindows(LongText.WINDOWS, 2, 8);
    assertArrayEquals(new int[][] {{0, 10}}, spans(w, 10, 10), "exactly at the limit");
    assertArrayEquals(new int[][] {{0, 3}}, spans(w, 3, 10));
    assertArrayEquals(new int[][] {{0, 0}}, spans(w, 0, 10), "an empty text");
  }

  @Test
  void consecutiveWindowsOverlapByTheStrideAndTheLastEndsAtTheEnd() {
    TextWindows w = new TextWindows(LongText.WINDOWS, 2, 8);
    // step 8: [0,10) [8,18) [16,26), and the last is moved back to end at 27
    assertArrayEquals(new int[][] {{0, 10}, {8, 18}, {16, 26}, {17, 27}}, spans(w, 27, 10));
    assertArrayEquals(new int[][] {{0, 10}, {8, 18}}, spans(w, 18, 10), "one piece past the limit needs two");
    assertArrayEquals(new int[][] {{0, 10}, {1, 11}}, spans(w, 11, 10));
    TextWindows noOverlap = new TextWindows(LongText.WINDOWS, 0, 8);
    assertArrayEquals(new int[][] {{0, 10}, {10, 20}, {20, 30}}, spans(noOverlap, 30, 10));
  }

  @Test
  void capKeepsTheHeadQuarterAndTheTailThreeQuarters() {
    TextWindows w = new TextWindows(LongText.WINDOWS, 0, 4);
    // 100 pieces need 10 windows of 10; 4 kept: the first, and the last three
    assertArrayEquals(new int[][] {{0, 10}, {70, 80}, {80, 90}, {90, 100}}, spans(w, 100, 10));
    TextWindows two = new TextWindows(LongText.WINDOWS, 0, 2);
    assertArrayEquals(new int[][] {{0, 10}, {90, 100}}, spans(two, 100, 10));
    TextWindows one = new TextWindows(LongText.WINDOWS, 0, 1);
    assertArrayEquals(new int[][] {{90, 100}}, spans(one, 100, 10), "one window: the tail");
    assertEquals(40, TextWindows.covered(w.spans(100, 10)));
  }

  @Test
  void truncateModeIsAlwaysOneWindow() {
    assertEquals(1, TextWindows.TRUNCATE.spans(500, 10).size());
  }

  @Test
  void strideMustLeaveNewPiecesInAWindow() {
    TextWindows w = new TextWindows(LongText.WINDOWS, 14, 8);
    BertuneException e = assertThrows(BertuneException.class, () -> w.check(16));
    assertTrue(e.getMessage().contains("tokenizer.stride = 14"), e.getMessage());
    new TextWindows(LongText.WINDOWS, 13, 8).check(16);
    TextWindows.TRUNCATE.check(3);
    assertThrows(BertuneException.class, () -> new TextWindows(LongText.WINDOWS, 0, 0));
  }

  @Test
  void encodesEachWindowAsClsPiecesSep() throws Exception {
    Path model = TinyBert.write(dir.resolve("bert"), 1);
    List<String> words = new ArrayList<>(TinyBert.WORDS.subList(0, 9));
    String text = String.join(" ", words); // nine one-piece words
    TextWindows w = new TextWindows(LongText.WINDOWS, 1, 8);
    try (WordPieceTokenizer tok = WordPieceTokenizer.create(model.resolve("assets/vocab.txt"), true, 6,
        Truncation.HEAD_TAIL, dir.resolve("cache"))) {
      long[] pieces = tok.pieces(List.of(text))[0];
      assertEquals(9, pieces.length);
      List<List<Encoding>> out = w.encode(tok, List.of(text, "", words.get(0)));
      List<Encoding> windows = out.get(0);
      assertEquals(3, windows.size(), "budget 4, step 3: [0,4) [3,7) [5,9)");
      int cls = tok.vocabulary().id(WordPieceTokenizer.CLS);
      int sep = tok.vocabulary().id(WordPieceTokenizer.SEP);
      int[][] expected = {{0, 4}, {3, 7}, {5, 9}};
      for (int i = 0; i < 3; i++) {
        int[] ids = windows.get(i).inputIds();
        assertEquals(6, ids.length);
        assertEquals(cls, ids[0]);
        assertEquals(sep, ids[5]);
        for (int j = 0; j < 4; j++) {
          assertEquals(pieces[expected[i][0] + j], ids[j + 1]);
        }
        assertArrayEquals(new int[6], windows.get(i).segmentIds());
        assertFalse(windows.get(i).truncated());
      }
      assertEquals(1, out.get(1).size(), "an empty text is one window");
      assertArrayEquals(new int[] {cls, sep}, out.get(1).get(0).inputIds());
      assertArrayEquals(tok.encodeAll(List.of(words.get(0))).get(0).inputIds(), out.get(2).get(0).inputIds(),
          "a text that fits is its truncate encoding");
      List<List<Encoding>> capped = new TextWindows(LongText.WINDOWS, 0, 2).encode(tok, List.of(text));
      assertEquals(2, capped.get(0).size());
      assertTrue(capped.get(0).get(0).truncated(), "a capped text loses its middle");
    }
  }

  @Test
  void logLineCountsSplitAndCappedTexts() {
    LengthStats lengths = LengthStats.of(new int[] {12, 40, 200, 12, 10});
    String line = new TextWindows(LongText.WINDOWS, 2, 4).describe("train", lengths, 12, Truncation.HEAD_TAIL);
    // budget 10, step 8: 40 -> 38 pieces -> 5 windows (capped to 4); 200 -> 198 pieces -> 25 (capped)
    assertTrue(line.contains("2 of 5 texts are longer than 12 WordPieces"), line);
    assertTrue(line.contains("2 texts need more than tokenizer.max-windows = 4"), line);
    assertTrue(line.contains("11 windows in all"), line);
  }
}
