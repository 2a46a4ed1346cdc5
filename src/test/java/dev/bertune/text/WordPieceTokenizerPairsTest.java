package dev.bertune.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.BertuneException;
import dev.bertune.testing.TinyBert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link WordPieceTokenizer#encodePairs}: [CLS] a [SEP] b [SEP], segments, longest-first truncation. */
class WordPieceTokenizerPairsTest {
  @TempDir Path dir;

  private WordPieceTokenizer tokenizer(int maxLength, Truncation t) throws Exception {
    Path vocab = dir.resolve("vocab.txt");
    Files.write(vocab, TinyBert.vocabulary());
    return WordPieceTokenizer.create(vocab, true, maxLength, t, dir.resolve("cache"));
  }

  private static int[] ids(String... tokens) {
    int[] out = new int[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      out[i] = TinyBert.vocabulary().indexOf(tokens[i]);
    }
    return out;
  }

  @Test
  void encodesClsASepBSepWithSegmentsZeroThenOne() throws Exception {
    try (WordPieceTokenizer tok = tokenizer(32, Truncation.HEAD_TAIL)) {
      Encoding e = tok.encodePairs(List.of("The movie was GREAT"), List.of("films !")).get(0);
      assertArrayEquals(ids("[CLS]", "the", "movie", "was", "great", "[SEP]", "film", "##s", "!", "[SEP]"),
          e.inputIds());
      assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 1, 1, 1, 1}, e.segmentIds());
      assertFalse(e.truncated());
      assertArrayEquals(new int[] {10}, tok.untruncatedPairLengths(List.of("The movie was GREAT"), List.of("films !")));
    }
  }

  @Test
  void longerTextLosesPiecesFirstEachCutByTheTruncation() throws Exception {
    String a = "the movie was good . the plot"; // 7 pieces
    String b = "it was bad"; // 3; max 10 leaves 7: a keeps 4
    try (WordPieceTokenizer head = tokenizer(10, Truncation.HEAD);
        WordPieceTokenizer tail = tokenizer(10, Truncation.TAIL)) {
      Encoding h = head.encodePairs(List.of(a), List.of(b)).get(0);
      assertArrayEquals(ids("[CLS]", "the", "movie", "was", "good", "[SEP]", "it", "was", "bad", "[SEP]"),
          h.inputIds());
      assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 1, 1, 1, 1}, h.segmentIds());
      assertTrue(h.truncated());
      Encoding t = tail.encodePairs(List.of(b), List.of(a)).get(0); // now b is the longer one
      assertEquals(10, t.length());
      assertArrayEquals(ids("[CLS]", "it", "was", "bad", "[SEP]", "good", ".", "the", "plot", "[SEP]"), t.inputIds());
      assertArrayEquals(new int[] {0, 0, 0, 0, 0, 1, 1, 1, 1, 1}, t.segmentIds());
    }
  }

  @Test
  void equalLengthsBothLoseSecondFirst() throws Exception {
    try (WordPieceTokenizer tok = tokenizer(8, Truncation.HEAD)) { // 5 pieces for two texts of 3
      Encoding e = tok.encodePairs(List.of("good bad awful"), List.of("the movie was")).get(0);
      assertArrayEquals(ids("[CLS]", "good", "bad", "awful", "[SEP]", "the", "movie", "[SEP]"), e.inputIds());
      assertArrayEquals(new int[] {0, 0, 0, 0, 0, 1, 1, 1}, e.segmentIds());
    }
  }

  @Test
  void exactlyAtTheLimitNothingIsCut() throws Exception {
    try (WordPieceTokenizer tok = tokenizer(8, Truncation.HEAD)) {
      Encoding e = tok.encodePairs(List.of("good bad"), List.of("the movie was")).get(0);
      assertEquals(8, e.length());
      assertFalse(e.truncated());
      assertEquals(8, tok.untruncatedPairLengths(List.of("good bad"), List.of("the movie was"))[0]);
    }
  }

  @Test
  void singleTextsAreUnchangedAndBatchesMatchOneByOne() throws Exception {
    try (WordPieceTokenizer tok = tokenizer(12, Truncation.HEAD_TAIL)) {
      assertArrayEquals(new int[6], tok.encode("the movie was great").segmentIds());
      List<String> a = List.of("great film", "the acting was not good , really and the plot boring", "it");
      List<String> b = List.of("bad", "awful", "the story was very very very good and the music wonderful");
      List<Encoding> all = tok.encodePairs(a, b);
      for (int i = 0; i < a.size(); i++) {
        Encoding one = tok.encodePairs(List.of(a.get(i)), List.of(b.get(i))).get(0);
        assertArrayEquals(one.inputIds(), all.get(i).inputIds());
        assertArrayEquals(one.segmentIds(), all.get(i).segmentIds());
        assertTrue(all.get(i).length() <= 12);
      }
      assertEquals(List.of(), tok.encodePairs(List.of(), List.of()));
    }
  }

  @Test
  void tooShortAMaxLengthOrUnequalListsAreRefused() throws Exception {
    try (WordPieceTokenizer tok = tokenizer(4, Truncation.HEAD)) {
      BertuneException e = assertThrows(BertuneException.class, () -> tok.encodePairs(List.of("a"), List.of("b")));
      assertTrue(e.getMessage().contains("too small for text pairs"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> tok.encodePairs(List.of("a"), List.of()));
    }
  }

  @Test
  void cutsAreCountedOnPairLengths() throws Exception {
    try (WordPieceTokenizer tok = tokenizer(8, Truncation.HEAD)) {
      int[] lengths = tok.untruncatedPairLengths(List.of("good bad", "the movie was good"), List.of("the movie was",
          "it was bad"));
      assertArrayEquals(new int[] {8, 10}, lengths);
      assertEquals("truncation (train): 1 of 2 texts (50.0%) are longer than 8 WordPieces and were cut, losing 29% of"
          + " their pieces (2 of 7)", LengthStats.of(lengths).describeCuts("truncation (train)", 8, 3));
    }
  }
}
