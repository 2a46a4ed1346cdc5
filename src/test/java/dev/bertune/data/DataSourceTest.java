package dev.bertune.data;

import static dev.bertune.data.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourceTest {

    private static final String RESOURCE = "classpath:data-test/mini.tsv";

    @TempDir
    Path dir;

    @Test
    void readsClasspathResource() {
        DataSource src = DataSource.parse(RESOURCE);
        assertTrue(src.isClasspath());
        assertEquals(DataSource.Format.TSV, src.format());
        assertEquals(List.of(
                Review.of("A warm, funny film.", "pos", RESOURCE, 2),
                Review.of("Dull and far too long.", "neg", RESOURCE, 3)), ReviewReader.read(src).reviews());
        assertEquals(src.sha256(), DataSource.parse("classpath:/data-test/mini.tsv").sha256());
    }

    @Test
    void missingClasspathResourceIsAnError() {
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> DataSource.parse("classpath:data-test/nope.tsv"));
        assertTrue(e.getMessage().startsWith("classpath:data-test/nope.tsv: resource not found on the classpath"),
                e.getMessage());
    }

    @Test
    void parsesFilesystemPaths() {
        Path f = write(dir, "a.csv", "text,label\nx,1\n");
        DataSource src = DataSource.parse(f.toString());
        assertFalse(src.isClasspath());
        assertEquals(DataSource.Format.CSV, src.format());
        assertEquals(f.toString(), src.location());
        assertEquals(DataSource.of(f), src);
    }

    @Test
    void missingPathNamesPathAndExpectation() {
        Path missing = dir.resolve("nope.tsv");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> DataSource.parse(missing.toString()));
        assertTrue(e.getMessage().startsWith(missing + ": no such file or directory; expected a .tsv, .csv"),
                e.getMessage());
    }

    @Test
    void unsupportedExtensionIsAnError() {
        Path f = write(dir, "reviews.txt", "hello");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> DataSource.of(f));
        assertTrue(e.getMessage().startsWith(f + ": unsupported file type; expected"), e.getMessage());
    }

    @Test
    void fileSha256IsOfTheBytesAndChangesWithContent() throws Exception {
        Path f = write(dir, "a.tsv", "abc");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", DataSource.of(f).sha256());
        Files.writeString(f, "abd");
        assertNotEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                DataSource.of(f).sha256());
    }

    @Test
    void folderSha256IsStableAndSensitiveToContentNamesAndClass() throws Exception {
        Path a = dir.resolve("a");
        write(a, "pos/1.txt", "good");
        write(a, "neg/1.txt", "bad");
        write(a, "unsup/1.txt", "ignored");
        Path b = dir.resolve("b"); // same content, written in another order, at another place
        write(b, "neg/1.txt", "bad");
        write(b, "pos/1.txt", "good");
        String hash = DataSource.of(a).sha256();
        assertEquals(64, hash.length());
        assertEquals(hash, DataSource.of(b).sha256());

        write(a, "unsup/2.txt", "still ignored");
        assertEquals(hash, DataSource.of(a).sha256());
        Files.writeString(a.resolve("pos/1.txt"), "great");
        assertNotEquals(hash, DataSource.of(a).sha256());

        Files.move(b.resolve("pos/1.txt"), b.resolve("pos/2.txt"));
        assertNotEquals(hash, DataSource.of(b).sha256());

        Path c = dir.resolve("c"); // contents swapped between classes
        write(c, "neg/1.txt", "good");
        write(c, "pos/1.txt", "bad");
        assertNotEquals(hash, DataSource.of(c).sha256());
    }
}
