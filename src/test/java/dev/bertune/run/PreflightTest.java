package dev.bertune.run;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.BertuneException;
import dev.bertune.config.BertuneConfig;
import dev.bertune.config.ConfigLoader;
import dev.bertune.testing.Captured;
import dev.bertune.testing.TinyRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train's pre-flight: unwritable folders and full disks are reported before BERT loads, and nothing is written. */
class PreflightTest {
  @TempDir static Path dir;
  static TinyRun tiny;

  @BeforeAll
  static void setUp() throws IOException {
    tiny = TinyRun.create(dir);
  }

  private static Captured train(String... extra) {
    List<String> args = new ArrayList<>(List.of("train"));
    List<String> sets = tiny.overrides();
    sets.addAll(List.of("train.mode=frozen", "train.epochs=1"));
    sets.addAll(List.of(extra));
    sets.forEach(s -> {
      args.add("--set");
      args.add(s);
    });
    return Captured.run("", args);
  }

  @Test
  void exportDirThatIsAFileFailsBeforeBertLoads() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
    long start = System.nanoTime();
    Captured r = train("export.dir=\"" + file + "\"", "run.id=file-export");
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals(2, r.status(), r.err() + r.out());
    assertTrue(r.err().startsWith("error: config key 'export.dir'"), r.err());
    assertTrue(r.err().contains(file + " is a file"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(r.out().contains("model: "), "BERT was loaded: " + r.out());
    assertFalse(Files.exists(dir.resolve("runs").resolve("file-export")), "a run directory was created");
    assertTrue(seconds < 10, "took " + seconds + " s");
  }

  @Test
  void folderUnderAFileIsReported() throws IOException {
    Path file = Files.writeString(dir.resolve("cache-file"), "x");
    Captured r = train("data.cache-dir=\"" + file.resolve("cache") + "\"", "run.id=file-cache");
    assertEquals(2, r.status(), r.err() + r.out());
    assertTrue(r.err().contains("'data.cache-dir'") && r.err().contains("cannot be created"), r.err());
    assertFalse(Files.exists(dir.resolve("runs").resolve("file-cache")));
  }

  /** Root ignores permissions: this case is skipped when the test runs as root (it writes into any folder). */
  @Test
  void readOnlyRunDirIsReported() throws IOException {
    Path readOnly = Files.createDirectory(dir.resolve("read-only"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      Assumptions.assumeFalse(canWrite(readOnly), "running as " + System.getProperty("user.name")
          + ", who writes into read-only folders: nothing to test");
      Captured r = train("run.dir=\"" + readOnly.resolve("runs") + "\"", "run.id=read-only");
      assertEquals(2, r.status(), r.err() + r.out());
      assertTrue(r.err().contains("'run.dir'") && r.err().contains("is not writable"), r.err());
    } finally {
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  private static boolean canWrite(Path folder) {
    try {
      Files.delete(Files.createFile(folder.resolve("probe")));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static BertuneConfig config(String mode, boolean export) {
    List<String> sets = tiny.overrides();
    sets.addAll(List.of("train.mode=" + mode, "export.enabled=" + export));
    return ConfigLoader.load(Optional.empty(), sets);
  }

  @Test
  void needsAnExportAndACheckpointWhenBertTrains() {
    assertEquals(List.of(1100L, 3000L), Preflight.needs(config("full", true), 1000).stream()
        .map(Preflight.Need::bytes).toList());
    assertEquals(List.of(1100L), Preflight.needs(config("frozen", true), 1000).stream()
        .map(Preflight.Need::bytes).toList());
    assertEquals(List.of("run.dir"), Preflight.needs(config("partial", false), 1000).stream()
        .map(Preflight.Need::key).toList());
  }

  /** One file system with {@code free} usable bytes under every folder. */
  private static Preflight.Disk disk(long free) {
    return new Preflight.Disk() {
      @Override
      public Object store(Path existing) {
        return "one disk";
      }

      @Override
      public long usableSpace(Path existing) {
        return free;
      }
    };
  }

  @Test
  void tooLittleSpaceNamesTheFolderWhatIsNeededAndWhatIsFree() throws IOException {
    List<Preflight.Need> needs = Preflight.needs(config("full", true), 440_000_000L);
    BertuneException e = assertThrows(BertuneException.class, () -> Preflight.requireSpace(needs, disk(900_000_000L)));
    assertTrue(e.getMessage().contains("not enough free space"), e.getMessage());
    assertTrue(e.getMessage().contains(dir.resolve("export").toString()), e.getMessage());
    assertTrue(e.getMessage().contains(dir.resolve("runs").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("need ~1,804 MB"), e.getMessage()); // 484 + 1,320, on one disk
    assertTrue(e.getMessage().contains("only 900 MB are free"), e.getMessage());
    assertDoesNotThrow(() -> Preflight.requireSpace(needs, disk(1_900_000_000L)));
  }

  @Test
  void theRealCheckPassesForTheTinyModel() {
    assertDoesNotThrow(() -> Preflight.check(config("full", true)));
  }
}
