package dev.bertune.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.bertune.task.BinaryTask;
import dev.bertune.task.Task;
import dev.bertune.testing.TinyBert;
import dev.bertune.testing.TinyRun;
import dev.bertune.text.TextWindows;
import dev.bertune.text.WordPieceTokenizer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;

/** Import, both fine-tuning modes and learning, on the tiny BERT the tests build. */
class ClassifierModelTest {
  @TempDir static Path dir;
  static TinyRun tiny;

  @BeforeAll
  static void createModel() throws Exception {
    tiny = TinyRun.create(dir);
  }

  static BertuneConfig config(String... extra) {
    List<String> overrides = tiny.overrides();
    overrides.addAll(List.of(extra));
    return ConfigLoader.load(Optional.empty(), overrides);
  }

  static List<TokenizedExample> examples(BertuneConfig cfg, PretrainedBert bert) {
    try (WordPieceTokenizer tok = WordPieceTokenizer.create(bert.vocabFile(), bert.lowerCase(),
        cfg.tokenizer().maxLength(), cfg.tokenizer().truncation(), cfg.data().cacheDir())) {
      List<Review> reviews = ReviewReader.read(DataSource.of(tiny.train), DataOptions.defaults()).reviews();
      Task task = BinaryTask.sentimentTask();
      return PreparedData.tokenize(tok, TextWindows.TRUNCATE, reviews,
          reviews.stream().map(r -> task.target(r.labels()).orElseThrow()).toList());
    }
  }

  static Map<String, float[]> values(ClassifierModel model, List<ResourceVariable> vars) {
    Map<String, float[]> out = new HashMap<>();
    try (TensorMap t = model.readVariables(vars.stream().map(ResourceVariable::opName).toList())) {
      for (ResourceVariable v : vars) {
        Tensor x = t.get(v.opName());
        out.put(v.name(), ClassifierModel.toArray((TFloat32) x));
      }
    }
    return out;
  }

  @Test
  void importFindsSignatureHiddenSizePositionsAndCasing() {
    BertuneConfig cfg = config();
    try (PretrainedBert bert = PretrainedBert.load(cfg.model(), SessionConfigs.of(cfg.runtime()))) {
      BertSignature sig = bert.signature();
      assertEquals(TinyBert.HIDDEN, sig.hiddenSize());
      assertEquals(TinyBert.MAX_POSITIONS, sig.maxPositions());
      assertEquals("input_ids:0", sig.inputIds());
      assertTrue(bert.lowerCase());
    }
  }

  @Test
  void frozenModeTrainsOnlyTheHeadAndLeavesBertBitIdentical() {
    BertuneConfig cfg = config("train.mode=frozen");
    try (ClassifierModel model = ClassifierModel.build(
        PretrainedBert.load(cfg.model(), SessionConfigs.of(cfg.runtime())), cfg, BinaryTask.sentimentTask())) {
      assertEquals(2, model.trainableVariables().size(), "frozen: head kernel and bias only");
      Map<String, float[]> encoderBefore = values(model, model.encoderVariables());
      Map<String, float[]> headBefore = values(model, model.head().variables());
      try (Batch batch = Batch.of(examples(cfg, model.bert()).subList(0, 8))) {
        for (int i = 0; i < 3; i++) {
          model.trainStep(batch, new ClassifierModel.StepInputs(1e-2, 1e-2, 0));
        }
      }
      Map<String, float[]> encoderAfter = values(model, model.encoderVariables());
      assertEquals(7, encoderAfter.size());
      encoderBefore.forEach((name, v) -> assertArrayEquals(v, encoderAfter.get(name), 0f, name + " changed"));
      Map<String, float[]> headAfter = values(model, model.head().variables());
      assertFalse(java.util.Arrays.equals(headBefore.get("head/kernel"), headAfter.get("head/kernel")));
    }
  }

  @Test
  void freedNativeMemoryGoesBackToTheOsAfterEncoderTrainingStepsUnlessSwitchedOff() {
    assertTrue(NativeMemory.trim(), "JavaCPP's malloc_trim wrapper must be reachable on Linux");
    for (String setting : List.of("train.mode=frozen", "train.mode=full", "runtime.trim-native-memory=false")) {
      BertuneConfig cfg = config("train.mode=full", setting);
      try (ClassifierModel model = ClassifierModel.build(
        PretrainedBert.load(cfg.model(), SessionConfigs.of(cfg.runtime())), cfg, BinaryTask.sentimentTask());
          Batch batch = Batch.of(examples(cfg, model.bert()).subList(0, 4))) {
        long before = NativeMemory.trims();
        model.trainStep(batch, new ClassifierModel.StepInputs(1e-3, 1e-3, 0));
        assertEquals(setting.equals("train.mode=full") ? before + 1 : before, NativeMemory.trims(), setting);
      }
    }
  }

