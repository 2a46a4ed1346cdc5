package dev.bertune.pipeline;

import dev.bertune.UmaskFiles;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;
import org.tensorflow.proto.Int64List;

/**
 * Reads and writes TFRecord files of {@link Example} protos in the layout of Google BERT's
 * {@code run_classifier.py}: int64 features {@code input_ids}, {@code input_mask},
 * {@code segment_ids} (each {@code [L]}, the real length, unpadded) and {@code label}, the label vector
 * ({@code [K]}: {@code [1]} for binary tasks as in Google's files, one-hot or multi-hot otherwise).
 *
 * <p>Record framing (TFRecord): {@code uint64 LE length | uint32 LE masked CRC32C(length bytes) |
 * data | uint32 LE masked CRC32C(data)}, with mask {@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8}.
 * Files are written to a temp file in the target folder, forced to disk and atomically renamed, so a
 * reader never sees a half-written file under the final name.
 */
public final class TFRecordFiles {

  /** Feature key of the token ids. */
  public static final String INPUT_IDS = "input_ids";
  /** Feature key of the attention mask (all ones, real length). */
  public static final String INPUT_MASK = "input_mask";
  /** Feature key of the segment ids. */
  public static final String SEGMENT_IDS = "segment_ids";
  /** Feature key of the label vector (K int64 of 0/1). */
  public static final String LABEL = "label";
  /**
   * Key of the number of windows of an example, [1] ({@code tokenizer.long-text = windows}); its windows are stored
   * one after the other in the token features, all of one length.
   */
  public static final String WINDOWS = "windows";

  private static final int MASK_DELTA = 0xa282ead8;

  private TFRecordFiles() {}

  /** Thrown when a TFRecord file fails a CRC check, is truncated or holds an unparsable record. */
  public static final class CorruptRecordException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and where */
    public CorruptRecordException(String message) {
      super(message);
    }

    /**
     * @param message what is wrong and where
     * @param cause underlying parse error
     */
    public CorruptRecordException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  // ---------------------------------------------------------------------------------- encoding

  /** Serializes one example as a {@code tf.train.Example} in BERT run_classifier layout. */
  public static byte[] toExampleBytes(TokenizedExample ex) {
    int n = ex.length();
    Int64List.Builder ids = Int64List.newBuilder();
    Int64List.Builder mask = Int64List.newBuilder();
    Int64List.Builder seg = Int64List.newBuilder();
    for (int i = 0; i < n; i++) {
      ids.addValue(ex.inputId(i));
      mask.addValue(1L);
      seg.addValue(ex.segmentId(i));
    }
    Features features =
        Features.newBuilder()
            .putFeature(INPUT_IDS, Feature.newBuilder().setInt64List(ids).build())
            .putFeature(INPUT_MASK, Feature.newBuilder().setInt64List(mask).build())
            .putFeature(SEGMENT_IDS, Feature.newBuilder().setInt64List(seg).build())
            .putFeature(
                LABEL,
                Feature.newBuilder().setInt64List(labelVector(ex)).build())
            .putFeature(WINDOWS, Feature.newBuilder().setInt64List(Int64List.newBuilder().addValue(windows(ex))).build())
            .build();
    return Example.newBuilder().setFeatures(features).build().toByteArray();
  }

  /** The window count of an example whose windows all have one length (what the input pipeline reshapes). */
  private static int windows(TokenizedExample ex) {
    for (int w = 1; w < ex.windows(); w++) {
      if (ex.windowLength(w) != ex.windowLength(0)) {
        throw new IllegalArgumentException("the windows of a stored example must have one length, got "
            + java.util.Arrays.toString(ex.windowLengths()));
      }
    }
    return ex.windows();
  }

  private static Int64List labelVector(TokenizedExample ex) {
    Int64List.Builder b = Int64List.newBuilder();
    for (int k = 0; k < ex.outputs(); k++) {
      b.addValue((long) ex.target(k));
    }
    return b.build();
  }

  /**
   * Parses a serialized {@code tf.train.Example} written by {@link #toExampleBytes}.
   *
   * @throws CorruptRecordException if the bytes are not such an example
   */
  public static TokenizedExample fromExampleBytes(byte[] bytes) throws CorruptRecordException {
    Example example;
    try {
      example = Example.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new CorruptRecordException("record is not a tf.train.Example", e);
    }
    var map = example.getFeatures().getFeatureMap();
    long[] ids = int64s(map.get(INPUT_IDS), INPUT_IDS);
    long[] mask = int64s(map.get(INPUT_MASK), INPUT_MASK);
    long[] seg = int64s(map.get(SEGMENT_IDS), SEGMENT_IDS);
    long[] label = int64s(map.get(LABEL), LABEL);
    long[] windows = int64s(map.get(WINDOWS), WINDOWS);
    if (windows.length != 1 || windows[0] < 1 || ids.length % windows[0] != 0) {
      throw new CorruptRecordException("feature '" + WINDOWS + "' must be one count that divides the "
          + ids.length + " tokens, got " + java.util.Arrays.toString(windows));
    }
    if (ids.length != mask.length || ids.length != seg.length) {
      throw new CorruptRecordException(
          "inconsistent feature lengths: ids=" + ids.length + " mask=" + mask.length
              + " segments=" + seg.length + " label=" + label.length);
    }
    int[] idsI = new int[ids.length];
    int[] segI = new int[seg.length];
    for (int i = 0; i < ids.length; i++) {
      if (mask[i] != 1) {
        throw new CorruptRecordException("input_mask must be all ones (unpadded record)");
      }
      idsI[i] = Math.toIntExact(ids[i]);
      segI[i] = Math.toIntExact(seg[i]);
    }
    try {
      float[] target = new float[label.length];
      for (int k = 0; k < label.length; k++) {
        target[k] = label[k];
      }
      int[] lengths = new int[(int) windows[0]];
      java.util.Arrays.fill(lengths, ids.length / lengths.length);
      return new TokenizedExample(idsI, segI, target, lengths);
    } catch (IllegalArgumentException e) {
      throw new CorruptRecordException("invalid example: " + e.getMessage(), e);
    }
  }

