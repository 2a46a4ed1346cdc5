package dev.bertune.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.task.TaskResolver;
import dev.bertune.task.TaskSettings;
import dev.bertune.testing.Captured;
import dev.bertune.testing.TinyRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A classifier no better than chance is named as such in the log and report.md; it is exported unless {@code
 * export.require-better-than-chance = true}. Every review has the same text, so every probability is the same.
 */
class ChanceLevelTest {
  @TempDir Path dir;

  @Test
  void aChanceLevelRunWarnsAndExportsOnlyWhenAllowed() throws Exception {
    TinyRun tiny = TinyRun.create(dir);
    sameText(tiny.train, 60);
    sameText(tiny.test, 10);

    Captured warned = train(tiny, "warned", "export.require-better-than-chance=false");
    assertEquals(0, warned.status(), warned.err());
    assertTrue(warned.out().contains("WARNING: validation AUC 0.500 is at chance (within 0.02 of 0.5)"), warned.out());
    assertTrue(warned.out().contains("WARNING: every one of the 10 test predictions is '"), warned.out());
    assertTrue(Files.isDirectory(dir.resolve("export/warned/1")));
    String report = Files.readString(dir.resolve("runs/warned/report.md"));
    assertTrue(report.contains("## Warnings\n\n> **Warning:** validation AUC 0.500 is at chance"), report);

    Captured refused = train(tiny, "refused", "export.require-better-than-chance=true");
    assertEquals(2, refused.status(), refused.out());
    assertTrue(refused.err().startsWith("error: not exported: validation AUC 0.500 is at chance"), refused.err());
    assertEquals(1, refused.err().strip().lines().count(), refused.err());
    assertFalse(Files.exists(dir.resolve("export/refused")));
    assertTrue(Files.readString(dir.resolve("runs/refused/report.md")).contains("## Warnings"));
  }

  @Test
  void aClassifierThatSeparatesDrawsNoWarning() {
    var task = TaskResolver.resolve(TaskSettings.defaults(), List.of(
        dev.bertune.data.Review.of("a", "pos", "t", 2), dev.bertune.data.Review.of("b", "neg", "t", 3))).task();
    float[][] probabilities = {{0.9f}, {0.2f}, {0.8f}, {0.1f}};
    float[][] targets = {{1}, {0}, {1}, {0}};
    var metrics = task.metrics(probabilities, targets, 0.3);
    assertEquals(List.of(), ChanceCheck.warnings(task, Optional.of(metrics), Optional.of(probabilities)));
    float[][] flat = {{0.6f}, {0.6f}, {0.7f}, {0.7f}};
    assertEquals(2, ChanceCheck.warnings(task, Optional.of(task.metrics(flat, new float[][] {{1}, {0}, {1}, {0}},
        0.7)), Optional.of(flat)).size(), "AUC 0.5 and every prediction positive");
  }

  private static void sameText(Path file, int n) throws Exception {
    List<String> lines = new ArrayList<>(List.of("text\tlabel"));
    for (int i = 0; i < n; i++) {
      lines.add("the movie was a film .\t" + (i % 2 == 0 ? "pos" : "neg"));
    }
    Files.write(file, lines);
  }

  private static Captured train(TinyRun tiny, String id, String... extra) {
    List<String> args = new ArrayList<>(List.of("train"));
    List<String> sets = tiny.overrides();
    sets.addAll(List.of("train.mode=frozen", "train.epochs=2", "run.id=" + id, "export.name=" + id));
    sets.addAll(List.of(extra));
    sets.forEach(s -> {
      args.add("--set");
      args.add(s);
    });
    return Captured.run("", args);
  }
}
