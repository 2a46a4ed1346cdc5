package dev.bertune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.testing.ChildJvm;
import dev.bertune.testing.TinyBert;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    ChildJvm.Result lifted = runMain(List.of(), bench);
    assertEquals(0, lifted.status(), lifted.output());
    assertTrue(lifted.output().contains("\"mode\""), lifted.output());

    // the cap does apply to this workload: with one set well below TensorFlow's resident memory, the same run fails
    ChildJvm.Result capped = runMain(List.of("-Dorg.bytedeco.javacpp.maxPhysicalBytes=32m"), bench);
    assertNotEquals(0, capped.status(), capped.output());
    assertTrue(capped.output().contains("Physical memory usage is too high"), capped.output());
  }

  private ChildJvm.Result runMain(List<String> jvmOptions, List<String> args) throws Exception {
    List<String> options = new ArrayList<>(List.of("-Xmx16m"));
    options.addAll(jvmOptions);
    return ChildJvm.runMain(dir, options, Map.of(), args);
  }
}
