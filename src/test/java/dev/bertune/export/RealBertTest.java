package dev.bertune.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.config.BertuneConfig;
import dev.bertune.config.ConfigLoader;
import dev.bertune.inference.TextClassifier;
import dev.bertune.model.ClassifierModel;
import dev.bertune.model.PretrainedBert;
import dev.bertune.model.ResourceVariable;
import dev.bertune.model.TensorMap;
import dev.bertune.pipeline.Batch;
import dev.bertune.pipeline.TokenizedExample;
import dev.bertune.run.SessionConfigs;
import dev.bertune.run.TokenizerSettingsFile;
import dev.bertune.task.BinaryTask;
import dev.bertune.task.MultiLabelTask;
import dev.bertune.task.Prediction;
import dev.bertune.task.Task;
import dev.bertune.task.TaskFile;
import dev.bertune.text.Encoding;
import dev.bertune.text.TextWindows;
import dev.bertune.text.WordPieceTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * The real BERT-base uncased (imported by the build into savedmodel/bert-base-uncased): load, tokenize,
 * forward, one full fine-tuning step, export, reload, same probabilities.
 */
class RealBertTest {
  static final List<String> TRAIN_TEXTS = List.of("The cast is superb and the score soars.", "A muddled plot.",
      "I saw it on a Tuesday.");
  @TempDir Path dir;

