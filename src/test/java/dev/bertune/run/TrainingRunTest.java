package dev.bertune.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.config.BertuneConfig;
import dev.bertune.config.ConfigLoader;
import dev.bertune.pipeline.TFRecordFiles;
import dev.bertune.testing.TinyRun;
import dev.bertune.train.Callback;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/**
 * Whole runs on the tiny BERT: resume after Ctrl-C and after a crash reproduces the uninterrupted run; the
 * TensorBoard files parse as TF event records; rerun from provenance.
 */
class TrainingRunTest {
  /** Resumed and uninterrupted runs do the same float operations in the same order: allow only rounding. */
  static final double RESUME_TOLERANCE = 1e-6;
  static final int EPOCHS = 4;

  @TempDir static Path dir;
  static TinyRun tiny;
  static TrainingRun.Outcome reference;

  @BeforeAll
  static void uninterruptedRun() throws Exception {
    tiny = TinyRun.create(dir);
    reference = new TrainingRun(config("reference"), quiet()).execute();
    assertFalse(reference.interrupted());
  }

  static BertuneConfig config(String runId, String... extra) {
    List<String> overrides = tiny.overrides();
    overrides.addAll(List.of("run.id=" + runId, "train.mode=full", "train.epochs=" + EPOCHS, "head.dropout=0.2",
        "train.learning-rate.encoder=1e-2", "train.learning-rate.head=5e-2", "export.enabled=false",
        "callbacks.tensorboard.every-steps=1"));
    overrides.addAll(List.of(extra));
    return ConfigLoader.load(Optional.empty(), overrides);
  }