  @Test
  void fullModeTrainsEveryEncoderWeightIncludingWordEmbeddings() {
    BertuneConfig cfg = config("train.mode=full");
    try (ClassifierModel model = ClassifierModel.build(
        PretrainedBert.load(cfg.model(), SessionConfigs.of(cfg.runtime())), cfg, BinaryTask.sentimentTask())) {
      assertEquals(2 + 7, model.trainableVariables().size());
      Map<String, float[]> before = values(model, model.encoderVariables());
      try (Batch batch = Batch.of(examples(cfg, model.bert()).subList(0, 8))) {
        model.trainStep(batch, new ClassifierModel.StepInputs(1e-2, 1e-2, 0));
      }
      Map<String, float[]> after = values(model, model.encoderVariables());
      before.forEach((name, v) -> assertFalse(java.util.Arrays.equals(v, after.get(name)), name + " did not train"));
    }
  }

  @Test
  void lossFallsOnSeparableReviews() {
    BertuneConfig cfg = config("train.mode=full", "train.clip-norm=0");
    try (ClassifierModel model = ClassifierModel.build(
        PretrainedBert.load(cfg.model(), SessionConfigs.of(cfg.runtime())), cfg, BinaryTask.sentimentTask())) {
      List<TokenizedExample> all = examples(cfg, model.bert());
      try (Batch batch = Batch.of(all.subList(0, 32))) {
        float first = model.trainStep(batch, new ClassifierModel.StepInputs(5e-3, 5e-2, 0)).loss();
        float last = first;
        for (int i = 0; i < 60; i++) {
          last = model.trainStep(batch, new ClassifierModel.StepInputs(5e-3, 5e-2, 0)).loss();
        }
        assertTrue(last < 0.5f * first, "loss " + first + " -> " + last);
      }
    }
  }

  @Test
  void predictionsDoNotDependOnPadding() {
    BertuneConfig cfg = config("train.mode=frozen");
    try (ClassifierModel model = ClassifierModel.build(
        PretrainedBert.load(cfg.model(), SessionConfigs.of(cfg.runtime())), cfg, BinaryTask.sentimentTask())) {
      List<TokenizedExample> all = examples(cfg, model.bert());
      TokenizedExample shortOne = all.stream().min(java.util.Comparator.comparingInt(TokenizedExample::length)).get();
      TokenizedExample longOne = all.stream().max(java.util.Comparator.comparingInt(TokenizedExample::length)).get();
      assertTrue(longOne.length() > shortOne.length());
      float alone;
      try (Batch b = Batch.of(List.of(shortOne))) {
        alone = model.predict(b, false).probabilities()[0][0];
      }
      try (Batch b = Batch.of(List.of(shortOne, longOne))) {
        assertEquals(alone, model.predict(b, false).probabilities()[0][0], 1e-6f);
      }
    }
  }

  @Test
  void partialModeTrainsOnlyTheTopLayersAndThePooler() {
    BertuneConfig cfg = config("train.mode=partial", "train.trainable-layers=1");
    try (ClassifierModel model = ClassifierModel.build(
        PretrainedBert.load(cfg.model(), SessionConfigs.of(cfg.runtime())), cfg, BinaryTask.sentimentTask())) {
      Map<String, float[]> before = values(model, model.encoderVariables());
      try (Batch batch = Batch.of(examples(cfg, model.bert()).subList(0, 8))) {
        model.trainStep(batch, new ClassifierModel.StepInputs(1e-2, 1e-2, 0));
      }
      Map<String, float[]> after = values(model, model.encoderVariables());
      before.forEach((name, v) -> {
        boolean shouldTrain = name.contains("layer_0/") || name.contains("pooler/");
        assertEquals(shouldTrain, !java.util.Arrays.equals(v, after.get(name)), name);
      });
    }
  }

