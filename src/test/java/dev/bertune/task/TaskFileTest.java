package dev.bertune.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.BertuneException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An export's task.json and labels.txt, written and read back. */
class TaskFileTest {
  @TempDir Path dir;

  private Task roundTrip(Task task) throws Exception {
    Path extra = Files.createDirectories(dir.resolve("assets.extra"));
    Files.writeString(extra.resolve(TaskFile.NAME), TaskFile.json(task));
    Files.writeString(extra.resolve(TaskFile.LABELS), TaskFile.labels(task));
    return TaskFile.read(dir);
  }

  @Test
  void everyTaskReadsBackWithItsLabelsThresholdsAndProbabilityOp() throws Exception {
    MultiLabelTask ml = new MultiLabelTask(List.of("acting", "music"), new float[] {2, 1}, new double[] {0.35, 0.6});
    Task back = roundTrip(ml);
    assertInstanceOf(MultiLabelTask.class, back);
    assertEquals(ml.labels(), back.labels());
    assertArrayEquals(new double[] {0.35, 0.6}, back.thresholds());
    assertEquals("acting\nmusic\n", Files.readString(dir.resolve("assets.extra/labels.txt")));

    MultiClassTask mc = new MultiClassTask(List.of("b", "a", "c"), LossFunction.SIGMOID, new float[] {1, 1, 1}, 2);
    MultiClassTask mcBack = assertInstanceOf(MultiClassTask.class, roundTrip(mc));
    assertEquals(List.of("b", "a", "c"), mcBack.labels(), "output order kept, not re-sorted");
    assertEquals(LossFunction.SIGMOID, mcBack.loss());
    assertEquals(2, mcBack.topK(), "evaluate reports the top-k accuracy the run used");

    BinaryTask b = new BinaryTask(List.of("ham", "spam"), 0.7, 1f, new float[] {1, 1});
    BinaryTask bBack = assertInstanceOf(BinaryTask.class, roundTrip(b));
    assertEquals("spam", bBack.positiveLabel());
    assertEquals(0.7, bBack.threshold());
  }

  @Test
  void anExportWithoutTaskJsonIsTheSentimentClassifierOfBefore() {
    assertEquals(BinaryTask.sentimentTask(), TaskFile.read(dir));
  }

  @Test
  void aDamagedTaskJsonIsAClearError() throws Exception {
    Files.createDirectories(dir.resolve("assets.extra"));
    Files.writeString(dir.resolve("assets.extra/task.json"), "{\"type\": \"multi-colour\"}");
    BertuneException e = assertThrows(BertuneException.class, () -> TaskFile.read(dir));
    assertTrue(e.getMessage().contains("task.json is invalid"), e.getMessage());
  }
}