  static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream());
  }

  /** Asks for an interrupt (as Ctrl-C does) once training reaches {@code epoch}, {@code batch}. */
  record InterruptAt(int epoch, int batch) implements Callback {
    static final ThreadLocal<Callback.TrainingPlan> PLAN = new ThreadLocal<>();

    @Override
    public void onTrainBegin(TrainingPlan plan) {
      PLAN.set(plan);
    }

    @Override
    public void onBatchEnd(int e, int b, int examples, Map<String, Double> logs) {
      if (e == epoch && b == batch) {
        PLAN.get().control().requestInterrupt();
      }
    }
  }

  /** Dies (as a killed process would) at {@code epoch}, {@code batch}, without any chance to save. */
  record CrashAt(int epoch, int batch) implements Callback {
    @Override
    public void onBatchEnd(int e, int b, int examples, Map<String, Double> logs) {
      if (e == epoch && b == batch) {
        throw new IllegalStateException("simulated kill");
      }
    }
  }

  static void assertSameMetrics(TrainingRun.Outcome expected, TrainingRun.Outcome actual) {
    for (String part : List.of("validation", "test")) {
      Map<String, Double> e = expected.metrics().get(part);
      Map<String, Double> a = actual.metrics().get(part);
      for (String k : e.keySet()) {
        assertEquals(e.get(k), a.get(k), RESUME_TOLERANCE, part + " " + k);
      }
    }
  }

  @Test
  void wallTimeLineCountsCheckpointWritesAsInsideTensorFlow() {
    String line = TrainingRun.wallTimeLine(200, 150, 10, 20);
    assertTrue(line.startsWith("wall time 200.0 s: 180.0 s inside TensorFlow (90%): running the model 160.0 s (80%:"),
        line);
    assertTrue(line.contains("writing checkpoints 20.0 s (10%)"), line);
    assertTrue(line.endsWith("the rest (loading, tokenizing, graph building, export) 20.0 s"), line);
  }

  @Test
  void resumeAfterCtrlCMidEpochReproducesTheUninterruptedRun() throws Exception {
    BertuneConfig cfg = config("interrupted");
    TrainingRun.Outcome first = new TrainingRun(cfg, quiet(), Optional.empty(), List.of(new InterruptAt(2, 3)))
        .execute();
    assertTrue(first.interrupted());
    assertTrue(first.export().isEmpty());
    assertTrue(Files.isRegularFile(first.runDir().resolve("checkpoints/last/state.json")));
    Path killedSave = first.runDir().resolve("checkpoints/.last-123"); // a save killed with SIGKILL, its owner gone
    Files.createDirectories(killedSave);
    Files.writeString(killedSave.resolveSibling(".last-123.owner"), deadPid() + " 2001-01-01T00:00:00Z");
    Path liveSave = dev.bertune.TemporaryFolders.create(first.runDir().resolve("checkpoints"), ".best-val_loss-");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    TrainingRun.Outcome resumed = new TrainingRun(cfg, new PrintStream(log, true), Optional.of(first.runDir()),
        List.of()).execute();
    assertTrue(log.toString().contains("removed a stale temporary folder left by a killed run: " + killedSave),
        log.toString());
    assertFalse(Files.exists(killedSave));
    assertFalse(log.toString().contains(liveSave.toString()), "a live process's folder stays: " + log);
    assertFalse(resumed.interrupted());
    assertSameMetrics(reference, resumed);
    assertEquals(EPOCHS + 1, Files.readAllLines(resumed.runDir().resolve("history.csv")).size());
    assertSameHistory(reference.runDir().resolve("history.csv"), resumed.runDir().resolve("history.csv"));
    assertFalse(Files.exists(resumed.runDir().resolve("checkpoints")), "a finished run deletes its checkpoints");
  }

  @Test
  void resumingAFinishedRunSaysItFinished() {
    var e = assertThrows(dev.bertune.BertuneException.class,
        () -> new TrainingRun(config("reference"), quiet(), Optional.of(reference.runDir()), List.of()).execute());
    assertTrue(e.getMessage().startsWith("run " + reference.runDir() + " finished"), e.getMessage());
  }

  @Test
  void aDivergingRunStopsAtTheStepKeepsItsLastCheckpointAndExportsNothing() throws Exception {
    BertuneConfig cfg = config("diverging", "export.enabled=true", "callbacks.checkpoint.every-steps=1");
    TrainingRun.Outcome first = new TrainingRun(cfg, quiet(), Optional.empty(), List.of(new InterruptAt(2, 3)))
        .execute();
    long goodStep = dev.bertune.train.Checkpoints.read(first.runDir().resolve("checkpoints"), "last").orElseThrow()
        .step();
    // a positive-class weight of 1e38 overflows the squared gradients: the first step after the resume diverges
    BertuneConfig poisoned = config("diverging", "export.enabled=true", "callbacks.checkpoint.every-steps=1",
        "head.positive-class-weight=1e38");
    var e = assertThrows(dev.bertune.BertuneException.class,
        () -> new TrainingRun(poisoned, quiet(), Optional.of(first.runDir()), List.of()).execute());
    assertTrue(e.getMessage().startsWith("training diverged at epoch 2, batch 4 (step " + (goodStep + 1) + "): loss "),
        e.getMessage());
    assertTrue(e.getMessage().contains("learning rates encoder "), e.getMessage());
    var last = dev.bertune.train.Checkpoints.read(first.runDir().resolve("checkpoints"), "last").orElseThrow();
    assertEquals(goodStep, last.step(), "the last good checkpoint is kept, none written after it");
    assertFalse(Files.exists(cfg.export().dir().resolve(cfg.export().name())), "nothing exported");
  }

  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  /**
   * Every epoch's row, the resumed epoch's included, holds the same training and validation figures as the
   * uninterrupted run's (speed and memory aside): the resumed epoch's row covers all of its batches.
   */
  static void assertSameHistory(Path expected, Path actual) throws IOException {
    List<String> e = Files.readAllLines(expected);
    List<String> a = Files.readAllLines(actual);
    assertEquals(e.get(0), a.get(0), "columns");
    List<String> columns = List.of(e.get(0).split(","));
    for (int row = 1; row < e.size(); row++) {
      String[] want = e.get(row).split(",", -1);
      String[] got = a.get(row).split(",", -1);
      for (int c = 0; c < columns.size(); c++) {
        if (!Set.of("examples_per_second", "rss_mb").contains(columns.get(c))) {
          assertEquals(Double.parseDouble(want[c]), Double.parseDouble(got[c]), 2e-6,
              "epoch " + row + " " + columns.get(c));
        }
      }
    }
  }

  @Test
  void killedRunLosesOnlyTheWorkSinceItsLastCheckpoint() throws Exception {
    BertuneConfig cfg = config("killed", "callbacks.checkpoint.every-steps=2");
    Path runDir = cfg.run().dir().resolve("killed");
    TrainingRun crashing = new TrainingRun(cfg, quiet(), Optional.empty(), List.of(new CrashAt(3, 5)));
    assertThrows(IllegalStateException.class, crashing::execute);
    long stepsPerEpoch = events(reference.runDir().resolve("tensorboard/train")).get("batch_loss").size() / EPOCHS;
    long crashStep = 2 * stepsPerEpoch + 5;
    var state = dev.bertune.train.Checkpoints.read(runDir.resolve("checkpoints"), "last").orElseThrow();
    assertEquals(3, state.epoch());
    assertEquals(crashStep - crashStep % 2, state.step(), "last checkpoint at the last even step before the crash");
    TrainingRun.Outcome resumed = new TrainingRun(cfg, quiet(), Optional.of(runDir), List.of()).execute();
    assertSameMetrics(reference, resumed);
    assertSameHistory(reference.runDir().resolve("history.csv"), runDir.resolve("history.csv"));
  }

  @Test
  void tensorBoardEventFilesParseWithTagsAndSteps() throws Exception {
    Map<String, TreeSet<Long>> train = events(reference.runDir().resolve("tensorboard/train"));
    Map<String, TreeSet<Long>> validation = events(reference.runDir().resolve("tensorboard/validation"));
    assertEquals(new TreeSet<>(List.of(1L, 2L, 3L, 4L)), train.get("epoch_loss"));
    assertEquals(new TreeSet<>(List.of(1L, 2L, 3L, 4L)), validation.get("epoch_loss"));
    assertTrue(validation.containsKey("epoch_auc"));
    assertTrue(train.containsKey("epoch_learning_rate"));
    assertTrue(train.containsKey("epoch_examples_per_second"));
    TreeSet<Long> steps = train.get("batch_loss");
    assertEquals(1L, steps.first());
    assertEquals(steps.size(), steps.last(), "every step, none missing");
    assertEquals(0, steps.size() % EPOCHS, "the same number of steps per epoch");
  }

  /** tag -> steps of the scalar summaries in the event files of {@code logdir}. */
  static Map<String, TreeSet<Long>> events(Path logdir) throws Exception {
    Map<String, TreeSet<Long>> out = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(logdir)) {
      files = s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).toList();
    }
    assertEquals(1, files.size(), logdir.toString());
    List<byte[]> records = new ArrayList<>();
    TFRecordFiles.forEachRecord(files.get(0), records::add);
    for (byte[] r : records) {
      Event e = Event.parseFrom(r);
      for (Summary.Value v : e.getSummary().getValueList()) {
        out.computeIfAbsent(v.getTag(), k -> new TreeSet<>()).add(e.getStep());
      }
    }
    return out;
  }

  @Test
  void rerunFromProvenanceReproducesTheRun() throws Exception {
    BertuneConfig cfg = config("recorded", "callbacks.tensorboard.enabled=false");
    TrainingRun.Outcome recorded = new TrainingRun(cfg, quiet()).execute();
    var status = dev.bertune.testing.Captured.run("train", "--from-provenance",
        recorded.runDir().resolve("provenance.json").toString(), "--set", "run.id=rerun");
    assertEquals(0, status.status(), status.err());
    assertFalse(status.out().contains("changed since the recorded run"), status.out());
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var expected = json.readTree(recorded.runDir().resolve("metrics.json").toFile());
    var actual = json.readTree(recorded.runDir().resolveSibling("rerun").resolve("metrics.json").toFile());
    for (String part : List.of("validation", "test")) {
      for (String k : List.of("loss", "accuracy", "precision", "recall", "f1", "auc", "count")) {
        // multi-threaded kernels may sum in another order: equal up to float rounding
        assertEquals(expected.get(part).get(k).asDouble(), actual.get(part).get(k).asDouble(), RESUME_TOLERANCE,
            part + " " + k);
      }
    }
  }

  @Test
  void earlyStoppingStopsByFlagAndRestoresTheBestEpoch() throws Exception {
    // "best" = highest val_loss: while the model learns, only epoch 1 is best, so training stops after
    // epoch 1 + patience and the final weights must be those of epoch 1
    BertuneConfig cfg = config("early", "callbacks.early-stopping.enabled=true",
        "callbacks.early-stopping.monitor=val_loss", "callbacks.early-stopping.mode=max",
        "callbacks.early-stopping.patience=2", "callbacks.tensorboard.enabled=false", "head.dropout=0");
    TrainingRun.Outcome run = new TrainingRun(cfg, quiet()).execute();
    List<String> rows = Files.readAllLines(run.runDir().resolve("history.csv"));
    assertEquals(1 + 3, rows.size(), "stopped after epoch 3 of " + EPOCHS);
    List<String> header = List.of(rows.get(0).split(","));
    int column = header.indexOf("val_loss");
    double epoch1 = Double.parseDouble(rows.get(1).split(",")[column]);
    double epoch3 = Double.parseDouble(rows.get(3).split(",")[column]);
    assertTrue(epoch3 < epoch1, "the model learned, so epoch 1 stays the 'best'");
    assertEquals(epoch1, run.metrics().get("validation").get("loss"), 1e-5, "weights of epoch 1 restored");
  }

  @Test
  void frozenRunComputesFeaturesOnceAndASecondRunReusesEveryCache() throws Exception {
    ByteArrayOutputStream firstLog = new ByteArrayOutputStream();
    ByteArrayOutputStream secondLog = new ByteArrayOutputStream();
    String[] frozen = {"train.mode=frozen", "callbacks.tensorboard.enabled=false", "head.features=cls"};
    TrainingRun.Outcome first = new TrainingRun(config("frozen-a", frozen), new PrintStream(firstLog)).execute();
    TrainingRun.Outcome second = new TrainingRun(config("frozen-b", frozen), new PrintStream(secondLog)).execute();
    assertTrue(firstLog.toString().contains("[computed by BERT]"), firstLog.toString());
    String log = secondLog.toString();
    assertTrue(log.contains("token cache 3/3 hits, feature cache 3/3 hits"), log);
    assertFalse(log.contains("[tokenized]") || log.contains("[computed by BERT]"), log);
    assertSameMetrics(first, second);
  }
}
