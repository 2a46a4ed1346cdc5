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

class FolderLayoutTest {

    @TempDir
    Path dir;

    @Test
    void readsAclImdbStyleFolderIgnoringOtherFolders() {
        Path train = dir.resolve("aclImdb/train");
        write(train, "pos/0_9.txt", "Loved it.<br /><br />Again!");
        write(train, "pos/1_7.txt", "\uFEFFGood.\n");
        write(train, "neg/0_3.txt", "Terrible.");
        write(train, "neg/urls.dat", "not a review");
        write(train, "neg/.hidden.txt", new byte[] {(byte) 0xff});
        write(train, "unsup/0_0.txt", "no label");
        write(train, "labeledBow.feat", "0 0:1");

        DataSource src = DataSource.of(train);
        assertEquals(DataSource.Format.FOLDER, src.format());
        List<Review> r = ReviewReader.read(src).reviews();
        assertEquals(List.of(
                Review.of("Terrible.", "neg", train.resolve("neg/0_3.txt").toString(), 0),
                Review.of("Loved it.<br /><br />Again!", "pos", train.resolve("pos/0_9.txt").toString(), 0),
                Review.of("Good.\n", "pos", train.resolve("pos/1_7.txt").toString(), 0)), r);
    }

    @Test
    void acceptsPositiveNegativeNames() {
        write(dir, "positive/a.txt", "Yes");
        write(dir, "negative/a.txt", "No");
        List<Review> r = read(dir).reviews();
        assertEquals(List.of(List.of("negative"), List.of("positive")), r.stream().map(Review::labels).toList());
    }

    @Test
    void folderWithoutClassSubfoldersNamesWhatWasFound() {
        write(dir, "train/x.txt", "a");
        write(dir, "test/x.txt", "a");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> DataSource.of(dir));
        assertTrue(e.getMessage().startsWith(dir + ": folder without class sub-folders: test/, train/ look like a data"
                + " split, not a class"), e.getMessage());
        assertTrue(e.getMessage().contains("found sub-folders test/, train/"), e.getMessage());
    }

    @Test
    void classFolderWithoutTxtFilesIsAnError() {
        write(dir, "pos/a.txt", "Yes");
        write(dir, "neg/readme.md", "nothing");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> read(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("neg") + ": no *.txt files"), e.getMessage());
    }

    @Test
    void emptyReviewFileNamesTheFile() {
        write(dir, "pos/a.txt", "Yes");
        Path empty = write(dir, "neg/b.txt", "  \n");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> read(dir));
        assertEquals(empty + ": empty text", e.getMessage());
    }
}
