package dev.bertune.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.config.BertuneConfig;
import dev.bertune.config.ConfigLoader;
import dev.bertune.data.DataOptions;
import dev.bertune.data.DataSource;
import dev.bertune.data.Review;
import dev.bertune.data.ReviewReader;
import dev.bertune.pipeline.Batch;
import dev.bertune.pipeline.TokenizedExample;
import dev.bertune.run.PreparedData;
import dev.bertune.run.SessionConfigs;
import dev.bertune.task.LossFunction;
import dev.bertune.task.MultiClassTask;
import dev.bertune.task.MultiLabelTask;
import dev.bertune.task.Task;
import dev.bertune.task.TaskResolver;
import dev.bertune.task.TaskSettings;
import dev.bertune.testing.TinyBert;
import dev.bertune.testing.TinyRun;
import dev.bertune.text.TextWindows;
import dev.bertune.text.WordPieceTokenizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every task's head and loss in the tiny BERT's graph: width K, learning, and a frozen encoder left untouched. */
class TaskHeadsTest {
  @TempDir static Path dir;
  static TinyRun tiny;
  static Path classes;
  static Path tags;

  @BeforeAll
  static void createData() throws Exception {
    tiny = TinyRun.create(dir);
    classes = TinyRun.writeMultiClass(dir.resolve("classes.tsv"), 48, 1);
    tags = TinyRun.writeMultiLabel(dir.resolve("tags.tsv"), 48, 2);
  }

  static Stream<Arguments> tasks() {
    return Stream.of(
        Arguments.of("binary", "train"),
        Arguments.of("multi-class softmax", "classes"),
        Arguments.of("multi-class sigmoid", "classes"),
        Arguments.of("multi-label", "tags"));
  }

  private static List<Review> reviews(String file) {
    return ReviewReader.read(DataSource.of(data(file)),
        DataOptions.defaults().withColumns("text", file.equals("tags") ? "labels" : "label")).reviews();
  }

  private static Path data(String name) {
    return switch (name) {
      case "train" -> tiny.train;
      case "classes" -> classes;
      default -> tags;
    };
  }

  /** The task of the data, with the loss the case names. */
  private static Task task(String name, List<Review> reviews) {
    Task t = TaskResolver.resolve(TaskSettings.defaults(), reviews).task();
    if (name.equals("multi-class sigmoid")) {
      return new MultiClassTask(t.labels(), LossFunction.SIGMOID, new float[] {1, 1, 1}, 2);
    }
    return t;
  }

  private static BertuneConfig config(String mode) {
    List<String> overrides = tiny.overrides();
    overrides.addAll(List.of("train.mode=" + mode, "train.clip-norm=0"));
    return ConfigLoader.load(Optional.empty(), overrides);
  }

  private static List<TokenizedExample> examples(PretrainedBert bert, BertuneConfig cfg, Task task, List<Review> r) {
    try (WordPieceTokenizer tok = WordPieceTokenizer.create(bert.vocabFile(), bert.lowerCase(),
        cfg.tokenizer().maxLength(), cfg.tokenizer().truncation(), cfg.data().cacheDir())) {
      return PreparedData.tokenize(tok, TextWindows.TRUNCATE, r, r.stream().map(x -> task.target(x.labels()).orElseThrow()).toList());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tasks")
  void theHeadIsKWideAndTheLossFallsInFullMode(String name, String file) {
    BertuneConfig cfg = config("full");
    List<Review> reviews = reviews(file);
    Task task = task(name, reviews);
    try (ClassifierModel model = ClassifierModel.build(
        PretrainedBert.load(cfg.model(), SessionConfigs.of(cfg.runtime())), cfg, task)) {
      Map<String, float[]> head = ClassifierModelTest.values(model, model.head().variables());
      assertEquals(TinyBert.HIDDEN * task.outputs(), head.get("head/kernel").length, "kernel [H, K]");
      assertEquals(task.outputs(), head.get("head/bias").length, "bias [K]");
      try (Batch batch = Batch.of(examples(model.bert(), cfg, task, reviews).subList(0, 32))) {
        ClassifierModel.StepInputs in = new ClassifierModel.StepInputs(5e-3, 5e-2, 0);
        ClassifierModel.StepResult first = model.trainStep(batch, in);
        assertEquals(task.outputs(), first.logits()[0].length, "logits [B, K]");
        float last = first.loss();
        for (int i = 0; i < 60; i++) {
          last = model.trainStep(batch, in).loss();
        }
        assertTrue(last < 0.5f * first.loss(), name + ": loss " + first.loss() + " -> " + last);
        ClassifierModel.Predictions p = model.predict(batch, true);
        assertEquals(task.outputs(), p.probabilities()[0].length);
        assertArrayEquals(task.probabilities(p.logits()[0]), p.probabilities()[0], 1e-5f,
            "the graph's probability op is the task's");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tasks")
  void frozenLeavesTheEncoderBitIdentical(String name, String file) {
    BertuneConfig cfg = config("frozen");
    List<Review> reviews = reviews(file);
    Task task = task(name, reviews);
    try (ClassifierModel model = ClassifierModel.build(
        PretrainedBert.load(cfg.model(), SessionConfigs.of(cfg.runtime())), cfg, task)) {
      Map<String, float[]> before = ClassifierModelTest.values(model, model.encoderVariables());
      try (Batch batch = Batch.of(examples(model.bert(), cfg, task, reviews).subList(0, 16))) {
        for (int i = 0; i < 3; i++) {
          model.trainStep(batch, new ClassifierModel.StepInputs(1e-2, 1e-2, 0));
        }
      }
      Map<String, float[]> after = ClassifierModelTest.values(model, model.encoderVariables());
      before.forEach((v, values) -> assertArrayEquals(values, after.get(v), 0f, v + " changed"));
    }
  }
}
