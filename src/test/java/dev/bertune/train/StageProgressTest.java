package dev.bertune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A stage's progress: nothing for a short stage, then a line per tenth with the ETA from the rate so far. */
class StageProgressTest {
  private final AtomicLong now = new AtomicLong();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final StageProgress progress =
      new StageProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, now::get);

  @Test
  void aShortStagePrintsNothing() {
    progress.start("test features", 100);
    for (int done = 10; done <= 100; done += 10) {
      now.addAndGet(100_000_000); // 0.1 s per tenth
      progress.update(done);
    }
    progress.end();
    assertEquals("", output());
  }

  @Test
  void aLongStageShowsDoneTotalAndEta() {
    progress.start("train features", 200);
    for (int done = 20; done <= 200; done += 20) {
      now.addAndGet(1_000_000_000L); // 1 s per 20 examples
      progress.update(done);
    }
    progress.end();
    String[] lines = output().split("\n");
    // silent for 2 s, then one line per tenth: 40 done after 2 s, 160 to go at 20/s
    assertTrue(lines[0].startsWith("train features  40/200 [=====>"), lines[0]);
    assertTrue(lines[0].endsWith("- ETA: 8s"), lines[0]);
    assertTrue(lines[lines.length - 2].endsWith("- ETA: 0s"), output());
    assertEquals("train features 200/200 [==============================] - 10s", lines[lines.length - 1]);
    assertEquals(10, lines.length, output()); // deciles 2..10, then the closing line
  }

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
