package dev.bertune.data;

import static dev.bertune.data.TestFiles.bytes;
import static dev.bertune.data.TestFiles.read;
import static dev.bertune.data.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MalformedRowsTest {

    private static final byte[] LATIN1_E = {(byte) 0xE9}; // 'é' in Latin-1: not valid UTF-8

    @TempDir
    Path dir;

    /** file name, content, expected message after "{file}:". */
    static Stream<Arguments> malformedRows() {
        return Stream.of(
                Arguments.of("a.tsv", "text\tlabel\nok\t1\nsplit\tby\ttab\t0\n",
                        "3: wrong number of columns: expected 2 (text, label), found 4"),
                Arguments.of("a.csv", "text,label\n\"multi\nline\",1,extra\n",
                        "2: wrong number of columns: expected 2 (text, label), found 3"),
                Arguments.of("a.tsv", "text\tlabel\nok\t1\n \t0\n", "3: empty text"),
                Arguments.of("a.csv", "text,label\nok,1\n\"\",0\n", "3: empty text"),
                Arguments.of("a.tsv", "text\tlabel\nok\t1\nfine\ta,,b\n", "3: empty label name in [a, , b]"),
                Arguments.of("a.csv", "text,label\n\"never\nclosed,1\n", "2: unterminated quoted field"),
                Arguments.of("a.csv", "text,label\n\"said \"hi\" twice\",1\n",
                        "2: unexpected character 'h' after the closing quote of field 1"),
                Arguments.of("a.jsonl", "{\"text\": \"ok\", \"label\": 1}\n{\"text\": \"bad\", \"label\": 1\n",
                        "2: invalid JSON"),
                Arguments.of("a.jsonl", "{\"text\": \"ok\", \"label\": 1} {}\n", "1: invalid JSON"),
                Arguments.of("a.jsonl", "[{\"text\": \"ok\", \"label\": 1}]\n",
                        "1: expected a JSON object (one per line, JSON Lines), found array"),
                Arguments.of("a.jsonl", "{\"review\": \"ok\", \"label\": 1}\n",
                        "1: missing key 'text' (keys found: review, label)"),
                Arguments.of("a.jsonl", "{\"text\": \"ok\", \"label\": [\"a\", \"a\"]}\n", "1: label repeated in a,a"),
                Arguments.of("a.jsonl", "{\"text\": \"ok\", \"label\": true}\n",
                        "1: 'label' must be a string, a number or an array of them, found boolean"),
                Arguments.of("a.jsonl", "{\"text\": 5, \"label\": 1}\n", "1: 'text' must be a string, found number"),
                Arguments.of("a.jsonl", "{\"text\": \"\", \"label\": 1}\n", "1: empty text"),
                Arguments.of("a.tsv", "text\tlabel\nok\t1\nnul\u0000here\t0\n", "3: NUL byte in the text at character 4"),
                Arguments.of("a.csv", "text,label\nok,1\n\"two\nlines\u0000\",0\n",
                        "3: NUL byte in the text at character 10"),
                Arguments.of("a.jsonl", "{\"text\": \"a\\u0000b\", \"label\": 1}\n",
                        "1: NUL byte in the text at character 2"));
    }

    @ParameterizedTest
    @MethodSource("malformedRows")
    void failModeNamesFileLineAndReason(String name, String content, String expected) {
        Path f = write(dir, name, content);
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> read(f));
        assertTrue(e.getMessage().startsWith(f + ":" + expected), e.getMessage());
        assertEquals(f.toString(), e.source());
    }

    static Stream<Arguments> invalidUtf8() {
        return Stream.of(
                Arguments.of("a.tsv", bytes("text\tlabel\nok\t1\ncaf", LATIN1_E, "\t1\n"), 3),
                Arguments.of("a.csv", bytes("text,label\nok,1\n\"two\ncaf", LATIN1_E, "\",1\n"), 3),
                Arguments.of("a.jsonl", bytes("{\"text\": \"caf", LATIN1_E, "\", \"label\": 1}\n"), 1));
    }

    @ParameterizedTest
    @MethodSource("invalidUtf8")
    void nonUtf8BytesAreReportedAtTheRecordStart(String name, byte[] content, int line) {
        Path f = write(dir, name, content);
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> read(f));
        assertTrue(e.getMessage().startsWith(f + ":" + line + ": invalid UTF-8 byte 0xE9"), e.getMessage());
    }

    @Test
    void nulByteInAFolderFileNamesTheFile() {
        write(dir, "pos/a.txt", "Yes");
        Path bad = write(dir, "neg/b.txt", "no\u0000pe");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> read(dir));
        assertTrue(e.getMessage().startsWith(bad + ": NUL byte in the text at character 3"), e.getMessage());
    }

    @Test
    void nonUtf8FolderFile() {
        write(dir, "pos/a.txt", "Yes");
        Path bad = write(dir, "neg/b.txt", bytes("caf", LATIN1_E));
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> read(dir));
        assertTrue(e.getMessage().startsWith(bad + ": invalid UTF-8 byte 0xE9 at byte 4 of the file"), e.getMessage());
    }

    @Test
    void missingHeaderIsExplained() {
        Path f = write(dir, "a.tsv", "Great movie\t1\nBad movie\t0\n");
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> read(f, DataOptions.defaults().withOnInvalid(OnInvalid.SKIP)));
        assertTrue(e.getMessage().startsWith(f + ":1: missing header column 'text' and 'label' "
                + "(columns found: Great movie, 1); this looks like a data row"), e.getMessage());
    }

    @Test
    void missingConfiguredColumnNamesColumnsFound() {
        Path f = write(dir, "a.csv", "review,label\nok,1\n");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> read(f));
        assertEquals(f + ":1: missing header column 'text' (columns found: review, label); "
                + "configure the text and label column names to match", e.getMessage());
    }

    @Test
    void emptyFileAndHeaderOnlyFileAreErrors() {
        Path empty = write(dir, "empty.csv", "\n\n");
        InvalidDataException e1 = assertThrows(InvalidDataException.class, () -> read(empty));
        assertTrue(e1.getMessage().startsWith(empty + ": file is empty; expected a header line"), e1.getMessage());
        Path header = write(dir, "header.tsv", "text\tlabel\n");
        InvalidDataException e2 = assertThrows(InvalidDataException.class, () -> read(header));
        assertTrue(e2.getMessage().startsWith(header + ": no reviews found; expected rows with columns"),
                e2.getMessage());
        Path jsonl = write(dir, "empty.jsonl", "");
        InvalidDataException e3 = assertThrows(InvalidDataException.class, () -> read(jsonl));
        assertTrue(e3.getMessage().startsWith(jsonl + ": no reviews found; expected one JSON object per line"),
                e3.getMessage());
    }

    @Test
    void skipModeCountsAndReportsWhere() {
        Path f = write(dir, "a.csv", "text,label\ngood,1\n,0\nfine,\"a,,b\"\n\"x\ny\",1,extra\nbad,0\n");
        ReadResult r = read(f, DataOptions.defaults().withOnInvalid(OnInvalid.SKIP));
        assertEquals(List.of("good", "bad"), r.reviews().stream().map(Review::text).toList());
        assertEquals(List.of(2L, 7L), r.reviews().stream().map(Review::line).toList());
        assertEquals(3, r.skipped());
        assertEquals(List.of(
                f + ":3: empty text",
                f + ":4: empty label name in [a, , b]",
                f + ":5: wrong number of columns: expected 2 (text, label), found 3"), r.skippedExamples());
        assertTrue(r.skippedSummary().startsWith("skipped 3 invalid rows: " + f + ":3: empty text; "),
                r.skippedSummary());
    }

    @Test
    void skipModeKeepsOnlyTenExamples() {
        StringBuilder sb = new StringBuilder("text\tlabel\nok\t1\n");
        for (int i = 0; i < 15; i++) {
            sb.append("x\t?\textra\n");
        }
        ReadResult r = read(write(dir, "a.tsv", sb.toString()), DataOptions.defaults().withOnInvalid(OnInvalid.SKIP));
        assertEquals(1, r.reviews().size());
        assertEquals(15, r.skipped());
        assertEquals(10, r.skippedExamples().size());
        assertTrue(r.skippedSummary().endsWith("; ..."));
    }

    @Test
    void skipModeWithNothingValidIsAnError() {
        Path f = write(dir, "a.jsonl", "not json\n{\"text\": \"\", \"label\": 9}\n");
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> read(f, DataOptions.defaults().withOnInvalid(OnInvalid.SKIP)));
        assertTrue(e.getMessage().startsWith(f + ": no valid reviews: all 2 rows were invalid (first: " + f
                + ":1: invalid JSON"), e.getMessage());
    }

    @Test
    void skipModeSkipsBadUtf8AndContinues() {
        Path f = write(dir, "a.tsv", bytes("text\tlabel\ncaf", LATIN1_E, "\t1\nok\t0\n"));
        ReadResult r = read(f, DataOptions.defaults().withOnInvalid(OnInvalid.SKIP));
        assertEquals(List.of(Review.of("ok", "0", f.toString(), 3)), r.reviews());
        assertEquals(1, r.skipped());
    }
}
