package dev.bertune.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small helpers to write test inputs. */
final class TestFiles {

    private TestFiles() {
    }

    static Path write(Path dir, String name, String content) {
        return write(dir, name, content.getBytes(StandardCharsets.UTF_8));
    }

    static Path write(Path dir, String name, byte[] content) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            return Files.write(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ReadResult read(Path file) {
        return ReviewReader.read(DataSource.of(file));
    }

    static ReadResult read(Path file, DataOptions options) {
        return ReviewReader.read(DataSource.of(file), options);
    }

    /** Concatenates bytes: strings as UTF-8, byte arrays as is. */
    static byte[] bytes(Object... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (Object part : parts) {
            byte[] b = part instanceof byte[] raw ? raw : part.toString().getBytes(StandardCharsets.UTF_8);
            out.writeBytes(b);
        }
        return out.toByteArray();
    }
}