  @Test
  void fullFineTuningStepThenExportReloadsWithIdenticalProbabilities() throws Exception {
    Task task = BinaryTask.sentimentTask();
    BertuneConfig cfg = ConfigLoader.load(Optional.empty(), List.of("train.mode=full",
        "data.cache-dir=\"" + dir.resolve("cache") + "\"", "export.dir=\"" + dir.resolve("export") + "\""));
    ConfigProto session = SessionConfigs.of(cfg.runtime());
    PretrainedBert bert = PretrainedBert.load(cfg.model(), session);
    assertEquals(768, bert.signature().hiddenSize());
    assertEquals(512, bert.signature().maxPositions());
    assertTrue(bert.lowerCase());
    try (ClassifierModel model = ClassifierModel.build(bert, cfg, task);
        WordPieceTokenizer tok = WordPieceTokenizer.create(bert.vocabFile(), true, 128,
            cfg.tokenizer().truncation(), cfg.data().cacheDir())) {
      assertArrayEquals(new int[] {101, 1996, 3185, 2001, 2307, 999, 102},
          tok.encode("The movie was great!").inputIds());
      assertEquals(199, model.encoderVariables().size(), "BERT weights on the pooled path");
      assertTrue(model.clsOnlyTopLayer(), "Google's BERT gets the [CLS]-only last layer");
      assertTrue(model.trainableParameterCount() > 109_000_000L);

      List<TokenizedExample> train = examples(tok, List.of("A moving, beautifully acted film.", "Dull and far too long."),
          new float[][] {{1}, {0}});
      String embeddings = model.encoderVariables().stream().map(ResourceVariable::opName)
          .filter(n -> n.endsWith("word_embeddings")).findFirst().orElseThrow();
      float[] before = read(model, embeddings);
      try (Batch batch = Batch.of(train)) {
        float loss = model.trainStep(batch, new ClassifierModel.StepInputs(2e-5, 1e-3, 0)).loss();
        assertTrue(Float.isFinite(loss) && loss > 0, "loss " + loss);
      }
      assertFalse(java.util.Arrays.equals(before, read(model, embeddings)), "word embeddings must train in full mode");

      // dynamic padding: a review alone (T = its length) scores as when padded to 128 beside a long one
      StringBuilder longText = new StringBuilder();
      for (int i = 0; i < 200; i++) {
        longText.append("the plot goes on and on ");
      }
      List<TokenizedExample> pair = examples(tok, List.of("Fine.", longText.toString()), new float[][] {{1}, {0}});
      assertEquals(128, pair.get(1).length());
      try (Batch alone = Batch.of(pair.subList(0, 1)); Batch padded = Batch.of(pair)) {
        assertEquals(4, alone.sequenceLength());
        assertEquals(128, padded.sequenceLength());
        assertEquals(model.predict(alone, false).probabilities()[0][0],
            model.predict(padded, false).probabilities()[0][0], 1e-4f);
      }

      List<TokenizedExample> probe = examples(tok, List.of("I loved every minute of it.",
          "Not worth the ticket, the plot makes no sense and the acting is wooden.", "Fine."), new float[][] {{1}, {0}, {1}});
      try (Batch verify = Batch.of(train); Batch other = Batch.of(probe)) {
        ServingExporter.Exported exported = ServingExporter.export(model, task, cfg,
            new ServingExporter.ExtraAssets(Map.of("vocab.txt", bert.vocabFile()), Map.of()), verify, session);
        assertEquals(1, exported.version());
        assertTrue(Files.isRegularFile(exported.dir().resolve("variables/variables.index")));
        var meta = org.tensorflow.proto.SavedModel.parseFrom(
            Files.readAllBytes(exported.dir().resolve("saved_model.pb"))).getMetaGraphs(0);
        var signature = meta.getSignatureDefMap().get("serving_default");
        assertTrue(meta.getGraphDef().getNodeList().stream().anyMatch(n -> n.getName().endsWith("cls_only_top_layer/Tanh")),
            "the export computes the last layer for [CLS] only, from the fused LayerNorms' weights too");
        assertTrue(meta.getGraphDef().getNodeList().stream().anyMatch(n -> n.getOp().equals("FusedBatchNormV3")),
            "the export carries the fused LayerNorms");
        assertEquals("tensorflow/serving/predict", signature.getMethodName());
        for (String input : List.of("input_ids", "input_mask", "segment_ids")) {
          var dims = signature.getInputsMap().get(input).getTensorShape().getDimList();
          assertEquals(List.of(-1L, -1L), dims.stream().map(d -> d.getSize()).toList(), input + " must be [-1, -1]");
        }
        assertEquals(List.of(-1L), signature.getOutputsMap().get("probabilities").getTensorShape().getDimList()
            .stream().map(d -> d.getSize()).toList(), "binary exports keep [-1] outputs");
        float[][] expected = model.predict(other, false).probabilities();
        try (ServedModel served = ServedModel.load(exported.dir(), session)) {
          float[][] actual = served.probabilities(other);
          for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], 1e-5f);
          }
        }
      }
    }
  }

  @Test
  void multiLabelFullFineTuningStepThenExportWithKOutputsAndItsLabels() throws Exception {
    BertuneConfig cfg = ConfigLoader.load(Optional.empty(), List.of("train.mode=full",
        "data.cache-dir=\"" + dir.resolve("cache") + "\"", "export.dir=\"" + dir.resolve("export") + "\"",
        "export.name=aspects"));
    MultiLabelTask task = new MultiLabelTask(List.of("acting", "music", "story"), new float[] {1, 1, 1},
        new double[] {0.5, 0.4, 0.6});
    ConfigProto session = SessionConfigs.of(cfg.runtime());
    try (ClassifierModel model = ClassifierModel.build(PretrainedBert.load(cfg.model(), session), cfg, task);
        WordPieceTokenizer tok = WordPieceTokenizer.create(model.bert().vocabFile(), true, 128,
            cfg.tokenizer().truncation(), cfg.data().cacheDir())) {
      List<TokenizedExample> train = examples(tok, TRAIN_TEXTS, new float[][] {{1, 1, 0}, {0, 0, 1}, {0, 0, 0}});
      try (Batch batch = Batch.of(train)) {
        ClassifierModel.StepInputs in = new ClassifierModel.StepInputs(2e-5, 1e-3, 0);
        ClassifierModel.StepResult first = model.trainStep(batch, in);
        assertEquals(3, first.logits()[0].length, "logits [B, 3]");
        assertTrue(Float.isFinite(first.loss()) && first.loss() > 3 * 0.3, "3 labels' summed loss " + first.loss());
        float second = model.trainStep(batch, in).loss();
        assertTrue(second < first.loss(), "loss " + first.loss() + " -> " + second);
      }
      Map<String, String> texts = Map.of(TaskFile.NAME, TaskFile.json(task), TaskFile.LABELS, TaskFile.labels(task),
          TokenizerSettingsFile.NAME, TokenizerSettingsFile.json(tok, TextWindows.TRUNCATE, false));
      try (Batch verify = Batch.of(train)) {
        ServingExporter.Exported exported = ServingExporter.export(model, task, cfg, new ServingExporter.ExtraAssets(
            Map.of("vocab.txt", model.bert().vocabFile(), "tokenizer.json", tok.tokenizerJson()), texts), verify,
            session);
        var signature = org.tensorflow.proto.SavedModel.parseFrom(Files.readAllBytes(
            exported.dir().resolve("saved_model.pb"))).getMetaGraphs(0).getSignatureDefMap().get("serving_default");
        for (String output : List.of("probabilities", "logits")) {
          assertEquals(List.of(-1L, 3L), signature.getOutputsMap().get(output).getTensorShape().getDimList().stream()
              .map(d -> d.getSize()).toList(), output + " must be [-1, 3]");
        }
        assertEquals(task, TaskFile.read(exported.dir()), "task.json reads back: labels and thresholds");
        float[][] expected = model.predict(verify, false).probabilities();
        try (ServedModel served = ServedModel.load(exported.dir(), session)) {
          float[][] actual = served.probabilities(verify);
          for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], 1e-5f, "review " + i);
          }
        }
        // the public API on the real export: its own tokenizer and task, the trained model's probabilities
        // exported without a run, so without provenance.json: ModelAudit would refuse it
        try (TextClassifier clf = TextClassifier.builder(exported.dir()).trustModel(true).build()) {
          List<Prediction> got = clf.classify(TRAIN_TEXTS);
          for (int i = 0; i < expected.length; i++) {
            for (int k = 0; k < 3; k++) {
              assertEquals(expected[i][k], got.get(i).probability(task.labels().get(k)), 1e-5f, "text " + i);
            }
          }
        }
      }
    }
  }

  private static float[] read(ClassifierModel model, String opName) {
    try (TensorMap t = model.readVariables(List.of(opName))) {
      TFloat32 x = (TFloat32) t.get(opName);
      float[] out = new float[(int) Math.min(x.size(), 200_000)];
      x.asRawTensor().data().asFloats().read(out);
      return out;
    }
  }

  private static List<TokenizedExample> examples(WordPieceTokenizer tok, List<String> texts, float[][] labels) {
    List<TokenizedExample> out = new ArrayList<>();
    List<Encoding> enc = tok.encodeAll(texts);
    for (int i = 0; i < texts.size(); i++) {
      out.add(new TokenizedExample(enc.get(i).inputIds(), enc.get(i).segmentIds(), labels[i]));
    }
    return out;
  }
}
