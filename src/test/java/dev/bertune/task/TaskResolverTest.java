package dev.bertune.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.BertuneException;
import dev.bertune.data.Review;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the task is chosen from the config and the training labels. */
class TaskResolverTest {

  private static List<Review> single(String... labels) {
    List<Review> out = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      out.add(Review.of("text " + i, labels[i], "train.tsv", i + 2));
    }
    return out;
  }

  private static TaskResolver.Resolved resolve(TaskSettings s, List<Review> train) {
    return TaskResolver.resolve(s, train);
  }

  @Test
  void sentimentSpellingsGiveTheBinaryTaskOfBefore() {
    TaskResolver.Resolved r = resolve(TaskSettings.defaults(), single("pos", "neg", "1", "0", "positive", "NEG"));
    BinaryTask t = assertInstanceOf(BinaryTask.class, r.task());
    assertEquals(List.of("negative", "positive"), t.labels());
    assertEquals(1, t.outputs());
    assertTrue(r.reason().contains("auto: 2 distinct"), r.reason());
    assertArrayEquals(new float[] {1}, t.target(List.of("pos")).orElseThrow());
    assertArrayEquals(new float[] {0}, t.target(List.of("0")).orElseThrow());
    assertArrayEquals(new float[] {1}, t.target(List.of("Positive")).orElseThrow());
  }

  @Test
  void twoOtherNamesAreBinarySortedWithTheSecondPositive() {
    BinaryTask t = (BinaryTask) resolve(TaskSettings.defaults(), single("spam", "ham", "spam")).task();
    assertEquals(List.of("ham", "spam"), t.labels());
    assertEquals("spam", t.positiveLabel());
    BinaryTask fixed = (BinaryTask) resolve(TaskSettings.defaults().withLabels(List.of("spam", "ham")),
        single("spam", "ham")).task();
    assertEquals("ham", fixed.positiveLabel(), "task.labels fixes the order: the second is positive");
  }

  @Test
  void moreThanTwoIsMultiClassAndListsAreMultiLabel() {
    Task mc = resolve(TaskSettings.defaults(), single("drama", "comedy", "horror", "comedy")).task();
    assertInstanceOf(MultiClassTask.class, mc);
    assertEquals(List.of("comedy", "drama", "horror"), mc.labels());
    assertEquals(3, mc.outputs());
    assertEquals(LossFunction.SOFTMAX, ((MultiClassTask) mc).loss(), "auto loss for multi-class is softmax");

    List<Review> tags = List.of(new Review("a", List.of("music", "acting"), true, "t.tsv", 2),
        new Review("b", List.of(), false, "t.tsv", 3), Review.of("c", "story", "t.tsv", 4));
    TaskResolver.Resolved r = resolve(TaskSettings.defaults(), tags);
    assertInstanceOf(MultiLabelTask.class, r.task());
    assertEquals(List.of("acting", "music", "story"), r.task().labels());
    assertTrue(r.reason().contains("lists") && r.reason().contains("t.tsv:2"), r.reason());
    assertArrayEquals(new float[] {0, 0, 0}, r.task().target(List.of()).orElseThrow(), "the empty set is valid");
  }

  @Test
  void anExplicitTypeWinsOverTheData() {
    Task t = resolve(TaskSettings.defaults().withType(TaskType.MULTI_LABEL), single("a", "b")).task();
    assertInstanceOf(MultiLabelTask.class, t);
    Task two = resolve(TaskSettings.defaults().withType(TaskType.MULTI_CLASS), single("a", "b")).task();
    assertEquals(2, two.outputs(), "a 2-class softmax when asked for");
  }

  @Test
  void aSingleClassIsAnErrorThatSaysSo() {
    BertuneException e = assertThrows(BertuneException.class,
        () -> resolve(TaskSettings.defaults(), single("pos", "pos")));
    assertTrue(e.getMessage().contains("1 distinct label (pos)") && e.getMessage().contains("at least two"),
        e.getMessage());
  }

  @Test
  void binaryWithAThirdLabelNamesTheRarestAndWhereItIs() {
    BertuneException e = assertThrows(BertuneException.class,
        () -> resolve(TaskSettings.defaults().withType(TaskType.BINARY), single("pos", "neg", "pos", "mabye", "neg")));
    assertTrue(e.getMessage().contains("'mabye', first at train.tsv:5"), e.getMessage());
  }

  @Test
  void rareLabelsAreWarnedAbout() {
    TaskResolver.Resolved r = resolve(TaskSettings.defaults(), single("a", "a", "a", "b", "b", "b", "c"));
    assertEquals(1, r.warnings().size());
    assertTrue(r.warnings().get(0).contains("'c' has only 1 training review (first at train.tsv:8)"),
        r.warnings().get(0));
  }

  @Test
  void softmaxIsRefusedOutsideMultiClass() {
    TaskSettings s = new TaskSettings(Optional.empty(), List.of(), LossFunction.SOFTMAX, ClassWeights.NONE,
        LabelWeights.NONE, 0.5, false, 3);
    BertuneException e = assertThrows(BertuneException.class, () -> resolve(s, single("a", "b")));
    assertTrue(e.getMessage().contains("head.loss") && e.getMessage().contains("auto, sigmoid"), e.getMessage());
  }

  @Test
  void balancedClassWeightsFollowTheTrainingCounts() {
    TaskSettings s = new TaskSettings(Optional.empty(), List.of(), LossFunction.AUTO,
        new ClassWeights(ClassWeights.Kind.BALANCED, Map.of()), LabelWeights.NONE, 0.5, false, 3);
    // 6 reviews, 3 classes: a x3, b x2, c x1 -> n / (K n_k) = 6/9, 6/6, 6/3
    MultiClassTask t = (MultiClassTask) resolve(s, single("a", "a", "a", "b", "b", "c")).task();
    assertArrayEquals(new float[] {6f / 9, 1f, 2f}, t.classWeights(), 1e-6f);
    assertTrue(t.lossDescription().contains("class weights a 0.667, b 1.000, c 2.000"), t.lossDescription());
  }

  @Test
  void weightMapsMustNameKnownLabels() {
    TaskSettings s = new TaskSettings(Optional.empty(), List.of(), LossFunction.AUTO, ClassWeights.NONE,
        new LabelWeights(1.0, Map.of("musik", 2.0)), 0.5, false, 3);
    List<Review> tags = List.of(new Review("a", List.of("music", "acting"), true, "t.tsv", 2),
        new Review("b", List.of(), false, "t.tsv", 3));
    BertuneException e = assertThrows(BertuneException.class, () -> resolve(s, tags));
    assertTrue(e.getMessage().contains("head.positive-class-weight") && e.getMessage().contains("musik")
        && e.getMessage().contains("acting, music"), e.getMessage());
    TaskSettings ok = new TaskSettings(Optional.empty(), List.of(), LossFunction.AUTO, ClassWeights.NONE,
        new LabelWeights(1.0, Map.of("music", 2.0)), 0.5, false, 3);
    assertArrayEquals(new float[] {1f, 2f}, ((MultiLabelTask) resolve(ok, tags).task()).positiveWeights());
    TaskSettings wrongKind = new TaskSettings(Optional.empty(), List.of(), LossFunction.AUTO,
        new ClassWeights(ClassWeights.Kind.BALANCED, Map.of()), LabelWeights.NONE, 0.5, false, 3);
    assertTrue(assertThrows(BertuneException.class, () -> resolve(wrongKind, tags)).getMessage()
        .contains("head.positive-class-weight"));
  }

  @Test
  void oneClassInTheTrainingDataIsAnErrorUnlessAllowed() {
    TaskSettings listed = TaskSettings.defaults().withLabels(List.of("negative", "positive"));
    BertuneException e = assertThrows(BertuneException.class, () -> resolve(listed, single("pos", "pos", "1")));
    assertTrue(e.getMessage().startsWith("the training data has only one class, 'positive' (3 reviews)"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("or set task.allow-degenerate-labels = true to train anyway"), e.getMessage());
    TaskSettings allowed = withDegenerateAllowed(listed);
    TaskResolver.Resolved r = resolve(allowed, single("pos", "pos", "1"));
    assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("the training data has only one class")),
        r.warnings().toString());
    Task mc = resolve(TaskSettings.defaults().withLabels(List.of("a", "b", "c")), single("a", "b", "a")).task();
    assertEquals(3, mc.outputs(), "two classes present is enough");
  }

  @Test
  void aMultiLabelLabelThatNeverOrAlwaysOccursIsAnErrorUnlessAllowed() {
    List<Review> tags = List.of(new Review("a", List.of("music", "acting"), true, "t.tsv", 2),
        new Review("b", List.of("music"), false, "t.tsv", 3), new Review("c", List.of(), false, "t.tsv", 4));
    TaskSettings s = TaskSettings.defaults().withType(TaskType.MULTI_LABEL)
        .withLabels(List.of("acting", "music", "story"));
    assertEquals(2, resolve(s.withLabels(List.of("acting", "music")), tags).task().outputs(), "both vary: fine");
    BertuneException never = assertThrows(BertuneException.class, () -> resolve(s, tags));
    assertTrue(never.getMessage().startsWith("no training review has label story"), never.getMessage());
    BertuneException both = assertThrows(BertuneException.class, () -> resolve(s, tags.subList(0, 2)));
    assertTrue(both.getMessage().contains("no training review has label story, and every training review has label"
        + " music"), both.getMessage());
    assertEquals(3, resolve(withDegenerateAllowed(s), tags).task().outputs());
  }

  private static TaskSettings withDegenerateAllowed(TaskSettings s) {
    return new TaskSettings(s.type(), s.labels(), s.loss(), s.classWeights(), s.positiveWeights(), s.threshold(),
        s.tuneThresholds(), s.topK(), true);
  }
}
