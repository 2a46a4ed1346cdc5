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
 * A JVM with a small heap still runs TensorFlow: JavaCPP's default cap on resident memory (the heap limit plus
 * three times the heap limit, so 64 MB for {@code -Xmx16m}) would stop it, and {@code Main} lifts it. Runs {@code
 * bench} on the tiny BERT in a child JVM with {@code -Xmx16m}, whose resident memory with TensorFlow loaded is
 * 75-90 MB here: without the lift, the first run fails.
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

    // the cap does apply to this workload: with one set well below TensorFlow's resident memory, the same run fails
    Result capped = runMain(List.of("-Dorg.bytedeco.javacpp.maxPhysicalBytes=32m"), bench);
    assertNotEquals(0, capped.status(), capped.output());
    assertTrue(capped.output().contains("Physical memory usage is too high"), capped.output());
  }

  private record Result(int status, String output) {}

  private Result runMain(List<String> jvmOptions, List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx16m");
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
