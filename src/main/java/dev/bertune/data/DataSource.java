package dev.bertune.data;

import dev.bertune.BertuneException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Where labelled reviews come from, and in which format.
 *
 * <p>A location is a filesystem path or {@code classpath:<resource>} (a file inside the jar). The
 * format follows from the extension: {@code .tsv}, {@code .csv} (both with a header line),
 * {@code .jsonl}/{@code .json} (JSON Lines), or a directory holding one sub-folder per class:
 * {@code pos/} and {@code neg/} (or {@code positive/} and {@code negative/}) with one review per
 * {@code *.txt} file, as in the polarity corpus and IMDB aclImdb's {@code train/} and {@code test/}.
 * Other sub-folders (such as aclImdb's {@code unsup/}) are ignored.
 */
public final class DataSource {

    /** The supported input formats. */
    public enum Format {
        /** Tab-separated, header line, no quoting. */
        TSV,
        /** Comma-separated per RFC 4180, header line. */
        CSV,
        /** JSON Lines: one object per line ({@code .jsonl} or {@code .json}). */
        JSONL,
        /** A folder with one sub-folder per class holding {@code *.txt} reviews. */
        FOLDER
    }

    /** Prefix of locations that name a classpath resource. */
    public static final String CLASSPATH_PREFIX = "classpath:";

    private static final String EXPECTED = "expected a .tsv, .csv or .jsonl/.json file, or a folder with "
            + "one sub-folder per class (pos/ and neg/, or positive/ and negative/) holding *.txt files";
    private static final Set<String> POSITIVE_DIRS = Set.of("pos", "positive");
    private static final Set<String> NEGATIVE_DIRS = Set.of("neg", "negative");

    /** One review file of a folder source. */
    record ClassFile(Path file, String relativePath, int label) {
    }

    private final String location;
    private final Format format;
    private final Path path;
    private final String resource;

    private DataSource(String location, Format format, Path path, String resource) {
        this.location = location;
        this.format = format;
        this.path = path;
        this.resource = resource;
    }

    /**
     * Parses a location: a path, or {@code classpath:sample/train.tsv}.
     *
     * @throws InvalidDataException when it does not exist or its format is not supported
     */
    public static DataSource parse(String location) {
        if (location == null || location.isBlank()) {
            throw new BertuneException("no data location given; " + EXPECTED);
        }
        String loc = location.trim();
        if (loc.startsWith(CLASSPATH_PREFIX)) {
            return classpath(loc);
        }
        return of(Path.of(loc));
    }

    /**
     * A filesystem source.
     *
     * @throws InvalidDataException when it does not exist or its format is not supported
     */
    public static DataSource of(Path path) {
        String name = path.toString();
        if (Files.isDirectory(path)) {
            classDirs(path); // fail early when the layout is wrong
            return new DataSource(name, Format.FOLDER, path, null);
        }
        if (!Files.isRegularFile(path)) {
            throw new InvalidDataException(name, "no such file or directory; " + EXPECTED);
        }
        return new DataSource(name, formatOf(name), path, null);
    }

    private static DataSource classpath(String loc) {
        String resource = loc.substring(CLASSPATH_PREFIX.length()).replaceFirst("^/+", "");
        if (resource.isEmpty() || loader().getResource(resource) == null) {
            throw new InvalidDataException(loc, "resource not found on the classpath; " + EXPECTED);
        }
        return new DataSource(loc, formatOf(loc), null, resource);
    }

    private static Format formatOf(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".tsv")) {
            return Format.TSV;
        }
        if (lower.endsWith(".csv")) {
            return Format.CSV;
        }
        if (lower.endsWith(".jsonl") || lower.endsWith(".json")) {
            return Format.JSONL;
        }
        throw new InvalidDataException(name, "unsupported file type; " + EXPECTED);
    }

    /** The location as given (path or {@code classpath:} name); used as the source of reviews. */
    public String location() {
        return location;
    }

    /** The detected format. */
    public Format format() {
        return format;
    }

    /** Whether this is a resource inside the jar rather than a filesystem path. */
    public boolean isClasspath() {
        return resource != null;
    }

    /**
     * SHA-256 (lower-case hex) of the content: the bytes of a file or resource; for a folder, a hash
     * over the class files sorted by relative path, each as its path, its length and its bytes.
     */
    public String sha256() {
        MessageDigest digest = sha256Digest();
        try {
            if (format == Format.FOLDER) {
                digestFolder(digest);
            } else {
                digestStream(digest);
            }
        } catch (IOException e) {
            throw new BertuneException(location + ": cannot read: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private void digestStream(MessageDigest digest) throws IOException {
        try (InputStream in = new DigestInputStream(open(), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private void digestFolder(MessageDigest digest) throws IOException {
        for (ClassFile f : classFiles()) {
            byte[] content = Files.readAllBytes(f.file());
            digest.update(f.relativePath().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(ByteBuffer.allocate(Long.BYTES).putLong(content.length).array());
            digest.update(content);
        }
    }

    /** Opens a file or resource source. */
    InputStream open() throws IOException {
        if (resource != null) {
            InputStream in = loader().getResourceAsStream(resource);
            if (in == null) {
                throw new InvalidDataException(location, "resource not found on the classpath");
            }
            return in;
        }
        return Files.newInputStream(path);
    }

    /**
     * The {@code *.txt} files of a folder source, sorted by relative path ({@code neg/...} before
     * {@code pos/...}). Hidden files are ignored.
     */
    List<ClassFile> classFiles() throws IOException {
        List<ClassFile> files = new ArrayList<>();
        for (Path dir : classDirs(path)) {
            int label = POSITIVE_DIRS.contains(lower(dir)) ? Review.POSITIVE : Review.NEGATIVE;
            int before = files.size();
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(DataSource::isReviewFile)
                        .forEach(p -> files.add(new ClassFile(p, dir.getFileName() + "/" + p.getFileName(), label)));
            }
            if (files.size() == before) {
                throw new InvalidDataException(dir.toString(), "no *.txt files; expected one review per *.txt file");
            }
        }
        files.sort(Comparator.comparing(ClassFile::relativePath));
        return files;
    }

    private static boolean isReviewFile(Path p) {
        String name = p.getFileName().toString();
        return !name.startsWith(".") && name.toLowerCase(Locale.ROOT).endsWith(".txt") && Files.isRegularFile(p);
    }

    /** The negative and positive sub-folders of {@code dir}, in that order. */
    private static List<Path> classDirs(Path dir) {
        List<Path> subdirs = subdirectories(dir);
        Path neg = pick(dir, subdirs, NEGATIVE_DIRS);
        Path pos = pick(dir, subdirs, POSITIVE_DIRS);
        if (neg == null || pos == null) {
            Set<String> found = new TreeSet<>();
            subdirs.forEach(d -> found.add(d.getFileName() + "/"));
            throw new InvalidDataException(dir.toString(), "folder without class sub-folders: expected pos/ and neg/ "
                    + "(or positive/ and negative/) holding *.txt files; found "
                    + (found.isEmpty() ? "no sub-folders" : "sub-folders " + String.join(", ", found)));
        }
        return List.of(neg, pos);
    }

    private static Path pick(Path dir, List<Path> subdirs, Set<String> names) {
        List<Path> matches = subdirs.stream().filter(d -> names.contains(lower(d))).toList();
        if (matches.size() > 1) {
            throw new InvalidDataException(dir.toString(), "ambiguous class sub-folders " + matches.stream()
                    .map(d -> d.getFileName() + "/").sorted().toList() + "; keep only one of them");
        }
        return matches.isEmpty() ? null : matches.get(0);
    }

    private static List<Path> subdirectories(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new BertuneException(dir + ": cannot list folder: " + e.getMessage(), e);
        }
    }

    private static String lower(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT);
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : DataSource.class.getClassLoader();
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataSource other && location.equals(other.location) && format == other.format;
    }

    @Override
    public int hashCode() {
        return Objects.hash(location, format);
    }

    /** The location, followed by the format. */
    @Override
    public String toString() {
        return location + " (" + format.name().toLowerCase(Locale.ROOT) + ")";
    }
}
