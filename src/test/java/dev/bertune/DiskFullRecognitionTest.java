package dev.bertune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@link DiskFull} recognises ENOSPC in a failure's chain and words the line (no full disk needed). */
class DiskFullRecognitionTest {
  @TempDir Path dir;

  private static IOException enospc() {
    return new IOException("No space left on device");
  }

  @Test
  void findsEnospcAnywhereInTheChain() {
    assertTrue(DiskFull.causedBy(enospc()));
    assertTrue(DiskFull.causedBy(new BertuneException("export failed", new UncheckedIOException(enospc()))));
    RuntimeException suppressing = new RuntimeException("closing failed");
    suppressing.addSuppressed(enospc());
    assertTrue(DiskFull.causedBy(suppressing));
    assertTrue(DiskFull.causedBy(new RuntimeException("/x/ckpt.tempstate1; No space left on device\n [[node save]]")));
    assertFalse(DiskFull.causedBy(new IOException("Permission denied")));
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b); // a cycle ends the walk
    assertFalse(DiskFull.causedBy(a));
  }

  @Test
  void namesWhatWhereAndTheFreeSpace() {
    DiskFull.Writing writing = new DiskFull.Writing("the export", dir.resolve("not-yet").resolve("there"),
        () -> "point export.dir elsewhere");
    DiskFull full = assertThrows(DiskFull.class, () -> DiskFull.whileWriting(writing, () -> {
      throw new BertuneException("export to x failed", enospc());
    }));
    assertTrue(full.getMessage().matches("disk full while writing the export in " + dir.resolve("not-yet")
        .resolve("there") + " \\(\\d+(\\.\\d)? (bytes|KB|MB|GB) free there\\); point export.dir elsewhere"),
        full.getMessage());
  }

  @Test
  void otherFailuresAndCloserNamesPassUnchanged() {
    DiskFull.Writing outer = new DiskFull.Writing("the run directory", dir, () -> "resume");
    IOException denied = new IOException("Permission denied");
    assertSame(denied, assertThrows(IOException.class, () -> DiskFull.whileWriting(outer, () -> {
      throw denied;
    })));
    DiskFull inner = assertThrows(DiskFull.class, () -> DiskFull.whileWriting(
        new DiskFull.Writing("checkpoint 'last'", dir, () -> "resume"), () -> {
          throw enospc();
        }));
    assertSame(inner, assertThrows(DiskFull.class, () -> DiskFull.whileWriting(outer, () -> {
      throw inner;
    })));
    assertEquals("done", assertDoesNotThrow(outer));
  }

  private static String assertDoesNotThrow(DiskFull.Writing writing) {
    try {
      return DiskFull.whileWriting(writing, () -> "done");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void anUnnamedFullDiskNamesTheFileItsFailureNames() {
    Path file = dir.resolve("scored.parquet");
    DiskFull full = DiskFull.unnamed(new RuntimeException(new FileSystemException(file.toString(), null,
        "No space left on device"))).orElseThrow();
    assertTrue(full.getMessage().startsWith("disk full (No space left on device) while writing " + file + " ("),
        full.getMessage());
    assertTrue(full.getMessage().endsWith("free there); free some space and run the command again"));
    assertEquals("disk full (No space left on device); free some space and run the command again",
        DiskFull.unnamed(enospc()).orElseThrow().getMessage());
    assertTrue(DiskFull.unnamed(new IOException("Permission denied")).isEmpty());
  }

  @Test
  void freeSpaceInDecimalUnits() {
    assertEquals("0 bytes", DiskFull.describeBytes(0));
    assertEquals("740 bytes", DiskFull.describeBytes(740));
    assertEquals("12 KB", DiskFull.describeBytes(12_288));
    assertEquals("3.4 MB", DiskFull.describeBytes(3_400_000));
    assertEquals("1.2 GB", DiskFull.describeBytes(1_200_000_000));
  }
}
