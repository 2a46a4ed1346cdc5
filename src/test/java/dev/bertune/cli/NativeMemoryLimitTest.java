package dev.bertune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
 * A JVM with a small heap still runs TensorFlow: JavaCPP's default cap on native memory (twice the heap) would
 * stop it, and {@code Main} lifts it. Runs {@code bench} on the tiny BERT in a child JVM with {@code -Xmx64m}: a
 * cap of 128 MB, below what TensorFlow's libraries alone occupy.
 */
class NativeMemoryLimitTest {
  @TempDir Path dir;

  @Test
  void smallHeapJvmRunsTensorFlowThroughMain() throws Exception {
    Path model = TinyBert.write(dir.resolve("tiny"), 5);
    List<String> bench = List.of("bench", "--model", model.toString(), "--modes", "forward", "--batch", "2",
        "--seq", "8", "--steps", "1", "--warmup", "1", "--json");
    Result lifted = runMain(List.of(), bench);
    assertEquals(0, lifted.status(), lifted.output());
    assertTrue(lifted.output().contains("\"mode\""), lifted.output());

    // the same child JVM with JavaCPP's own default (2 x heap) fails: the test can fail if the fix goes
    Result capped = runMain(List.of("-Dorg.bytedeco.javacpp.maxPhysicalBytes=128m"), bench);
    assertNotEquals(0, capped.status(), capped.output());
    assertTrue(capped.output().contains("Physical memory usage is too high"), capped.output());
  }

  private record Result(int status, String output) {}

  private Result runMain(List<String> jvmOptions, List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx64m");
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(args);
    Path log = Files.createTempFile(dir, "child", ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("child JVM did not finish: " + Files.readString(log, StandardCharsets.UTF_8));
    }
    return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
