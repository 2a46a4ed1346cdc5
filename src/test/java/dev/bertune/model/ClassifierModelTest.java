package dev.bertune.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.config.BertuneConfig;
import dev.bertune.config.ConfigLoader;
import dev.bertune.data.DataOptions;
import dev.bertune.data.DataSource;
import dev.bertune.data.ReviewReader;
import dev.bertune.pipeline.Batch;
import dev.bertune.pipeline.TokenizedExample;
import dev.bertune.run.PreparedData;
import dev.bertune.run.SessionConfigs;
import dev.bertune.testing.TinyBert;
import dev.bertune.testing.TinyRun;
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
      return PreparedData.tokenize(tok, ReviewReader.read(DataSource.of(tiny.train), DataOptions.defaults()).reviews());
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
        PretrainedBert.load(cfg.model(), SessionConfigs.of(cfg.runtime())), cfg)) {
      assertEquals(2, model.trainableVariables().size(), "frozen: head kernel and bias only");
      Map<String, float[]> encoderBefore = values(model, model.encoderVariables());
      Map<String, float[]> headBefore = values(model, model.head().variables());
      try (Batch batch = Batch.of(examples(cfg, model.bert()).subList(0, 8))) {
        for (int i = 0; i < 3; i++) {
          model.trainStep(batch, 1e-2, 1e-2);
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
  void fullModeTrainsEveryEncoderWeightIncludingWordEmbeddings() {
    BertuneConfig cfg = config("train.mode=full");
    try (ClassifierModel model = ClassifierModel.build(
        PretrainedBert.load(cfg.model(), SessionConfigs.of(cfg.runtime())), cfg)) {
      assertEquals(2 + 7, model.trainableVariables().size());
      Map<String, float[]> before = values(model, model.encoderVariables());
      try (Batch batch = Batch.of(examples(cfg, model.bert()).subList(0, 8))) {
        model.trainStep(batch, 1e-2, 1e-2);
      }
      Map<String, float[]> after = values(model, model.encoderVariables());
      before.forEach((name, v) -> assertFalse(java.util.Arrays.equals(v, after.get(name)), name + " did not train"));
    }
  }

  @Test
  void lossFallsOnSeparableReviews() {
    BertuneConfig cfg = config("train.mode=full", "train.clip-norm=0");
    try (ClassifierModel model = ClassifierModel.build(
        PretrainedBert.load(cfg.model(), SessionConfigs.of(cfg.runtime())), cfg)) {
      List<TokenizedExample> all = examples(cfg, model.bert());
      try (Batch batch = Batch.of(all.subList(0, 32))) {
        float first = model.trainStep(batch, 5e-3, 5e-2).loss();
        float last = first;
        for (int i = 0; i < 60; i++) {
          last = model.trainStep(batch, 5e-3, 5e-2).loss();
        }
        assertTrue(last < 0.5f * first, "loss " + first + " -> " + last);
      }
    }
  }

  @Test
  void predictionsDoNotDependOnPadding() {
    BertuneConfig cfg = config("train.mode=frozen");
    try (ClassifierModel model = ClassifierModel.build(
        PretrainedBert.load(cfg.model(), SessionConfigs.of(cfg.runtime())), cfg)) {
      List<TokenizedExample> all = examples(cfg, model.bert());
      TokenizedExample shortOne = all.stream().min(java.util.Comparator.comparingInt(TokenizedExample::length)).get();
      TokenizedExample longOne = all.stream().max(java.util.Comparator.comparingInt(TokenizedExample::length)).get();
      assertTrue(longOne.length() > shortOne.length());
      float alone;
      try (Batch b = Batch.of(List.of(shortOne))) {
        alone = model.predict(b, false).probabilities()[0];
      }
      try (Batch b = Batch.of(List.of(shortOne, longOne))) {
        assertEquals(alone, model.predict(b, false).probabilities()[0], 1e-6f);
      }
    }
  }
}
