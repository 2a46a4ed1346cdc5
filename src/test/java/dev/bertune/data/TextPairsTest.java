package dev.bertune.data;

import static dev.bertune.data.TestFiles.bytes;
import static dev.bertune.data.TestFiles.read;
import static dev.bertune.data.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.BertuneException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code data.text-pair-column}: the second text of each row, read from TSV, CSV and JSON Lines. */
class TextPairsTest {
  private static final DataOptions PAIRS = DataOptions.defaults().withTextPairColumn("answer");

  @TempDir Path dir;

  @Test
  void readsTheSecondTextOfEveryFormat() {
    List<Path> files = List.of(
        write(dir, "a.tsv", "answer\ttext\tlabel\nit was good\twas it good?\tyes\nno\tbad?\tno\n"),
        write(dir, "a.csv", "text,label,Answer\n\"was it good?\",yes,\"it was good\"\nbad?,no,no\n"),
        write(dir, "a.jsonl", "{\"text\": \"was it good?\", \"answer\": \"it was good\", \"label\": \"yes\"}\n"
            + "{\"text\": \"bad?\", \"answer\": \"no\", \"label\": \"no\"}\n"));
    for (Path f : files) {
      List<Review> reviews = read(f, PAIRS).reviews();
      assertEquals(2, reviews.size(), f.toString());
      assertEquals("was it good?", reviews.get(0).text());
      assertEquals("it was good", reviews.get(0).textPair());
      assertEquals(List.of("yes"), reviews.get(0).labels());
      assertTrue(reviews.get(1).isPair());
      assertEquals("no", reviews.get(1).textPair());
    }
  }

  @Test
  void singleTextsHaveNoPair() {
    Review r = read(write(dir, "a.tsv", "text\tlabel\tanswer\nfine\t1\tignored\n")).reviews().get(0);
    assertNull(r.textPair());
    assertEquals(false, r.isPair());
  }

  @Test
  void aHeaderWithoutThePairColumnNamesFileAndKey() {
    Path f = write(dir, "a.tsv", "text\tlabel\nok\t1\n");
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> read(f, PAIRS));
    assertEquals(f + ":1: missing header column 'answer' of the second texts (data.text-pair-column; columns found:"
        + " text, label)", e.getMessage());
  }

  /** file name, content, expected message after "{file}:". */
  static Stream<Arguments> invalidPairs() {
    return Stream.of(
        Arguments.of("a.tsv", "text\tanswer\tlabel\nok\tyes\t1\nq\t \t0\n",
            "3: empty second text of the pair ('answer')"),
        Arguments.of("a.csv", "text,answer,label\nok,yes,1\nq,\"\",0\n", "3: empty second text of the pair ('answer')"),
        Arguments.of("a.tsv", "text\tanswer\tlabel\nok\tyes\t1\nq\tnul\u0000\t0\n",
            "3: NUL byte in the second text of the pair ('answer') at character 4"),
        Arguments.of("a.jsonl", "{\"text\": \"ok\", \"answer\": \"yes\", \"label\": 1}\n{\"text\": \"q\", \"label\": 1}\n",
            "2: missing key 'answer' (keys found: text, label)"),
        Arguments.of("a.jsonl", "{\"text\": \"ok\", \"answer\": \"yes\", \"label\": 1}\n"
            + "{\"text\": \"q\", \"answer\": \"\", \"label\": 1}\n", "2: empty second text of the pair ('answer')"),
        Arguments.of("a.jsonl", "{\"text\": \"ok\", \"answer\": \"yes\", \"label\": 1}\n"
            + "{\"text\": \"q\", \"answer\": null, \"label\": 1}\n", "2: missing key 'answer'"),
        Arguments.of("a.jsonl", "{\"text\": \"q\", \"answer\": 3, \"label\": 1}\n",
            "1: 'answer' (the second text of the pair) must be a string, found number"));
  }

  @ParameterizedTest
  @MethodSource("invalidPairs")
  void anInvalidPairFailsAtItsLineOrIsSkipped(String name, String content, String expected) {
    Path f = write(dir, name, content);
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> read(f, PAIRS));
    assertTrue(e.getMessage().startsWith(f + ":" + expected), e.getMessage());
    if (!content.contains("\"answer\": 3")) {
      ReadResult skipped = read(f, PAIRS.withOnInvalid(OnInvalid.SKIP));
      assertEquals(1, skipped.skipped());
      assertEquals(1, skipped.reviews().size());
    }
  }

  @Test
  void invalidUtf8InThePairTextNamesTheLine() {
    Path f = write(dir, "a.tsv", bytes("text\tanswer\tlabel\nok\tyes\t1\nq\tcaf", new byte[] {(byte) 0xE9}, "\t0\n"));
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> read(f, PAIRS));
    assertTrue(e.getMessage().startsWith(f + ":3: "), e.getMessage());
    assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
  }

  @Test
  void folderDataSetsCannotHavePairs() {
    write(dir, "folder/pos/a.txt", "good");
    write(dir, "folder/neg/b.txt", "bad");
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> read(dir.resolve("folder"), PAIRS));
    assertTrue(e.getMessage().contains("a folder data set holds single texts, but data.text-pair-column = 'answer'"),
        e.getMessage());
  }

  @Test
  void thePairColumnMustDifferFromTheOthers() {
    BertuneException e = assertThrows(BertuneException.class, () -> DataOptions.defaults().withTextPairColumn("Text"));
    assertTrue(e.getMessage().startsWith("data.text-pair-column = 'Text' must differ"), e.getMessage());
    assertEquals(DataOptions.defaults(), DataOptions.defaults().withTextPairColumn(" "));
  }
}
