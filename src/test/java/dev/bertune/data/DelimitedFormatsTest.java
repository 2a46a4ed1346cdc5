package dev.bertune.data;

import static dev.bertune.data.TestFiles.read;
import static dev.bertune.data.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DelimitedFormatsTest {

    @TempDir
    Path dir;

    @Test
    void readsTsvWithSourceAndLineNumbers() {
        Path f = write(dir, "train.tsv", "text\tlabel\nGreat fun.\t1\nBoring.\t0\n\n");
        ReadResult r = read(f);
        assertEquals(List.of(
                Review.of("Great fun.", "1", f.toString(), 2),
                Review.of("Boring.", "0", f.toString(), 3)), r.reviews());
        assertEquals(0, r.skipped());
        assertEquals("", r.skippedSummary());
    }

    @Test
    void tsvHandlesCrlfBomAndBlankLines() {
        Path f = write(dir, "a.tsv", "\uFEFFtext\tlabel\r\nGood.\tpos\r\n\r\nBad.\tneg\r\n\n\n");
        ReadResult r = read(f);
        assertEquals(List.of("Good.", "Bad."), r.reviews().stream().map(Review::text).toList());
        assertEquals(4, r.reviews().get(1).line());
    }

    @Test
    void tsvKeepsQuotesLiterally() {
        Path f = write(dir, "a.tsv", "text\tlabel\n\"Wow\" is all I can say\t1\n");
        assertEquals("\"Wow\" is all I can say", read(f).reviews().get(0).text());
    }

    @Test
    void csvHandlesQuotedCommasQuotesAndNewlines() {
        String csv = "text,label\n"
                + "\"Funny, sharp, \"\"brilliant\"\".\",pos\n"
                + "\"Line one\r\nline two\n\nline four\",neg\n"
                + "plain text,1\n"
                + "\"ok\",\"0\"\n";
        Path f = write(dir, "reviews.csv", csv);
        List<Review> r = read(f).reviews();
        assertEquals(4, r.size());
        assertEquals(Review.of("Funny, sharp, \"brilliant\".", "pos", f.toString(), 2), r.get(0));
        assertEquals(Review.of("Line one\nline two\n\nline four", "neg", f.toString(), 3), r.get(1));
        assertEquals(Review.of("plain text", "1", f.toString(), 7), r.get(2)); // starts after the 4-line record
        assertEquals(Review.of("ok", "0", f.toString(), 8), r.get(3));
    }

    @Test
    void csvKeepsQuoteInsideUnquotedFieldAndEmptyFields() {
        Path f = write(dir, "a.csv", "id,text,label,extra\n7,He is 6'2\" tall,1,\n");
        assertEquals("He is 6'2\" tall", read(f).reviews().get(0).text());
    }

    @Test
    void customColumnNamesInAnyOrderCaseInsensitive() {
        Path f = write(dir, "imdb.csv", "Sentiment,id,Review\npositive,1,Loved it\nnegative,2,Hated it\n");
        DataOptions o = DataOptions.defaults().withColumns("review", "sentiment");
        List<Review> r = read(f, o).reviews();
        assertEquals("Loved it", r.get(0).text());
        assertEquals(List.of("positive"), r.get(0).labels());
        assertEquals(List.of("negative"), r.get(1).labels());
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> read(f));
        assertTrue(e.getMessage().startsWith(f + ":1: missing header column 'text' and 'label'"), e.getMessage());
        assertTrue(e.getMessage().contains("columns found: Sentiment, id, Review"), e.getMessage());
    }

    @Test
    void uppercaseExtensionIsRecognised() {
        Path f = write(dir, "A.TSV", "text\tlabel\nx\t1\n");
        assertEquals(DataSource.Format.TSV, DataSource.of(f).format());
        assertEquals(1, read(f).reviews().size());
    }
}
