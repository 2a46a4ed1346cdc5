package dev.bertune.export;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.proto.BundleEntryProto;
import org.tensorflow.proto.BundleHeaderProto;

/**
 * A SavedModel's {@code variables/variables.index}, read without TensorFlow: TensorFlow's tensor bundle index is a
 * LevelDB-format table (uncompressed) whose key {@code ""} holds the {@link BundleHeaderProto} and every other key
 * a tensor's {@link BundleEntryProto}: its shard, offset and size in {@code variables.data-*}.
 */
record VariableIndex(int shards, Map<String, BundleEntryProto> entries) {
  private static final long MAGIC = 0xdb4775248b80fb57L;
  private static final int FOOTER = 48;
  private static final int TRAILER = 5; // compression type and CRC after each block

  /** The data file of shard {@code i}: {@code variables.data-0000i-of-0000n}. */
  String dataFile(int shard) {
    return String.format("variables.data-%05d-of-%05d", shard, shards);
  }

  /** The bytes shard {@code i} must hold: the end of its last tensor. */
  long bytesNeeded(int shard) {
    return entries.values().stream().filter(e -> e.getShardId() == shard)
        .mapToLong(e -> e.getOffset() + e.getSize()).max().orElse(0);
  }

  /** Reads {@code index}; an {@link IOException} says what is wrong with it. */
  static VariableIndex read(Path index) throws IOException {
    ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(index)).order(ByteOrder.LITTLE_ENDIAN);
    if (file.capacity() < FOOTER || file.getLong(file.capacity() - 8) != MAGIC) {
      throw new IOException(index + " is not a tensor bundle index (truncated, or no table footer)");
    }
    ByteBuffer footer = file.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(file.capacity() - FOOTER);
    varint(footer); // the meta-index block's offset and size: unused
    varint(footer);
    ByteBuffer indexBlock = block(file, varint(footer), varint(footer), index);
    Map<String, BundleEntryProto> entries = new LinkedHashMap<>();
    int shards = 1;
    for (Map.Entry<String, ByteBuffer> handle : entries(indexBlock).entrySet()) {
      ByteBuffer h = handle.getValue();
      for (Map.Entry<String, ByteBuffer> e : entries(block(file, varint(h), varint(h), index)).entrySet()) {
        if (e.getKey().isEmpty()) {
          shards = Math.max(1, BundleHeaderProto.parseFrom(e.getValue()).getNumShards());
        } else {
          entries.put(e.getKey(), parseEntry(e.getValue(), index, e.getKey()));
        }
      }
    }
    return new VariableIndex(shards, entries);
  }

  private static BundleEntryProto parseEntry(ByteBuffer value, Path index, String key) throws IOException {
    try {
      return BundleEntryProto.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new IOException(index + ": the entry of " + key + " does not parse: " + e.getMessage());
    }
  }

  /** The contents of the block at {@code offset}, checked to be inside the file and uncompressed. */
  private static ByteBuffer block(ByteBuffer file, long offset, long size, Path index) throws IOException {
    if (offset < 0 || size < 0 || offset + size + TRAILER > file.capacity()) {
      throw new IOException(index + " is truncated: a block ends past its end");
    }
    if (file.get((int) (offset + size)) != 0) {
      throw new IOException(index + " holds a compressed block, which this check does not read");
    }
    return file.slice((int) offset, (int) size).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** A block's key-value entries: keys prefix-compressed, then the restart offsets and their count. */
  private static Map<String, ByteBuffer> entries(ByteBuffer block) throws IOException {
    int restarts = block.getInt(block.capacity() - 4);
    int end = block.capacity() - 4 - 4 * restarts;
    Map<String, ByteBuffer> out = new LinkedHashMap<>();
    byte[] key = new byte[0];
    ByteBuffer b = block.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(0);
    while (b.position() < end) {
      int shared = (int) varint(b);
      int unshared = (int) varint(b);
      int valueLength = (int) varint(b);
      byte[] next = new byte[shared + unshared];
      System.arraycopy(key, 0, next, 0, shared);
      b.get(next, shared, unshared);
      key = next;
      out.put(new String(key, StandardCharsets.UTF_8), b.slice(b.position(), valueLength));
      b.position(b.position() + valueLength);
    }
    return out;
  }

  private static long varint(ByteBuffer b) throws IOException {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!b.hasRemaining()) {
        throw new IOException("truncated varint");
      }
      byte x = b.get();
      value |= (long) (x & 0x7f) << shift;
      if (x >= 0) {
        return value;
      }
    }
    throw new IOException("malformed varint");
  }
}
