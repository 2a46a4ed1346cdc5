package dev.bertune.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.testing.TinyBert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordPieceTokenizerTest {
  @TempDir Path dir;

  private WordPieceTokenizer tokenizer(boolean lower, int maxLength, Truncation t) throws Exception {
    Path vocab = dir.resolve("vocab.txt");
    Files.write(vocab, TinyBert.vocabulary());
    return WordPieceTokenizer.create(vocab, lower, maxLength, t, dir.resolve("cache"));
  }

  private static int id(String token) {
    return TinyBert.vocabulary().indexOf(token);
  }

  @Test
  void addsClsAndSepLowerCasesAndSplitsPieces() throws Exception {
    try (WordPieceTokenizer tok = tokenizer(true, 32, Truncation.HEAD)) {
      Encoding e = tok.encode("The MOVIE was Great!");
      assertArrayEquals(new int[] {id("[CLS]"), id("the"), id("movie"), id("was"), id("great"), id("!"), id("[SEP]")},
          e.inputIds());
      assertArrayEquals(new int[7], e.segmentIds());
      assertFalse(e.truncated());
      assertArrayEquals(new int[] {id("[CLS]"), id("film"), id("##s"), id("[SEP]")}, tok.encode("films").inputIds());
      assertEquals(id("[UNK]"), tok.encode("zebra").inputIds()[1]);
    }
  }

  @Test
  void casedTokenizerDoesNotLowerCase() throws Exception {
    try (WordPieceTokenizer tok = tokenizer(false, 32, Truncation.HEAD)) {
      assertEquals(id("[UNK]"), tok.encode("Great").inputIds()[1]);
    }
  }

  @Test
  void truncationKeepsHeadTailOrBoth() throws Exception {
    String text = "the movie was good . the plot was boring . the music was wonderful";
    // 14 pieces; max-length 10 leaves 8
    try (WordPieceTokenizer head = tokenizer(true, 10, Truncation.HEAD);
        WordPieceTokenizer tail = tokenizer(true, 10, Truncation.TAIL);
        WordPieceTokenizer both = tokenizer(true, 10, Truncation.HEAD_TAIL)) {
      Encoding h = head.encode(text);
      assertEquals(10, h.length());
      assertTrue(h.truncated());
      assertEquals(id("the"), h.inputIds()[1]);
      assertEquals(id("was"), h.inputIds()[8]);
      Encoding t = tail.encode(text);
      assertEquals(id("wonderful"), t.inputIds()[8]);
      assertEquals(id("[SEP]"), t.inputIds()[9]);
      Encoding b = both.encode(text);
      assertEquals(id("the"), b.inputIds()[1]); // first quarter of the budget: 2 pieces
      assertEquals(id("movie"), b.inputIds()[2]);
      assertEquals(id("boring"), b.inputIds()[3]); // then the last 6 pieces
      assertEquals(id("wonderful"), b.inputIds()[8]);
    }
  }

  @Test
  void batchEncodingEqualsSingleEncoding() throws Exception {
    try (WordPieceTokenizer tok = tokenizer(true, 16, Truncation.HEAD_TAIL)) {
      List<String> texts = List.of("great film", "the acting was not good , really", "");
      List<Encoding> batch = tok.encodeAll(texts);
      for (int i = 0; i < texts.size(); i++) {
        assertArrayEquals(tok.encode(texts.get(i)).inputIds(), batch.get(i).inputIds());
      }
    }
  }
}
