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

    @Test
    void aLinkOutOfTheDataFolderIsNotFollowedUnlessAllowed() throws Exception {
        Path data = dir.resolve("data");
        write(data, "pos/a.txt", "Loved it.");
        write(data, "neg/b.txt", "Hated it.");
        Path outside = write(dir, "elsewhere/secret.txt", "not a review of this set");
        Path outsideClass = java.nio.file.Files.createDirectories(dir.resolve("elsewhere-class"));
        write(outsideClass, "c.txt", "Fine.");
        java.nio.file.Files.createSymbolicLink(data.resolve("pos/linked.txt"), outside);
        java.nio.file.Files.createSymbolicLink(data.resolve("pos/inside.txt"), data.resolve("neg/b.txt"));

        Path outsideReal = outside.toRealPath();
        ReadResult strict = read(data);
        assertEquals(List.of("neg/b.txt", "pos/a.txt", "pos/inside.txt"), names(data, strict));
        assertTrue(strict.warnings().stream().anyMatch(w -> w.startsWith(data.resolve("pos/linked.txt")
                + ": symbolic link to " + outsideReal + ", outside the data folder")), strict.warnings()
                .toString());

        ReadResult followed = read(data, DataOptions.defaults().withFollowSymlinks(true));
        assertEquals(List.of("neg/b.txt", "pos/a.txt", "pos/inside.txt", "pos/linked.txt"), names(data, followed));

        Path classes = dir.resolve("classes");
        write(classes, "drama/a.txt", "Tears.");
        java.nio.file.Files.createSymbolicLink(classes.resolve("comedy"), outsideClass);
        ReadResult linkedClass = read(classes, DataOptions.defaults().withClassFolders(List.of()));
        assertTrue(linkedClass.warnings().stream().anyMatch(w -> w.startsWith(classes.resolve("comedy")
                + ": symbolic link to ")), linkedClass.warnings().toString());
        assertEquals(List.of("drama/a.txt"), names(classes, linkedClass));
    }

    @Test
    void subFoldersInsideAClassFolderAreNamedInAWarning() {
        write(dir, "pos/a.txt", "Loved it.");
        write(dir, "neg/b.txt", "Hated it.");
        write(dir, "neg/extra/c.txt", "Not read.");
        ReadResult r = read(dir);
        assertEquals(2, r.reviews().size());
        assertTrue(r.warnings().contains(dir.resolve("neg") + ": sub-folder extra/ not read (the reviews are the"
                + " *.txt files directly in each class folder)"), r.warnings().toString());
    }

    private static List<String> names(Path root, ReadResult r) {
        return r.reviews().stream().map(v -> root.relativize(Path.of(v.source())).toString().replace('\\', '/'))
                .sorted().toList();
    }
}
