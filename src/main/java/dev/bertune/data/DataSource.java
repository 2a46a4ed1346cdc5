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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Where labelled reviews come from, and in which format.
 *
 * <p>A location is a filesystem path or {@code classpath:<resource>} (a file inside the jar). The
 * format follows from the extension: {@code .tsv}, {@code .csv} (both with a header line),
 * {@code .jsonl}/{@code .json} (JSON Lines), or a directory holding one sub-folder per class (any names) with
 * one review per {@code *.txt} file. With {@code pos/} and {@code neg/} (or {@code positive/} and
 * {@code negative/}), as in the polarity corpus and IMDB aclImdb's {@code train/} and {@code test/}, only those two
 * are read and other sub-folders (such as aclImdb's {@code unsup/}) are ignored with a warning. In a multi-label
 * folder set, a review tagged with several labels is a file of the same name (and content) in each of their
 * folders.
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
            + "one sub-folder per class (e.g. pos/ and neg/) holding *.txt files";
    private static final Set<String> POSITIVE_DIRS = Set.of("pos", "positive");
    private static final Set<String> NEGATIVE_DIRS = Set.of("neg", "negative");
    /** Sub-folder names of a data set's splits (aclImdb/train, aclImdb/test), which are not classes. */
    private static final Set<String> SPLIT_DIRS = Set.of("train", "test", "dev", "val", "valid", "validation");

    /** One review file of a folder source: {@code relativePath} is {@code <class folder>/<file name>}. */
    record ClassFile(Path file, String relativePath, String label) {
    }

    /**
     * One review of a folder source: a file found, with the same name and the same bytes, in one or more class
     * folders.
     *
     * @param file the first copy (by folder name)
     * @param bytes its content
     * @param labels the labels of the folders holding a copy
     */
    record FolderReview(Path file, byte[] bytes, List<String> labels) {
    }

    /** The reviews of a folder source and what was left out. */
    record FolderLayout(List<FolderReview> reviews, List<String> warnings) {
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
            DataSource folder = new DataSource(name, Format.FOLDER, path, null);
            folder.selectDirs(List.of(), true, new ArrayList<>()); // fail early when the layout is wrong
            return folder;
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
     * The {@code *.txt} files of the class folders {@code dirs} (by label), sorted by relative path; no hidden ones,
     * no links out of the data folder unless {@code follow}. What is left out goes into {@code warnings}.
     */
    private List<ClassFile> classFiles(Map<String, Path> dirs, boolean follow, List<String> warnings)
            throws IOException {
        List<ClassFile> files = new ArrayList<>();
        for (Map.Entry<String, Path> dir : dirs.entrySet()) {
            int before = files.size();
            List<Path> entries;
            try (Stream<Path> s = Files.list(dir.getValue())) {
                entries = s.sorted().toList();
            }
            for (Path p : entries) {
                if (isReviewFile(p) && followable(p, follow, warnings)) {
                    files.add(new ClassFile(p, dir.getValue().getFileName() + "/" + p.getFileName(), dir.getKey()));
                }
            }
            List<String> nested = entries.stream().filter(Files::isDirectory).map(d -> d.getFileName() + "/").toList();
            if (!nested.isEmpty()) {
                warnings.add(dir.getValue() + ": sub-folder" + (nested.size() == 1 ? " " : "s ")
                        + String.join(", ", nested) + " not read (the reviews are the *.txt files directly in each"
                        + " class folder)");
            }
            if (files.size() == before) {
                throw new InvalidDataException(dir.getValue().toString(),
                        "no *.txt files; expected one review per *.txt file");
            }
        }
        files.sort(Comparator.comparing(ClassFile::relativePath));
        return files;
    }

    /** Every class file of the default layout (links out of the folder left out), for the content hash. */
    List<ClassFile> classFiles() throws IOException {
        List<String> ignored = new ArrayList<>();
        return classFiles(selectDirs(List.of(), false, ignored), false, ignored);
    }

    /**
     * Whether to read {@code p}: anything but a symbolic link that resolves outside this data folder, which is read
     * only when {@code follow} (and named in {@code warnings} when not).
     */
    private boolean followable(Path p, boolean follow, List<String> warnings) {
        if (follow || !Files.isSymbolicLink(p)) {
            return true;
        }
        try {
            if (p.toRealPath().startsWith(path.toRealPath())) {
                return true;
            }
            warnings.add(p + ": symbolic link to " + p.toRealPath() + ", outside the data folder " + path
                    + ", not followed (data.follow-symlinks = true follows it)");
        } catch (IOException e) {
            warnings.add(p + ": broken symbolic link, not read");
        }
        return false;
    }

    /**
     * The reviews of a folder source, in the order of their first file's relative path: a file of the same name and
     * the same bytes in several class folders is one review with several labels (multi-label folder sets).
     */
    FolderLayout folderLayout(List<String> wanted, boolean followSymlinks) throws IOException {
        List<String> warnings = new ArrayList<>();
        Map<String, List<ClassFile>> byContent = new java.util.LinkedHashMap<>();
        Map<String, byte[]> contents = new HashMap<>();
        for (ClassFile f : classFiles(selectDirs(wanted, followSymlinks, warnings), followSymlinks, warnings)) {
            byte[] bytes = Files.readAllBytes(f.file());
            String key = f.file().getFileName() + "\u0000" + HexFormat.of().formatHex(sha256Digest().digest(bytes));
            contents.putIfAbsent(key, bytes);
            byContent.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
        }
        List<FolderReview> reviews = new ArrayList<>();
        byContent.forEach((key, copies) -> reviews.add(new FolderReview(copies.get(0).file(), contents.get(key),
                copies.stream().map(ClassFile::label).toList())));
        return new FolderLayout(reviews, warnings);
    }

    private static boolean isReviewFile(Path p) {
        String name = p.getFileName().toString();
        return !name.startsWith(".") && name.toLowerCase(Locale.ROOT).endsWith(".txt") && Files.isRegularFile(p);
    }

    /**
     * The class folders to read, by label: those named in {@code wanted} (matched ignoring case, and for the
     * sentiment labels {@code negative}/{@code positive} also {@code neg/} and {@code pos/}); with none wanted,
     * {@code neg/} and {@code pos/} when both are there, else every sub-folder holding {@code *.txt} files. The
     * sub-folders left out are named in {@code warnings}.
     */
    private Map<String, Path> selectDirs(List<String> wanted, boolean follow, List<String> warnings) {
        List<Path> subdirs = subdirectories(path).stream().filter(d -> followable(d, follow, warnings)).toList();
        Map<String, Path> chosen = new java.util.TreeMap<>();
        if (!wanted.isEmpty()) {
            for (String label : wanted) {
                List<Path> matches = subdirs.stream().filter(d -> matchesLabel(lower(d), label)).toList();
                if (matches.size() > 1) {
                    throw new InvalidDataException(path.toString(), "ambiguous class sub-folders " + matches.stream()
                            .map(d -> d.getFileName() + "/").sorted().toList() + " for label " + label
                            + "; keep only one of them");
                }
                matches.forEach(d -> chosen.put(label, d));
            }
        } else {
            Path neg = pick(path, subdirs, NEGATIVE_DIRS);
            Path pos = pick(path, subdirs, POSITIVE_DIRS);
            if (neg != null && pos != null) {
                chosen.put(neg.getFileName().toString(), neg);
                chosen.put(pos.getFileName().toString(), pos);
            } else {
                subdirs.stream().filter(DataSource::holdsReviews).forEach(d -> chosen.put(d.getFileName().toString(), d));
            }
        }
        List<String> splits = chosen.values().stream().map(DataSource::lower).filter(SPLIT_DIRS::contains)
                .map(n -> n + "/").toList();
        if (wanted.isEmpty() && !splits.isEmpty()) {
            throw new InvalidDataException(path.toString(), "folder without class sub-folders: "
                    + String.join(", ", splits) + " look" + (splits.size() == 1 ? "s" : "") + " like a data split, not"
                    + " a class; point the data location at the split's own folder (e.g. " + path.resolve(
                    splits.get(0)) + "), whose sub-folders are the classes (found sub-folders "
                    + String.join(", ", subdirs.stream().map(d -> d.getFileName() + "/").sorted().toList()) + ")");
        }
        if (chosen.isEmpty()) {
            throw new InvalidDataException(path.toString(), "no class sub-folders with *.txt files"
                    + (wanted.isEmpty() ? "" : " for the labels " + String.join(", ", wanted)) + "; expected one "
                    + "sub-folder per class (e.g. pos/ and neg/) holding *.txt files; found " + found(subdirs));
        }
        List<String> ignored = subdirs.stream().filter(d -> !chosen.containsValue(d))
                .map(d -> d.getFileName() + "/").toList();
        if (!ignored.isEmpty()) {
            warnings.add(path + ": ignored sub-folder" + (ignored.size() == 1 ? " " : "s ") + String.join(", ", ignored)
                    + " (not " + (wanted.isEmpty() ? "a class folder: neg/ and pos/ are read" : "among the labels") + ")");
        }
        return chosen;
    }

    private static boolean matchesLabel(String folder, String label) {
        String l = label.toLowerCase(Locale.ROOT);
        return folder.equals(l) || (NEGATIVE_DIRS.contains(folder) && NEGATIVE_DIRS.contains(l))
                || (POSITIVE_DIRS.contains(folder) && POSITIVE_DIRS.contains(l));
    }

    private static boolean holdsReviews(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(DataSource::isReviewFile);
        } catch (IOException e) {
            throw new BertuneException(dir + ": cannot list folder: " + e.getMessage(), e);
        }
    }

    private static String found(List<Path> subdirs) {
        Set<String> names = new TreeSet<>();
        subdirs.forEach(d -> names.add(d.getFileName() + "/"));
        return names.isEmpty() ? "no sub-folders" : "sub-folders " + String.join(", ", names) + " without *.txt files";
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
