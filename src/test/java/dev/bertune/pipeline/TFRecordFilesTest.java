package dev.bertune.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Example;

class TFRecordFilesTest {

  @TempDir Path dir;

  @Test
  void roundTripKeepsOrderAndContent() throws IOException {
    List<TokenizedExample> exs = TestData.mixed(12);
    Path f = dir.resolve("x.tfrecord");
    long bytes = TFRecordFiles.write(f, exs);
    assertEquals(Files.size(f), bytes);
    assertEquals(exs, TFRecordFiles.read(f));
    assertEquals(12, TFRecordFiles.verify(f));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(f), s.toList(), "no temp file may be left behind");
    }
  }

  @Test
  void writesBertRunClassifierFeaturesWithTfRecordFraming() throws IOException {
    TokenizedExample ex = TestData.example(7, 5);
    Path f = dir.resolve("one.tfrecord");
    TFRecordFiles.write(f, List.of(ex));
    byte[] all = Files.readAllBytes(f);
    ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    int len = (int) bb.getLong(0);
    assertEquals(all.length, 16 + len);
    assertEquals(TFRecordFiles.maskedCrc32c(all, 0, 8), bb.getInt(8));
    assertEquals(TFRecordFiles.maskedCrc32c(all, 12, len), bb.getInt(12 + len));
    var map = Example.parseFrom(Arrays.copyOfRange(all, 12, 12 + len)).getFeatures().getFeatureMap();
    assertEquals(List.of(101L, 1007L, 2000L + (7 * 31 + 14) % 5000, 2000L + (7 * 31 + 21) % 5000, 102L),
        map.get("input_ids").getInt64List().getValueList());
    assertEquals(List.of(1L, 1L, 1L, 1L, 1L), map.get("input_mask").getInt64List().getValueList());
    assertEquals(List.of(0L, 0L, 1L, 1L, 1L), map.get("segment_ids").getInt64List().getValueList());
    assertEquals(List.of(0L, 0L), map.get("label").getInt64List().getValueList(), "the label vector, K = 2");
    TFRecordFiles.write(f, List.of(TestData.example(6, 5))); // 6: divisible by 3 and by 2
    byte[] six = Files.readAllBytes(f);
    int len6 = (int) ByteBuffer.wrap(six).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    assertEquals(List.of(1L, 1L), Example.parseFrom(Arrays.copyOfRange(six, 12, 12 + len6)).getFeatures()
        .getFeatureMap().get("label").getInt64List().getValueList());
  }

  @Test
  void emptyFileHasNoRecords() throws IOException {
    Path f = dir.resolve("empty.tfrecord");
    TFRecordFiles.write(f, List.of());
    assertEquals(0, Files.size(f));
    assertEquals(List.of(), TFRecordFiles.read(f));
  }

  @Test
  void flippedDataByteIsDetected() throws IOException {
    Path f = dir.resolve("x.tfrecord");
    TFRecordFiles.write(f, TestData.mixed(5));
    byte[] b = Files.readAllBytes(f);
    b[b.length / 2] ^= 0x10;
    Files.write(f, b);
    var e = assertThrows(TFRecordFiles.CorruptRecordException.class, () -> TFRecordFiles.verify(f));
    assertTrue(e.getMessage().contains("CRC"), e.getMessage());
  }

  @Test
  void flippedLengthByteIsDetected() throws IOException {
    Path f = dir.resolve("x.tfrecord");
    TFRecordFiles.write(f, TestData.mixed(3));
    byte[] b = Files.readAllBytes(f);
    b[0] ^= 0x01;
    Files.write(f, b);
    var e = assertThrows(TFRecordFiles.CorruptRecordException.class, () -> TFRecordFiles.read(f));
    assertTrue(e.getMessage().contains("length CRC"), e.getMessage());
  }

  @Test
  void truncationIsDetectedAtEveryCut() throws IOException {
    Path f = dir.resolve("x.tfrecord");
    TFRecordFiles.write(f, TestData.mixed(3));
    byte[] b = Files.readAllBytes(f);
    int first = (int) ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0) + 16;
    // cut inside the 2nd record's header, its data, and its footer
    for (int cut : new int[] {first + 5, first + 20, b.length - 1}) {
      Path g = dir.resolve("cut" + cut + ".tfrecord");
      Files.write(g, Arrays.copyOf(b, cut));
      var e = assertThrows(TFRecordFiles.CorruptRecordException.class, () -> TFRecordFiles.verify(g));
      assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
  }

  @Test
  void tokenizedExampleValidatesAndComparesByContent() {
    assertThrows(IllegalArgumentException.class, () -> new TokenizedExample(new int[] {1, 2}, new int[] {0}, new float[] {0}));
    assertThrows(IllegalArgumentException.class, () -> new TokenizedExample(new int[] {1}, new int[] {0}, new float[] {2}));
    int[] ids = {101, 5, 102};
    TokenizedExample a = new TokenizedExample(ids, new int[3], new float[] {0, 1, 1});
    ids[1] = 6; // defensive copy: the record must not change
    assertArrayEquals(new int[] {101, 5, 102}, a.inputIds());
    assertEquals(a, new TokenizedExample(new int[] {101, 5, 102}, new int[3], new float[] {0, 1, 1}));
    assertNotEquals(a, new TokenizedExample(new int[] {101, 5, 102}, new int[3], new float[] {1, 1, 0}));
  }
}
