package dev.bertune.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.data.InvalidDataException;
import dev.bertune.data.OnInvalid;
import dev.bertune.data.Review;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Label vectors under each task, and the errors of labels a task does not accept. */
class TargetsTest {
  private static final MultiClassTask GENRES = new MultiClassTask(List.of("comedy", "drama", "horror"),
      LossFunction.SOFTMAX, new float[] {1, 1, 1}, 2);
  private static final MultiLabelTask TAGS = new MultiLabelTask(List.of("acting", "music", "story"),
      new float[] {1, 1, 1}, new double[] {0.5, 0.5, 0.5});

  @Test
  void oneHotAndMultiHotVectors() {
    assertArrayEquals(new float[] {0, 1, 0}, GENRES.target(List.of("drama")).orElseThrow());
    assertArrayEquals(new float[] {1, 0, 1}, TAGS.target(List.of("story", "acting")).orElseThrow());
    assertArrayEquals(new float[] {0, 0, 0}, TAGS.target(List.of()).orElseThrow());
  }

  @Test
  void unseenLabelsFailAtOnceNamingThemAndTheFirstPlace() {
    List<Review> test = List.of(Review.of("a", "drama", "test.tsv", 2), Review.of("b", "western", "test.tsv", 3),
        Review.of("c", "musical", "test.tsv", 4), Review.of("d", "western", "test.tsv", 5));
    InvalidDataException e = assertThrows(InvalidDataException.class,
        () -> Targets.encode(GENRES, test, OnInvalid.FAIL, "test"));
    assertTrue(e.getMessage().startsWith("test.tsv:3: test labels musical, western not among the task's labels"
        + " (comedy, drama, horror)"), e.getMessage());
    Targets.Encoded skipped = Targets.encode(GENRES, test, OnInvalid.SKIP, "test");
    assertEquals(1, skipped.reviews().size());
    assertEquals(3, skipped.skipped());
    assertTrue(skipped.skippedSummary().contains("test.tsv:3: unknown label 'western'"), skipped.skippedSummary());
  }

  @Test
  void aMultiLabelValueInAMultiClassFileIsAnErrorAtItsLine() {
    List<Review> train = List.of(Review.of("a", "drama", "t.tsv", 2),
        new Review("b", List.of("drama", "horror"), true, "t.tsv", 3));
    InvalidDataException e = assertThrows(InvalidDataException.class,
        () -> Targets.encode(GENRES, train, OnInvalid.FAIL, "train"));
    assertTrue(e.getMessage().startsWith("t.tsv:3: several labels (drama, horror) in a multi-class task"),
        e.getMessage());
    assertTrue(e.getMessage().contains("task.type = multi-label"), e.getMessage());
  }

  @Test
  void anEmptyLabelIsAnErrorForSingleLabelTasks() {
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> Targets.encode(
        BinaryTask.sentimentTask(), List.of(new Review("x", List.of(), false, "t.tsv", 7)), OnInvalid.FAIL, "train"));
    assertTrue(e.getMessage().startsWith("t.tsv:7: no label"), e.getMessage());
  }
}
