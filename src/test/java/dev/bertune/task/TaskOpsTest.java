package dev.bertune.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Each task's loss and probability ops in a real TF graph, against values worked by hand and against the task's
 * own Java versions (which {@code evaluate} uses).
 */
class TaskOpsTest {
  private static final float[][] LOGITS = {{2f, 0f, -1f}, {0.5f, 0.5f, 3f}};
  private static final float[][] ONE_HOT = {{1, 0, 0}, {0, 1, 0}};
  private static final float[][] MULTI_HOT = {{1, 0, 1}, {0, 0, 0}};

  /** {losses [B], probabilities [B, K]} of a task's ops. */
  private static float[][][] run(Task task, float[][] logits, float[][] labels) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.constant(StdArrays.ndCopyOf(logits));
      Operand<TFloat32> z = tf.constant(StdArrays.ndCopyOf(labels));
      try (Result r = s.runner().fetch(task.exampleLosses(tf, z, x)).fetch(task.probabilities(tf, x)).run()) {
        TFloat32 losses = (TFloat32) r.get(0);
        TFloat32 probs = (TFloat32) r.get(1);
        float[] l = new float[(int) losses.size()];
        losses.asRawTensor().data().asFloats().read(l);
        float[][] p = StdArrays.array2dCopyOf(probs);
        return new float[][][] {{l}, p};
      }
    }
  }

  private static double logSumExp(float[] x) {
    double m = Math.max(x[0], Math.max(x[1], x[2]));
    return m + Math.log(Math.exp(x[0] - m) + Math.exp(x[1] - m) + Math.exp(x[2] - m));
  }

  private static double bce(double x, double z) {
    return -(z * Math.log(1 / (1 + Math.exp(-x))) + (1 - z) * Math.log(1 - 1 / (1 + Math.exp(-x))));
  }

  @Test
  void softmaxCrossEntropyAndClassWeights() {
    MultiClassTask task = new MultiClassTask(List.of("a", "b", "c"), LossFunction.SOFTMAX, new float[] {1, 3, 1}, 2);
    float[][][] out = run(task, LOGITS, ONE_HOT);
    // -log softmax(x)[y] = logsumexp(x) - x_y; example 2 (class b) weighs 3
    double l0 = logSumExp(LOGITS[0]) - 2.0;
    double l1 = 3 * (logSumExp(LOGITS[1]) - 0.5);
    assertArrayEquals(new float[] {(float) l0, (float) l1}, out[0][0], 1e-5f);
    for (float[] row : out[1]) {
      assertEquals(1.0, row[0] + row[1] + row[2], 1e-6, "softmax rows sum to 1");
    }
    assertEquals(Math.exp(2 - logSumExp(LOGITS[0])), out[1][0][0], 1e-6);
    assertArrayEquals(out[1][0], task.probabilities(LOGITS[0]), 1e-6f, "Java softmax = TF softmax");
    assertEquals(logSumExp(LOGITS[0]) - 2.0, task.exampleLoss(LOGITS[0], ONE_HOT[0]), 1e-6);
  }

  @Test
  void oneVsRestSigmoidsSumTheirCrossEntropies() {
    MultiClassTask task = new MultiClassTask(List.of("a", "b", "c"), LossFunction.SIGMOID, new float[] {1, 1, 1}, 2);
    float[][][] out = run(task, LOGITS, ONE_HOT);
    double expected = bce(2, 1) + bce(0, 0) + bce(-1, 0);
    assertEquals(expected, out[0][0][0], 1e-5);
    assertEquals(1 / (1 + Math.exp(-3)), out[1][1][2], 1e-6);
    assertEquals(expected, task.exampleLoss(LOGITS[0], ONE_HOT[0]), 1e-5);
  }

  @Test
  void multiLabelSigmoidCrossEntropyWeighsPositiveLabels() {
    MultiLabelTask task = new MultiLabelTask(List.of("a", "b", "c"), new float[] {1, 1, 4},
        new double[] {0.5, 0.5, 0.5});
    float[][][] out = run(task, LOGITS, MULTI_HOT);
    // example 1: labels a and c; c is positive and weighs 4. Example 2: the empty set, no weight applies.
    double l0 = bce(2, 1) + bce(0, 0) + 4 * bce(-1, 1);
    double l1 = bce(0.5, 0) + bce(0.5, 0) + bce(3, 0);
    assertArrayEquals(new float[] {(float) l0, (float) l1}, out[0][0], 1e-5f);
    assertEquals(l1, task.exampleLoss(LOGITS[1], MULTI_HOT[1]), 1e-5, "Java loss is the unweighted one");
  }

  @Test
  void binaryIsTodaysWeightedSigmoidOnOneLogit() {
    BinaryTask task = new BinaryTask(List.of("negative", "positive"), 0.5, 2f, new float[] {1, 1});
    float[][][] out = run(task, new float[][] {{1.5f}, {-0.5f}}, new float[][] {{1}, {0}});
    assertArrayEquals(new float[] {(float) (2 * bce(1.5, 1)), (float) bce(-0.5, 0)}, out[0][0], 1e-5f);
    assertEquals(1 / (1 + Math.exp(-1.5)), out[1][0][0], 1e-6);
  }

  @Test
  void predictionsAndHowTheyArePrinted() {
    MultiClassTask mc = new MultiClassTask(List.of("comedy", "drama", "horror"), LossFunction.SOFTMAX,
        new float[] {1, 1, 1}, 2);
    Prediction p = mc.prediction(new float[] {0.2f, 0.7f, 0.1f});
    assertEquals(List.of("drama"), p.labels());
    assertEquals("0.7000\tdrama", mc.render(p, 1));
    assertEquals("drama 0.700, comedy 0.200", mc.render(p, 2));
    assertEquals("drama", mc.renderJson(p).get("label").asText());
    assertEquals(0.2, mc.renderJson(p).get("probabilities").get("comedy").asDouble(), 1e-6);
    assertEquals("comedy", mc.prediction(new float[] {0.4f, 0.4f, 0.2f}).label(), "ties: first in label order");

    MultiLabelTask ml = new MultiLabelTask(List.of("acting", "music", "story"), new float[] {1, 1, 1},
        new double[] {0.5, 0.8, 0.3});
    Prediction tags = ml.prediction(new float[] {0.6f, 0.7f, 0.3f});
    assertEquals(List.of("acting", "story"), tags.labels(), "each label against its own threshold");
    assertEquals("acting 0.600, story 0.300", ml.render(tags, 1));
    assertEquals("(none)", ml.render(ml.prediction(new float[] {0.1f, 0.1f, 0.1f}), 1));

    BinaryTask b = BinaryTask.sentimentTask();
    Prediction pos = b.prediction(new float[] {0.9731f});
    assertEquals("0.9731\tpositive", b.render(pos, 1), "binary prints as before multi-class existed");
    assertEquals(0.9731, b.renderJson(pos).get("probability").asDouble(), 1e-6);
    assertEquals(0.0269, pos.probability("negative"), 1e-6);
  }

  @Test
  void runningTalliesAreAccuracyOrMicroF1() {
    MultiLabelTask ml = new MultiLabelTask(List.of("a", "b"), new float[] {1, 1}, new double[] {0.5, 0.5});
    // predicted {a}, true {a, b}: TP 1, FN 1 -> 2TP = 2, 2TP + FP + FN = 3
    assertArrayEquals(new double[] {2, 3}, ml.tally(new float[] {0.9f, 0.1f}, new float[] {1, 1}));
    MultiClassTask mc = new MultiClassTask(List.of("a", "b"), LossFunction.SOFTMAX, new float[] {1, 1}, 1);
    assertArrayEquals(new double[] {0, 1}, mc.tally(new float[] {0.9f, 0.1f}, new float[] {0, 1}));
  }
}
