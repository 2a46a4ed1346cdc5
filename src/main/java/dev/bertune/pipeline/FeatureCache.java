package dev.bertune.pipeline;

import dev.bertune.UmaskFiles;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * BERT's output vector for every review, computed once for a frozen encoder. An entry is keyed by the token
 * cache entry (data, vocabulary, length, truncation, casing), the model's identity, the feature source and what
 * changes how BERT computes it (precision, XLA, the [CLS]-only last layer, Einsum attention, fused LayerNorm); it
 * is written to a temporary file and renamed, and carries a CRC32C that is checked on every read, so a
 * half-written or damaged entry is recomputed, never used.
 */
public final class FeatureCache {
  private static final int MAGIC = 0x42544643; // "BTFC"
  private static final int VERSION = 3; // 3: windows; 2: label vectors [N, K] (1: one label per example)
  private static final int HEADER = 24; // magic, version, N, H, K, R

  private final Path root;

  public FeatureCache(Path root) {
    this.root = root;
  }

  /**
   * Features of every window [R, H], label vectors [N, K] (both row-major) and the window count of each example [N]
   * (R = their sum; all ones unless texts were read in windows) of one data part.
   *
   * @param outputs K, the width of the label vectors
   * @param hit whether they came from the cache
   */
  public record Features(float[] vectors, float[] labels, int[] windows, int hidden, int outputs, boolean hit) {
    /** Number of examples N. */
    public int count() {
      return labels.length / outputs;
    }

    /** Where each example's windows start among the rows, [N + 1] (the last entry is R). */
    public int[] firstRows() {
      int[] first = new int[windows.length + 1];
      for (int i = 0; i < windows.length; i++) {
        first[i + 1] = first[i] + windows[i];
      }
      return first;
    }
  }

  /** The cached features under {@code key}, or {@code compute}'s result, stored for next time. */
  public Features getOrCompute(String key, Supplier<Features> compute) throws IOException {
    Path file = root.resolve(TokenCache.sha256Hex(key) + ".features");
    if (Files.isRegularFile(file)) {
      Features cached = read(file);
      if (cached != null) {
        return cached;
      }
      Files.deleteIfExists(file);
    }
    Features computed = compute.get();
    write(file, computed);
    return new Features(computed.vectors(), computed.labels(), computed.windows(), computed.hidden(),
        computed.outputs(), false);
  }

  private static void write(Path file, Features f) throws IOException {
    Files.createDirectories(file.getParent());
    ByteBuffer body = ByteBuffer.allocate(HEADER + 4 * (f.vectors().length + f.labels().length + f.windows().length))
        .order(ByteOrder.LITTLE_ENDIAN);
    int rows = f.vectors().length / f.hidden();
    body.putInt(MAGIC).putInt(VERSION).putInt(f.count()).putInt(f.hidden()).putInt(f.outputs()).putInt(rows);
    body.asFloatBuffer().put(f.vectors()).put(f.labels());
    body.position(HEADER + 4 * (f.vectors().length + f.labels().length));
    body.asIntBuffer().put(f.windows());
    byte[] bytes = body.array();
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 8);
    out.write(bytes);
    new DataOutputStream(out).writeLong(crc.getValue());
    Path tmp = UmaskFiles.createTempFile(file.getParent(), ".features", ".tmp");
    try {
      Files.write(tmp, out.toByteArray());
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The entry, or null when it is truncated, damaged or of another format. */
  static Features read(Path file) throws IOException {
    byte[] all;
    try (InputStream in = Files.newInputStream(file)) {
      all = in.readAllBytes();
    }
    if (all.length < HEADER + 8) {
      return null;
    }
    int bodyLength = all.length - 8;
    CRC32C crc = new CRC32C();
    crc.update(all, 0, bodyLength);
    long stored = new DataInputStream(new java.io.ByteArrayInputStream(all, bodyLength, 8)).readLong();
    if (stored != crc.getValue()) {
      return null;
    }
    ByteBuffer body = ByteBuffer.wrap(all, 0, bodyLength).order(ByteOrder.LITTLE_ENDIAN);
    if (body.getInt() != MAGIC || body.getInt() != VERSION) {
      return null;
    }
    int n = body.getInt();
    int h = body.getInt();
    int k = body.getInt();
    int rows = body.getInt();
    if (k < 1 || (long) HEADER + 4L * ((long) rows * h + (long) n * k + n) != bodyLength) {
      return null;
    }
    float[] vectors = new float[rows * h];
    float[] labels = new float[n * k];
    int[] windows = new int[n];
    var floats = body.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    floats.get(vectors).get(labels);
    body.position(HEADER + 4 * (vectors.length + labels.length));
    body.slice().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(windows);
    if (java.util.Arrays.stream(windows).sum() != rows) {
      return null;
    }
    return new Features(vectors, labels, windows, h, k, true);
  }
}
