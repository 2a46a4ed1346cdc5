package dev.bertune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.testing.TinyBert;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
  void encoderTrainingIsRefusedAndInferenceRuns() throws Exception {
    Path model = TinyBert.write(dir.resolve("tiny"), 5);
    List<String> bench = List.of("bench", "--model", model.toString(), "--batch", "2", "--seq", "8", "--steps", "1",
        "--warmup", "1", "--json", "--modes");

    for (String modes : List.of("forward,full", "frozen")) { // a frozen encoder's head trains too
      Result training = runMain(concat(bench, modes));
      assertEquals(2, training.status(), modes + ": " + training.output());
      assertTrue(training.output().contains("TF_ONEDNN_ASSUME_FROZEN_WEIGHTS=1 is set"), training.output());
      assertFalse(training.output().contains("\tat "), "no stack trace: " + training.output());
      assertFalse(training.output().contains("\"mode\""), "refused before measuring: " + training.output());
    }

    Path runs = dir.resolve("runs");
    Result train = runMain(List.of("train", "--set", "model.dir=\"" + model + "\"", "--set", "train.mode=frozen",
        "--set", "run.dir=\"" + runs + "\"", "--set", "data.cache-dir=\"" + dir.resolve("cache") + "\""));
    assertEquals(2, train.status(), train.output());
    assertTrue(train.output().contains("TF_ONEDNN_ASSUME_FROZEN_WEIGHTS=1 is set"), train.output());
    assertFalse(Files.exists(runs), "no run directory for a refused run");

    Result forward = runMain(concat(bench, "forward"));
    assertEquals(0, forward.status(), forward.output());
    assertTrue(forward.output().contains("\"mode\":\"forward\""), forward.output());
  }

  private static List<String> concat(List<String> args, String last) {
    List<String> all = new ArrayList<>(args);
    all.add(last);
    return all;
  }

  private record Result(int status, String output) {}

  private Result runMain(List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(args);
    Path log = Files.createTempFile(dir, "child", ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("TF_ONEDNN_ASSUME_FROZEN_WEIGHTS", "1");
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("child JVM did not finish: " + Files.readString(log, StandardCharsets.UTF_8));
    }
    return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
