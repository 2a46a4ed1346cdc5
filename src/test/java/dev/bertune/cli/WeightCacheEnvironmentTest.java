package dev.bertune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.model.OneDnnWeightCache;
import dev.bertune.testing.ChildJvm;
import dev.bertune.testing.TinyBert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under {@code TF_ONEDNN_ASSUME_FROZEN_WEIGHTS=1} (which TensorFlow reads once per process, so the test runs {@code
 * Main} in child JVMs), training stops before any work with one line naming the variable and exit status 2, while
 * work that changes no weight runs.
 */
class WeightCacheEnvironmentTest {
  @TempDir Path dir;

  @Test
  void trainingIsRefusedAndInferenceRuns() throws Exception {
    Path model = TinyBert.write(dir.resolve("tiny"), 5);
    List<String> bench = List.of("bench", "--model", model.toString(), "--batch", "2", "--seq", "8", "--steps", "1",
        "--warmup", "1", "--json", "--modes");

    for (String modes : List.of("forward,full", "frozen")) { // a frozen encoder's head trains too
      ChildJvm.Result training = runMain(concat(bench, modes));
      assertEquals(2, training.status(), modes + ": " + training.output());
      assertTrue(training.output().contains("TF_ONEDNN_ASSUME_FROZEN_WEIGHTS=1 is set"), training.output());
      assertFalse(training.output().contains("\tat "), "no stack trace: " + training.output());
      assertFalse(training.output().contains("\"mode\""), "refused before measuring: " + training.output());
    }

    Path runs = dir.resolve("runs");
    ChildJvm.Result train = runMain(List.of("train", "--set", "model.dir=\"" + model + "\"", "--set", "train.mode=frozen",
        "--set", "run.dir=\"" + runs + "\"", "--set", "data.cache-dir=\"" + dir.resolve("cache") + "\""));
    assertEquals(2, train.status(), train.output());
    assertTrue(train.output().contains("TF_ONEDNN_ASSUME_FROZEN_WEIGHTS=1 is set"), train.output());
    assertFalse(Files.exists(runs), "no run directory for a refused run");

    ChildJvm.Result forward = runMain(concat(bench, "forward"));
    assertEquals(0, forward.status(), forward.output());
    assertTrue(forward.output().contains("\"mode\":\"forward\""), forward.output());

    // a value TensorFlow cannot read would abort the process (SIGABRT) at the first product: refused up front
    ChildJvm.Result unreadable = ChildJvm.runMain(dir, List.of(), Map.of(OneDnnWeightCache.VARIABLE, "yes"),
        concat(bench, "forward"));
    assertEquals(2, unreadable.status(), unreadable.output());
    assertTrue(unreadable.output().contains("accepted: 0, 1, true, false"), unreadable.output());
  }

  private static List<String> concat(List<String> args, String last) {
    List<String> all = new ArrayList<>(args);
    all.add(last);
    return all;
  }

  private ChildJvm.Result runMain(List<String> args) throws Exception {
    return ChildJvm.runMain(dir, List.of(), Map.of(OneDnnWeightCache.VARIABLE, "1"), args);
  }
}
