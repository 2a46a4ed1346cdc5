package dev.bertune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only the temporary folders whose writer is gone are removed; a live process's stay. */
class TemporaryFoldersTest {
  @TempDir Path dir;

  @Test
  void removesTheFoldersOfDeadOwnersOnly() throws Exception {
    Instant runStart = Instant.now();
    Path live = TemporaryFolders.create(dir, ".export-");
    Path dead = folderOwnedBy(".export-dead", deadPid() + " " + Instant.now().minusSeconds(60));
    Path reused = folderOwnedBy(".export-reused", // this process's pid, recorded for a process started earlier
        ProcessHandle.current().pid() + " " + Instant.parse("2001-01-01T00:00:00Z"));
    Path oldUnowned = Files.createDirectory(dir.resolve(".export-old"));
    Files.setLastModifiedTime(oldUnowned, FileTime.from(runStart.minus(Duration.ofHours(1))));
    Path newUnowned = Files.createDirectory(dir.resolve(".export-new"));
    Files.setLastModifiedTime(newUnowned, FileTime.from(runStart.plusSeconds(5)));
    Path orphanRecord = Files.writeString(dir.resolve(".export-gone.owner"), deadPid() + " x");
    Path other = Files.createDirectory(dir.resolve("1"));
    Files.setLastModifiedTime(other, FileTime.from(runStart.minus(Duration.ofHours(1))));

    List<Path> removed = TemporaryFolders.removeStale(dir, n -> n.startsWith(".export-"), runStart);

    assertEquals(Set.of(dead, reused, oldUnowned), Set.copyOf(removed));
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(Set.of(live, TemporaryFolders.ownerRecordOf(live), newUnowned, other), Set.copyOf(left.toList()));
    }
    assertFalse(Files.exists(orphanRecord));
  }

  @Test
  void releaseRemovesTheFolderAndItsRecord() throws Exception {
    Path folder = TemporaryFolders.create(dir, ".last-");
    Files.writeString(folder.resolve("ckpt.index"), "x");
    assertTrue(Files.exists(TemporaryFolders.ownerRecordOf(folder)));
    TemporaryFolders.release(folder);
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(), left.toList());
    }
  }

  private Path folderOwnedBy(String name, String owner) throws Exception {
    Path folder = Files.createDirectory(dir.resolve(name));
    Files.writeString(TemporaryFolders.ownerRecordOf(folder), owner);
    return folder;
  }

  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }
}
