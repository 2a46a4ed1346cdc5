package dev.bertune.pipeline;

import dev.bertune.FileTrees;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory of tokenized data sets, one sub-folder per {@link CacheKey}, named by the key's hex
 * digest.
 *
 * <p>Entry layout:
 *
 * <pre>
 *   &lt;root&gt;/&lt;key digest&gt;/
 *       all.tfrecord          every example in ORIGINAL order (evaluation / prediction)
 *       bucket-0000.tfrecord  examples with length in (0, w]      (only non-empty buckets exist)
 *       bucket-0001.tfrecord  examples with length in (w, 2w]
 *       ...
 *       windows-002.tfrecord  examples read in 2 windows (tokenizer.long-text = windows), each of the max length
 *       ...
 *       manifest.json         counts + SHA-256 of every file; written LAST
 * </pre>
 *
 * An entry is built in a temp folder {@code <root>/.tmp-<digest>-<uuid>} and renamed into place,
 * so a complete folder under the final name always has a manifest. On a hit the manifest, every
 * file's size and SHA-256 are checked; a missing, corrupt or half-written entry is deleted and
 * rebuilt (and reported as a miss). The bucket width is recorded in the manifest; asking for
 * another width rebuilds the entry.
 *
 * <p>Safe against concurrent builders of the same key (the loser's rename fails, it then uses the
 * winner's entry); not intended for concurrent rebuild-while-reading of a corrupt entry.
 */
public final class TokenCache {

  /** Version of the on-disk format; part of every key. Bump when the layout changes. */
  public static final int FORMAT_VERSION = 3; // 3: windows; 2: label vectors of any width (1: one 0/1 label)

  /** Name of the manifest file, written last. */
  public static final String MANIFEST = "manifest.json";

  /** Name of the file holding every example in original order. */
  public static final String ALL_FILE = "all.tfrecord";

  private static final Logger LOG = LoggerFactory.getLogger(TokenCache.class);
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path root;

  /** @param root cache directory; created on first write */
  public TokenCache(Path root) {
    this.root = Objects.requireNonNull(root).toAbsolutePath();
  }

  /** The cache directory. */
  public Path root() {
    return root;
  }

  // --------------------------------------------------------------------------------------- key

  /**
   * Everything that determines the tokenized output. Two keys with equal parts name the same
   * entry; a change of any part names a new one.
   *
   * @param dataSha256 hex SHA-256 of the raw data content
   * @param vocabSha256 hex SHA-256 of the vocabulary ({@code vocab.txt} content)
   * @param maxLength maximum sequence length in WordPieces, incl. [CLS]/[SEP]
   * @param truncation name of the truncation strategy (e.g. {@code "head"}, {@code "head+tail"})
   * @param lowerCase whether text is lower-cased before WordPiece
   * @param formatVersion on-disk format version, normally {@link #FORMAT_VERSION}
   */
  public record CacheKey(
      String dataSha256,
      String vocabSha256,
      int maxLength,
      String truncation,
      boolean lowerCase,
      int formatVersion) {

    /** Validates the parts. */
    public CacheKey {
      if (dataSha256 == null || !SHA256_HEX.matcher(dataSha256).matches()) {
        throw new IllegalArgumentException("dataSha256 must be 64 lower-case hex digits");
      }
      if (vocabSha256 == null || !SHA256_HEX.matcher(vocabSha256).matches()) {
        throw new IllegalArgumentException("vocabSha256 must be 64 lower-case hex digits");
      }
      if (maxLength < 2) {
        throw new IllegalArgumentException("maxLength must be >= 2, got " + maxLength);
      }
      if (truncation == null || truncation.isBlank()) {
        throw new IllegalArgumentException("truncation strategy name must not be blank");
      }
    }

    /**
     * Builds a key from the raw data and vocabulary contents (hashed here), with the current
     * {@link #FORMAT_VERSION}.
     */
    public static CacheKey of(
        String dataContent, String vocabContent, int maxLength, String truncation, boolean lowerCase) {
      return new CacheKey(
          sha256Hex(dataContent), sha256Hex(vocabContent), maxLength, truncation, lowerCase,
          FORMAT_VERSION);
    }

    /** Hex SHA-256 of a canonical rendering of all parts; names the entry folder. */
    public String digest() {
      String canonical =
          "bertune-token-cache\n"
              + "format=" + formatVersion + "\n"
              + "data=" + dataSha256 + "\n"
              + "vocab=" + vocabSha256 + "\n"
              + "maxLength=" + maxLength + "\n"
              + "truncation=" + truncation.length() + ":" + truncation + "\n"
              + "lowerCase=" + lowerCase + "\n";
      return sha256Hex(canonical);
    }
  }

  // ------------------------------------------------------------------------------------- entry

  /**
   * One bucket file: one-window examples of similar length, or examples of one window count.
   *
   * @param bucket bucket index b: lengths in {@code (b*width, (b+1)*width]} (one-window examples), or the window count
   * @param file absolute path of the TFRecord file
   * @param examples number of examples in it
   * @param realTokens sum of their lengths
   * @param maxLength longest window in it
   * @param windows the window count of every example in it
   */
  public record BucketFile(int bucket, Path file, int examples, long realTokens, int maxLength, int windows) {}

  /**
   * A verified cache entry.
   *
   * @param folder entry folder
   * @param buckets non-empty length buckets, ascending by bucket index
   * @param allFile TFRecord file with every example in original order
   * @param totalExamples number of examples
   * @param realTokens sum of all example lengths
   * @param bucketWidth width used for the buckets
   * @param outputs width of the label vectors (1 for binary tasks; the label count otherwise)
   * @param hit true if the entry was found valid on disk, false if it was (re)built now
   */
  public record Entry(
      Path folder,
      List<BucketFile> buckets,
      Path allFile,
      int totalExamples,
      long realTokens,
      int bucketWidth,
      int outputs,
      boolean hit) {

    /** Copies the bucket list. */
    public Entry {
      buckets = List.copyOf(buckets);
    }

    /** Reads every example in original order (verifies CRCs). */
    public List<TokenizedExample> readExamples() throws IOException {
      return TFRecordFiles.read(allFile);
    }
  }

  // ------------------------------------------------------------------------------------ access

  /**
   * Returns the entry for {@code key}, building it with {@code tokenize} if it is absent, invalid or
   * was built with another bucket width. {@code tokenize} is only called on a miss.
   *
   * @param key identifies the tokenized data
   * @param tokenize produces the examples in original order
   * @param bucketWidth width (in tokens) of the length buckets, {@code >= 1}
   */
  public Entry getOrCreate(CacheKey key, Supplier<List<TokenizedExample>> tokenize, int bucketWidth)
      throws IOException {
    if (bucketWidth < 1) {
      throw new IllegalArgumentException("bucketWidth must be >= 1, got " + bucketWidth);
    }
    String digest = key.digest();
    Path folder = root.resolve(digest);
    if (Files.exists(folder)) {
      try {
        return load(folder, key, bucketWidth, true);
      } catch (IOException | RuntimeException e) {
        LOG.warn("Token cache entry {} is invalid ({}); rebuilding", folder, e.getMessage());
        deleteEntry(folder);
      }
    }
    List<TokenizedExample> examples = Objects.requireNonNull(tokenize.get(), "tokenize returned null");
    Files.createDirectories(root);
    Path tmp = root.resolve(".tmp-" + digest + "-" + UUID.randomUUID());
    try {
      writeEntry(tmp, key, examples, bucketWidth);
      for (int attempt = 0; ; attempt++) {
        try {
          Files.move(tmp, folder, StandardCopyOption.ATOMIC_MOVE);
          break;
        } catch (IOException raced) {
          // rename(2) onto a non-empty folder fails (ENOTEMPTY surfaces as a plain
          // FileSystemException): another builder won the race. Use its entry if it is valid.
          if (!Files.exists(folder)) {
            throw raced;
          }
          try {
            load(folder, key, bucketWidth, false);
            deleteRecursively(tmp);
            break;
          } catch (IOException | RuntimeException invalid) {
            if (attempt >= 2) {
              throw new IOException("cannot install cache entry " + folder, invalid);
            }
            deleteEntry(folder);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      deleteRecursively(tmp);
      throw e;
    }
    return load(folder, key, bucketWidth, false);
  }

  // ----------------------------------------------------------------------------------- writing

  private static void writeEntry(
      Path dir, CacheKey key, List<TokenizedExample> examples, int width) throws IOException {
    Files.createDirectories(dir);
    TreeMap<Integer, List<TokenizedExample>> byBucket = new TreeMap<>();
    long realTokens = 0;
    for (TokenizedExample ex : examples) {
      Objects.requireNonNull(ex, "null example");
      if (ex.longestWindow() > key.maxLength()) {
        throw new IllegalArgumentException(
            "example of length " + ex.longestWindow() + " exceeds maxLength " + key.maxLength());
      }
      byBucket.computeIfAbsent(bucketOf(ex, width), b -> new ArrayList<>()).add(ex);
      realTokens += ex.length();
    }
    TFRecordFiles.write(dir.resolve(ALL_FILE), examples);
    FileInfo all = describe(dir, ALL_FILE, -1, examples);
    List<FileInfo> buckets = new ArrayList<>();
    for (var e : byBucket.entrySet()) {
      int windows = e.getValue().get(0).windows();
      int bucket = windows == 1 ? e.getKey() : windows;
      String name = windows == 1 ? String.format("bucket-%04d.tfrecord", bucket)
          : String.format("windows-%03d.tfrecord", windows);
      TFRecordFiles.write(dir.resolve(name), e.getValue());
      buckets.add(describe(dir, name, bucket, e.getValue()));
    }
    int outputs = examples.isEmpty() ? 0 : examples.get(0).outputs();
    if (examples.stream().anyMatch(ex -> ex.outputs() != outputs)) {
      throw new IllegalArgumentException("examples with label vectors of different widths");
    }
    Manifest manifest =
        new Manifest(
            FORMAT_VERSION, key.digest(), key, width, examples.size(), realTokens, outputs, all, buckets);
    // Written last: its presence marks a complete entry.
    Path tmpManifest = dir.resolve("." + MANIFEST + ".tmp");
    Files.write(tmpManifest, JSON.writeValueAsBytes(manifest));
    TFRecordFiles.moveAtomically(tmpManifest, dir.resolve(MANIFEST));
  }

  /**
   * One-window examples go to length buckets {@code 0, 1, ...}; examples of {@code n >= 2} windows to their own bucket,
   * keyed after every length bucket.
   */
  private static int bucketOf(TokenizedExample ex, int width) {
    return ex.windows() == 1 ? (ex.length() - 1) / width : Integer.MAX_VALUE / 2 + ex.windows();
  }

  private static FileInfo describe(Path dir, String name, int bucket, List<TokenizedExample> exs)
      throws IOException {
    Path f = dir.resolve(name);
    long tokens = 0;
    int max = 0;
    int windows = exs.isEmpty() ? 1 : exs.get(0).windows();
    for (TokenizedExample ex : exs) {
      tokens += ex.length();
      max = Math.max(max, ex.longestWindow());
    }
    return new FileInfo(name, bucket, exs.size(), tokens, max, Files.size(f), sha256Hex(f), windows);
  }

  // ----------------------------------------------------------------------------------- reading

  private static Entry load(Path folder, CacheKey key, int width, boolean hit) throws IOException {
    Path manifestFile = folder.resolve(MANIFEST);
    if (!Files.isRegularFile(manifestFile)) {
      throw new NoSuchFileException(manifestFile.toString(), null, "no manifest (half-written entry?)");
    }
    Manifest m = JSON.readValue(manifestFile.toFile(), Manifest.class);
    if (m.formatVersion() != FORMAT_VERSION) {
      throw new IOException("format version " + m.formatVersion() + " != " + FORMAT_VERSION);
    }
    if (!key.equals(m.key()) || !key.digest().equals(m.keyDigest())
        || !folder.getFileName().toString().equals(m.keyDigest())) {
      throw new IOException("manifest key does not match the requested key");
    }
    if (m.bucketWidth() != width) {
      throw new IOException("built with bucket width " + m.bucketWidth() + ", requested " + width);
    }
    verifyFile(folder, m.all());
    if (m.all().examples() != m.totalExamples() || m.all().realTokens() != m.realTokens()) {
      throw new IOException("manifest totals do not match " + ALL_FILE);
    }
    List<BucketFile> buckets = new ArrayList<>();
    long n = 0;
    long tokens = 0;
    for (FileInfo fi : m.buckets()) {
      verifyFile(folder, fi);
      buckets.add(
          new BucketFile(fi.bucket(), folder.resolve(fi.file()), fi.examples(), fi.realTokens(),
              fi.maxLength(), Math.max(1, fi.windows())));
      n += fi.examples();
      tokens += fi.realTokens();
    }
    if (n != m.totalExamples() || tokens != m.realTokens()) {
      throw new IOException("bucket counts do not add up to the manifest totals");
    }
    buckets.sort(Comparator.comparingInt(BucketFile::windows).thenComparingInt(BucketFile::bucket));
    return new Entry(
        folder, buckets, folder.resolve(m.all().file()), m.totalExamples(), m.realTokens(), width, m.outputs(),
        hit);
  }

  private static void verifyFile(Path folder, FileInfo fi) throws IOException {
    if (fi == null || fi.file() == null || fi.file().contains("/") || fi.file().startsWith(".")) {
      throw new IOException("bad file entry in manifest: " + fi);
    }
    Path f = folder.resolve(fi.file());
    if (!Files.isRegularFile(f)) {
      throw new NoSuchFileException(f.toString());
    }
    if (Files.size(f) != fi.bytes()) {
      throw new IOException(f + ": size " + Files.size(f) + " != manifest " + fi.bytes());
    }
    if (!sha256Hex(f).equals(fi.sha256())) {
      throw new IOException(f + ": SHA-256 does not match the manifest");
    }
  }

  // ------------------------------------------------------------------------------ housekeeping

  private void deleteEntry(Path folder) throws IOException {
    // Move aside first so that a partly deleted folder never sits under the entry's name.
    Path trash = root.resolve(".trash-" + folder.getFileName() + "-" + UUID.randomUUID());
    try {
      Files.move(folder, trash, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException gone) {
      return;
    }
    deleteRecursively(trash);
  }

  private static void deleteRecursively(Path dir) {
    if (!FileTrees.deleteRecursively(dir)) {
      LOG.warn("Could not delete {}", dir);
    }
  }

  // ------------------------------------------------------------------------------------ hashing

  /** Hex SHA-256 of the UTF-8 bytes of {@code s}. */
  public static String sha256Hex(String s) {
    return HexFormat.of().formatHex(sha256().digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  /** Hex SHA-256 of a file's content (streamed). */
  public static String sha256Hex(Path file) throws IOException {
    MessageDigest md = sha256();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int r; (r = in.read(buf)) > 0; ) {
        md.update(buf, 0, r);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------------------- manifest JSON

  record FileInfo(
      String file, int bucket, int examples, long realTokens, int maxLength, long bytes,
      String sha256, int windows) {}

  record Manifest(
      int formatVersion,
      String keyDigest,
      CacheKey key,
      int bucketWidth,
      int totalExamples,
      long realTokens,
      int outputs,
      FileInfo all,
      List<FileInfo> buckets) {}
}
