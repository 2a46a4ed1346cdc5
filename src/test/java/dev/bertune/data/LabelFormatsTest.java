package dev.bertune.data;

import static dev.bertune.data.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Label values as names: single labels, separator-joined lists, JSON arrays and class folders of any names. */
class LabelFormatsTest {
    @TempDir
    Path dir;

    private static ReadResult read(Path p, DataOptions o) {
        return ReviewReader.read(DataSource.of(p), o);
    }

    @Test
    void separatorJoinedListsAndTheEmptySet() {
        Path f = write(dir, "tags.tsv", "text\tlabels\nGreat cast.\tacting\nLovely score, slow.\tmusic, pacing\n"
                + "Saw it Tuesday.\t\n");
        List<Review> r = read(f, DataOptions.defaults().withColumns("text", "labels")).reviews();
        assertEquals(List.of("acting"), r.get(0).labels());
        assertFalse(r.get(0).listValued());
        assertEquals(List.of("music", "pacing"), r.get(1).labels(), "trimmed, in the order written");
        assertTrue(r.get(1).listValued());
        assertEquals(List.of(), r.get(2).labels(), "an empty value is the empty label set");
    }

    @Test
    void anotherSeparatorAndARepeatedLabel() {
        Path f = write(dir, "tags.csv", "text,label\n\"a, b\",x|y\nc,x|x\n");
        DataOptions o = new DataOptions("text", "label", OnInvalid.SKIP, "|", List.of());
        ReadResult r = read(f, o);
        assertEquals(List.of("x", "y"), r.reviews().get(0).labels());
        assertEquals(1, r.skipped());
        assertTrue(r.skippedExamples().get(0).contains(":3: label repeated in x|x"), r.skippedExamples().toString());
    }

    @Test
    void jsonArraysOfStringsOrNumbers() {
        Path f = write(dir, "t.jsonl", "{\"text\": \"a\", \"label\": [\"acting\", \"music\"]}\n"
                + "{\"text\": \"b\", \"label\": []}\n{\"text\": \"c\", \"label\": [3, 5]}\n"
                + "{\"text\": \"d\", \"label\": 4}\n{\"text\": \"e\", \"label\": [{\"x\": 1}]}\n");
        ReadResult r = read(f, DataOptions.defaults().withOnInvalid(OnInvalid.SKIP));
        assertEquals(List.of("acting", "music"), r.reviews().get(0).labels());
        assertTrue(r.reviews().get(1).listValued(), "an empty array is still a list");
        assertEquals(List.of("3", "5"), r.reviews().get(2).labels());
        assertEquals(List.of("4"), r.reviews().get(3).labels());
        assertEquals(1, r.skipped());
        assertTrue(r.skippedExamples().get(0).contains(":5: 'label' holds object"), r.skippedExamples().toString());
    }

    @Test
    void foldersOfAnyClassNames() {
        write(dir, "comedy/1.txt", "Funny.");
        write(dir, "drama/2.txt", "Sad.");
        write(dir, "sci-fi/3.txt", "Spaceships.");
        write(dir, "notes/readme.md", "not reviews");
        ReadResult r = read(dir, DataOptions.defaults());
        assertEquals(List.of(List.of("comedy"), List.of("drama"), List.of("sci-fi")),
                r.reviews().stream().map(Review::labels).toList());
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().get(0).contains("ignored sub-folder notes/"), r.warnings().toString());
    }

    @Test
    void theSameFileInTwoFoldersIsOneReviewWithBothLabels() {
        write(dir, "acting/r1.txt", "Great cast and a lovely score.");
        write(dir, "music/r1.txt", "Great cast and a lovely score.");
        write(dir, "music/r2.txt", "Lovely score.");
        write(dir, "acting/r2.txt", "A different review under the same name.");
        List<Review> r = read(dir, DataOptions.defaults()).reviews();
        assertEquals(3, r.size(), r.toString());
        assertEquals(List.of("acting", "music"), r.get(0).labels());
        assertTrue(r.get(0).listValued());
        assertEquals(List.of("acting"), r.get(1).labels(), "same name, other text: another review");
    }

    @Test
    void classFoldersCanBeRestrictedToTheTaskLabels() {
        write(dir, "pos/a.txt", "Good.");
        write(dir, "neg/b.txt", "Bad.");
        write(dir, "unsup/c.txt", "Unlabelled.");
        ReadResult legacy = read(dir, DataOptions.defaults());
        assertEquals(2, legacy.reviews().size(), "pos/ and neg/ only, as in aclImdb");
        assertTrue(legacy.warnings().get(0).contains("unsup/"), legacy.warnings().toString());
        ReadResult named = read(dir, DataOptions.defaults().withClassFolders(List.of("negative", "positive")));
        assertEquals(List.of(List.of("negative"), List.of("positive")),
                named.reviews().stream().map(Review::labels).toList(), "sentiment labels match neg/ and pos/");
    }

    @Test
    void aFolderWithoutClassFoldersSaysWhatItFound() {
        write(dir, "empty/readme.md", "x");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> DataSource.of(dir));
        assertTrue(e.getMessage().contains("no class sub-folders with *.txt files")
                && e.getMessage().contains("empty/"), e.getMessage());
    }
}