  private static long[] int64s(Feature f, String key) throws CorruptRecordException {
    if (f == null || !f.hasInt64List()) {
      throw new CorruptRecordException("missing int64 feature '" + key + "'");
    }
    List<Long> values = f.getInt64List().getValueList();
    long[] out = new long[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  // ----------------------------------------------------------------------------------- writing

  /**
   * Writes {@code examples} (in the given order) as a TFRecord file, atomically.
   *
   * @return number of bytes written
   */
  public static long write(Path file, List<TokenizedExample> examples) throws IOException {
    return writeRecords(file, () -> examples.stream().map(TFRecordFiles::toExampleBytes).iterator());
  }

  /**
   * Writes raw records as a TFRecord file: temp file in the same folder, fsync, atomic rename.
   *
   * @return number of bytes written
   */
  public static long writeRecords(Path file, Iterable<byte[]> records) throws IOException {
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    Path tmp = UmaskFiles.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
    long bytes = 0;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
          OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer footer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] data : records) {
          header.clear();
          header.putLong(data.length);
          header.putInt(maskedCrc32c(header.array(), 0, 8));
          out.write(header.array(), 0, 12);
          out.write(data);
          footer.clear();
          footer.putInt(maskedCrc32c(data, 0, data.length));
          out.write(footer.array(), 0, 4);
          bytes += 16L + data.length;
        }
        out.flush();
        ch.force(true);
      }
      moveAtomically(tmp, abs);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return bytes;
  }

  static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Masked CRC32C as used by TFRecord. */
  static int maskedCrc32c(byte[] data, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(data, off, len);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + MASK_DELTA;
  }

  // ----------------------------------------------------------------------------------- reading

  /**
   * Streams every record of {@code file} to {@code consumer}, verifying both CRCs of each record.
   *
   * @return number of records
   * @throws CorruptRecordException on a CRC mismatch or truncation (with the record index and offset)
   */
  public static long forEachRecord(Path file, Consumer<byte[]> consumer) throws IOException {
    long size = Files.size(file);
    long offset = 0;
    long index = 0;
    byte[] header = new byte[12];
    byte[] footer = new byte[4];
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      while (true) {
        int got = in.readNBytes(header, 0, 12);
        if (got == 0) {
          return index;
        }
        String where = file + ": record " + index + " at byte " + offset;
        if (got < 12) {
          throw new CorruptRecordException(where + ": truncated header (" + got + " of 12 bytes)");
        }
        ByteBuffer hb = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        long length = hb.getLong(0);
        int lengthCrc = hb.getInt(8);
        if (lengthCrc != maskedCrc32c(header, 0, 8)) {
          throw new CorruptRecordException(where + ": length CRC mismatch");
        }
        if (length < 0 || length > size - offset - 16) {
          throw new CorruptRecordException(
              where + ": truncated (record of " + length + " bytes, only "
                  + Math.max(0, size - offset - 16) + " left)");
        }
        byte[] data = in.readNBytes((int) length);
        if (data.length != length || in.readNBytes(footer, 0, 4) != 4) {
          throw new CorruptRecordException(where + ": truncated data");
        }
        int dataCrc = ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (dataCrc != maskedCrc32c(data, 0, data.length)) {
          throw new CorruptRecordException(where + ": data CRC mismatch");
        }
        consumer.accept(data);
        offset += 16 + length;
        index++;
      }
    }
  }

  /**
   * Verifies every record's framing and CRCs without keeping the data.
   *
   * @return number of records
   */
  public static long verify(Path file) throws IOException {
    return forEachRecord(file, data -> {});
  }

  /** Reads all examples of a file written by {@link #write}, verifying CRCs. */
  public static List<TokenizedExample> read(Path file) throws IOException {
    List<byte[]> raw = new ArrayList<>();
    forEachRecord(file, raw::add);
    List<TokenizedExample> out = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      try {
        out.add(fromExampleBytes(raw.get(i)));
      } catch (CorruptRecordException e) {
        throw new CorruptRecordException(file + ": record " + i + ": " + e.getMessage(), e);
      }
    }
    return out;
  }
}