  @Test
  void accumulatingTwoHalfBatchesEqualsOneFullBatch() {
    String[] common = {"train.mode=full", "train.clip-norm=0", "head.dropout=0"};
    BertuneConfig direct = config(common);
    List<String> acc = new java.util.ArrayList<>(List.of(common));
    acc.add("train.accumulation-steps=2");
    BertuneConfig accumulated = config(acc.toArray(String[]::new));
    Map<String, float[]> expected;
    Map<String, float[]> actual;
    try (ClassifierModel model = ClassifierModel.build(
        PretrainedBert.load(direct.model(), SessionConfigs.of(direct.runtime())), direct, BinaryTask.sentimentTask())) {
      List<TokenizedExample> all = examples(direct, model.bert());
      try (Batch batch = Batch.of(all.subList(0, 8))) {
        model.trainStep(batch, new ClassifierModel.StepInputs(1e-2, 1e-2, 0));
      }
      expected = values(model, model.trainableVariables());
    }
    try (ClassifierModel model = ClassifierModel.build(
        PretrainedBert.load(accumulated.model(), SessionConfigs.of(accumulated.runtime())), accumulated,
        BinaryTask.sentimentTask())) {
      List<TokenizedExample> all = examples(accumulated, model.bert());
      Map<String, float[]> initial = values(model, model.trainableVariables());
      try (Batch first = Batch.of(all.subList(0, 4)); Batch second = Batch.of(all.subList(4, 8))) {
        model.trainStep(first, new ClassifierModel.StepInputs(1e-2, 1e-2, 0));
        assertEquals(1, model.pendingAccumulation());
        assertArrayEquals(initial.get("head/kernel"), values(model, model.head().variables()).get("head/kernel"),
            "no update before the second batch");
        model.trainStep(second, new ClassifierModel.StepInputs(1e-2, 1e-2, 1));
        assertEquals(0, model.pendingAccumulation());
      }
      actual = values(model, model.trainableVariables());
    }
    expected.forEach((name, v) -> assertArrayEquals(v, actual.get(name), 2e-6f, name));
  }

  @Test
  void checkpointRestoresWeightsAndOptimizerState() throws Exception {
    BertuneConfig cfg = config("train.mode=full", "head.dropout=0");
    try (ClassifierModel model = ClassifierModel.build(
        PretrainedBert.load(cfg.model(), SessionConfigs.of(cfg.runtime())), cfg, BinaryTask.sentimentTask())) {
      List<TokenizedExample> all = examples(cfg, model.bert());
      try (Batch batch = Batch.of(all.subList(0, 8))) {
        model.trainStep(batch, new ClassifierModel.StepInputs(1e-2, 1e-2, 0));
        Path prefix = dir.resolve("ckpt-test").resolve("ckpt");
        java.nio.file.Files.createDirectories(prefix.getParent());
        model.saveCheckpoint(prefix);
        Map<String, float[]> saved = values(model, model.stateVariables());
        float nextLoss = model.trainStep(batch, new ClassifierModel.StepInputs(1e-2, 1e-2, 1)).loss();
        assertFalse(java.util.Arrays.equals(saved.get("head/kernel"),
            values(model, model.head().variables()).get("head/kernel")));
        model.restoreCheckpoint(prefix);
        Map<String, float[]> restored = values(model, model.stateVariables());
        saved.forEach((name, v) -> assertArrayEquals(v, restored.get(name), 0f, name));
        assertEquals(nextLoss, model.trainStep(batch, new ClassifierModel.StepInputs(1e-2, 1e-2, 1)).loss(), 0f,
            "the step after a restore repeats exactly");
      }
    }
  }

  @Test
  void layerWiseLearningRateDecay() {
    List<ResourceVariable> vars = List.of(
        new ResourceVariable("bert/embeddings/word_embeddings", null, org.tensorflow.ndarray.Shape.of(4, 2),
            org.tensorflow.proto.DataType.DT_FLOAT),
        new ResourceVariable("bert/encoder/layer_0/attention/self/query/kernel", null,
            org.tensorflow.ndarray.Shape.of(2, 2), org.tensorflow.proto.DataType.DT_FLOAT),
        new ResourceVariable("bert/encoder/layer_1/output/dense/bias", null, org.tensorflow.ndarray.Shape.of(2),
            org.tensorflow.proto.DataType.DT_FLOAT),
        new ResourceVariable("bert/pooler/dense/kernel", null, org.tensorflow.ndarray.Shape.of(2, 2),
            org.tensorflow.proto.DataType.DT_FLOAT));
    EncoderLayers layers = new EncoderLayers(vars);
    assertEquals(2, layers.layerCount());
    assertEquals(Math.pow(0.5, 3), layers.learningRateFactor(vars.get(0), 0.5), 1e-12);
    assertEquals(0.25, layers.learningRateFactor(vars.get(1), 0.5), 1e-12);
    assertEquals(0.5, layers.learningRateFactor(vars.get(2), 0.5), 1e-12);
    assertEquals(1, layers.learningRateFactor(vars.get(3), 0.5), 1e-12);
    assertEquals(1, layers.learningRateFactor(vars.get(0), 1.0), 1e-12);
    assertEquals(List.of(vars.get(2), vars.get(3)),
        layers.trainable(dev.bertune.config.FineTuneMode.PARTIAL, 1));
    assertTrue(vars.get(1).decays() && !vars.get(2).decays(), "decay on kernels, not on biases");
  }
}
