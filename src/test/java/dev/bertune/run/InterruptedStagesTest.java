package dev.bertune.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.testing.Captured;
import dev.bertune.testing.ChildJvm;
import dev.bertune.testing.TinyRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (what Ctrl-C and {@code kill} do to a JVM outside the training loop) during frozen feature extraction and
 * during export: the child says what it was doing and what to do next, and leaves no hidden temporary folder.
 * The child holds each stage open ({@link InterruptibleStage#HOLD_PROPERTY}) until the signal, so the signal lands
 * inside it however fast the tiny model is.
 */
class InterruptedStagesTest {
  @TempDir static Path dir;
  static TinyRun tiny;

  @BeforeAll
  static void setUp() throws IOException {
    tiny = TinyRun.create(dir);
  }

  static List<String> train(String runId) {
    List<String> args = new ArrayList<>(List.of("train"));
    List<String> sets = tiny.overrides();
    sets.addAll(List.of("train.mode=frozen", "train.epochs=1", "run.id=" + runId, "export.name=" + runId,
        "data.cache-dir=\"" + dir.resolve("cache-" + runId) + "\""));
    sets.forEach(s -> {
      args.add("--set");
      args.add(s);
    });
    return args;
  }

  /** Starts {@code train}, waits for {@code marker} in its output, sends SIGTERM and returns what it printed. */
  static String terminateAt(String runId, String stage, String marker) throws Exception {
    ChildJvm.Running child = ChildJvm.start(dir, List.of("-D" + InterruptibleStage.HOLD_PROPERTY + "=" + stage),
        train(runId));
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!child.output().contains(marker)) {
        assertTrue(child.process().isAlive(), "the child ended before '" + marker + "': " + child.output());
        assertTrue(System.nanoTime() < deadline, "no '" + marker + "' in " + child.output());
        Thread.sleep(20);
      }
      child.process().destroy(); // SIGTERM
      assertTrue(child.process().waitFor(60, TimeUnit.SECONDS), "the child did not exit: " + child.output());
      assertEquals(143, child.process().exitValue(), child.output()); // 128 + SIGTERM
      return child.output();
    } finally {
      child.process().destroyForcibly();
    }
  }

  static List<String> names(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }

  @Test
  void sigtermDuringExportExportsNothingAndTheRunResumes() throws Exception {
    String out = terminateAt("stopped-export", "export", "exporting to");
    Path runDir = dir.resolve("runs").resolve("stopped-export");
    assertTrue(out.contains("interrupted during export: nothing was exported; the run can be resumed with java -jar"
        + " target/bertune.jar train --resume " + runDir), out);
    assertFalse(out.contains("\tat "), out);
    Path base = dir.resolve("export").resolve("stopped-export");
    assertEquals(List.of(), names(base), "no version, no hidden .export-* folder or owner record");

    Captured resumed = Captured.run("train", "--resume", runDir.toString());
    assertEquals(0, resumed.status(), resumed.err() + resumed.out());
    assertEquals(List.of("1"), names(base));
  }

  @Test
  void sigtermDuringFeatureExtractionSaysSoAndCachesNothingHalfDone() throws Exception {
    String out = terminateAt("stopped-features", "feature extraction", "train features: computing");
    assertTrue(out.contains("interrupted during feature extraction: the features of the parts not yet done were"
        + " not cached; no checkpoint was written yet"), out);
    assertFalse(out.contains("\tat "), out);
    Path features = dir.resolve("cache-stopped-features").resolve("features");
    assertTrue(names(features).stream().noneMatch(n -> n.endsWith(".features") || n.endsWith(".tmp")),
        names(features).toString());
    assertEquals(List.of(), names(dir.resolve("export").resolve("stopped-features")));
  }
}
