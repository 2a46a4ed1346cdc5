package dev.bertune.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bertune.AtomicFiles;
import dev.bertune.BertuneException;
import dev.bertune.DiskFull;
import dev.bertune.FileTrees;
import dev.bertune.TemporaryFolders;
import dev.bertune.config.BertuneConfig;
import dev.bertune.export.ServingExporter;
import dev.bertune.metrics.TaskMetrics;
import dev.bertune.metrics.Thresholds;
import dev.bertune.report.TaskPlots;
import dev.bertune.task.Task;
import dev.bertune.task.TaskFile;
import dev.bertune.model.ClassifierModel;
import dev.bertune.model.OneDnnWeightCache;
import dev.bertune.model.PretrainedBert;
import dev.bertune.pipeline.Batch;
import dev.bertune.pipeline.InputPipeline;
import dev.bertune.pipeline.TokenizedExample;
import dev.bertune.report.Plots;
import dev.bertune.report.ReportData;
import dev.bertune.report.ReportWriter;
import dev.bertune.text.LengthStats;
import dev.bertune.text.WordPieceTokenizer;
import dev.bertune.config.FineTuneMode;
import dev.bertune.pipeline.FeatureCache;
import dev.bertune.train.BatchStream;
import dev.bertune.train.Callback;
import dev.bertune.train.Checkpoints;
import dev.bertune.train.CsvLogger;
import dev.bertune.train.EarlyStopping;
import dev.bertune.train.FitPlan;
import dev.bertune.train.ModelCheckpoint;
import dev.bertune.train.TensorBoard;
import dev.bertune.train.TrainingControl;
import dev.bertune.train.FeatureBatches;
import dev.bertune.train.TokenBatches;
import dev.bertune.train.History;
import dev.bertune.train.LearningRateSchedule;
import dev.bertune.train.ProgressBar;
import dev.bertune.train.StageProgress;
import dev.bertune.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.ConfigProto;

/**
 * {@code bertune train}: data → tokenizer cache → pipelines → BERT + head → fit → test → run directory →
 * export. Each stage is a call to the class that owns it; this class only sequences them and records what
 * happened.
 */
public final class TrainingRun {
  private final BertuneConfig config;
  private final PrintStream log;
  private long extractedReal;
  private long extractedComputed;
  private double extractSeconds;
  private int featureHits;
  private int featureParts;
  private int tokenizerLength; // tokenizer.max-length, as chosen when auto
  private List<String> chanceWarnings = List.of(); // signs of a chance-level classifier, for the report

  private final Optional<Path> resumeDir;
  private final List<Callback> extraCallbacks;
  private final TrainingControl control = new TrainingControl();

  /** A new run. */
  public TrainingRun(BertuneConfig config, PrintStream log) {
    this(config, log, Optional.empty(), List.of());
  }

  /**
   * A new run, or the continuation of the run in {@code resumeDir} from its last checkpoint.
   *
   * @param extraCallbacks added after the run's own callbacks (tests use them to interrupt a run)
   */
  public TrainingRun(BertuneConfig config, PrintStream log, Optional<Path> resumeDir, List<Callback> extraCallbacks) {
    this.config = config;
    this.log = log;
    this.resumeDir = resumeDir;
    this.extraCallbacks = extraCallbacks;
  }

  /**
   * What a run produced.
   *
   * @param interrupted whether it stopped at a user's request (Ctrl-C) after writing a checkpoint; then there is
   *     no test evaluation and no export, and {@code train --resume runDir} continues it
   */
  public record Outcome(Path runDir, Map<String, Map<String, Double>> metrics,
      Optional<ServingExporter.Exported> export, boolean interrupted) {}

  /** The flags that end training early: Ctrl-C sets {@link TrainingControl#requestInterrupt()}. */
  public TrainingControl control() {
    return control;
  }

  /** Runs the whole job. */
  public Outcome execute() throws IOException {
    long start = System.nanoTime();
    OneDnnWeightCache.requireFreshWeights(); // before any work (every training step checks too)
    Timings timings = new Timings();
    Path runDir;
    Optional<Checkpoints.State> resumeState = Optional.empty();
    if (resumeDir.isPresent()) {
      runDir = resumeDir.get();
      requireUnfinished(runDir);
      resumeState = Checkpoints.read(runDir.resolve("checkpoints"), Checkpoints.LAST);
      if (resumeState.isEmpty()) {
        throw new BertuneException("nothing to resume: " + runDir.resolve("checkpoints").resolve(Checkpoints.LAST)
            + " holds no complete checkpoint (is callbacks.checkpoint.enabled off, or did the run stop before its"
            + " first checkpoint?)");
      }
    } else {
      String runId = config.run().id().orElseGet(() -> DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
          .withZone(ZoneOffset.UTC).format(Instant.now()) + "-"
          + config.train().mode().name().toLowerCase(Locale.ROOT));
      runDir = config.run().dir().resolve(runId);
      if (Files.exists(runDir)) {
        throw new BertuneException("run directory " + runDir + " already exists; choose another run.id, or continue"
            + " it with train --resume " + runDir);
      }
    }
    removeStaleTemporaries(runDir);
    Preflight.check(config); // before BERT loads: a folder that cannot be written, or a full disk
    ConfigProto sessionConfig = SessionConfigs.of(config.runtime());
    try (PretrainedBert bert = timings.time("load model", () -> PretrainedBert.load(config.model(), sessionConfig))) {
      DiskFull.Writing tokens = new DiskFull.Writing("the token cache", config.data().cacheDir(),
          () -> afterDiskFull(runDir, "data.cache-dir"));
      int maxLength = config.tokenizer().autoLength() ? DiskFull.whileWriting(tokens, () ->
          autoMaxLength(bert, Math.min(config.tokenizer().maxLength(), bert.signature().maxPositions())))
          : config.tokenizer().maxLength();
      if (maxLength > bert.signature().maxPositions()) {
        throw new BertuneException("tokenizer.max-length = " + maxLength + " exceeds the model's "
            + bert.signature().maxPositions() + " position embeddings");
      }
      config.tokenizer().windows().check(maxLength);
      tokenizerLength = maxLength;
      log.printf(Locale.ROOT, "model: %s (hidden %d, %s)%n", bert.dir(), bert.signature().hiddenSize(),
          bert.lowerCase() ? "lower-cased" : "cased");
      try (WordPieceTokenizer tokenizer = DiskFull.whileWriting(tokens, () -> WordPieceTokenizer.create(
          bert.vocabFile(), bert.lowerCase(), maxLength, config.tokenizer().truncation(), config.data().cacheDir()))) {
        PreparedData data = timings.time("data",
            () -> DiskFull.whileWriting(tokens, () -> PreparedData.prepare(config, tokenizer, log)));
        timings.put("tokenization", data.tokenizeSeconds());
        requireMonitors(data.task().task());
        DiskFull.whileWriting(runFolder(runDir), () -> {
          Files.createDirectories(runDir);
          if (resumeDir.isEmpty()) {
            AtomicFiles.writeString(runDir.resolve("config.conf"), config.rendered());
          }
          return null;
        });
        try (ClassifierModel model = timings.time("build graph",
            () -> ClassifierModel.build(bert, config, data.task().task()))) {
          log.printf(Locale.ROOT, "mode: %s, %,d trainable parameters%s%n",
              config.train().mode().name().toLowerCase(Locale.ROOT), model.trainableParameterCount(),
              graphNotes(model));
          Optional<Checkpoints.State> state = resumeState;
          return DiskFull.whileWriting(runFolder(runDir), () ->
              trainEvaluateExport(model, tokenizer, data, runDir, state, sessionConfig, timings, start));
        }
      }
    }
  }

  /** What the user can do after an interrupt outside training: resume from the last checkpoint, or start again. */
  private static String resumeHint(Path runDir) {
    return Checkpoints.read(runDir.resolve("checkpoints"), Checkpoints.LAST).isPresent()
        ? "the run can be resumed with java -jar target/bertune.jar train --resume " + runDir
        : "no checkpoint was written yet: start the run again (delete " + runDir + " or choose another run.id)";
  }

  /**
   * A finished run (its report is written last) has nothing to resume, checkpoints kept or not; unless it should
   * export and its export is missing from {@code export.dir} while its last checkpoint was kept: resuming then tests
   * and exports it without training.
   */
  private void requireUnfinished(Path runDir) throws IOException {
    if (!Files.isRegularFile(runDir.resolve(ReportWriter.FILE_NAME))) {
      return;
    }
    Path exports = config.export().dir().resolve(config.export().name());
    if (config.export().enabled() && !hasExport(exports, runDir.getFileName().toString())
        && Checkpoints.read(runDir.resolve("checkpoints"), Checkpoints.LAST).isPresent()) {
      log.println("run " + runDir + " finished, but " + exports + " holds no export of it: exporting it from its last"
          + " checkpoint");
    } else {
      throw new BertuneException("run " + runDir + " finished (see its " + ReportWriter.FILE_NAME + "): nothing to"
          + " resume; start a new run (train, with another run.id), or repeat it with train --from-provenance "
          + runDir.resolve("provenance.json"));
    }
  }

  /** Whether a version in {@code exports} was exported by run {@code runId} (its provenance says so). */
  private static boolean hasExport(Path exports, String runId) throws IOException {
    if (!Files.isDirectory(exports)) {
      return false;
    }
    try (var versions = Files.list(exports)) {
      for (Path v : versions.filter(p -> p.getFileName().toString().matches("\\d{1,9}")).toList()) {
        Path provenance = v.resolve("assets.extra").resolve("provenance.json");
        if (Files.isRegularFile(provenance)
            && runId.equals(new ObjectMapper().readTree(provenance.toFile()).path("run_id").asText())) {
          return true;
        }
      }
    }
    return false;
  }

  /** The run directory (config.conf, history.csv, plots, report...) as a place that may fill up. */
  private DiskFull.Writing runFolder(Path runDir) {
    return new DiskFull.Writing("the run directory", runDir, () -> afterDiskFull(runDir, "run.dir"));
  }

  /**
   * How to finish after the folder of config key {@code key} filled up: from the last checkpoint without retraining
   * if there is one (pointing {@code key} elsewhere, except the run directory, which {@code --resume} names), else by
   * starting again.
   */
  private String afterDiskFull(Path runDir, String key) {
    boolean runFolder = key.equals("run.dir");
    String elsewhere = "--set " + key + "=<a folder with space>";
    if (Checkpoints.read(runDir.resolve("checkpoints"), Checkpoints.LAST).isPresent()) {
      return runFolder
          ? "free some space there (or move " + runDir + " to a disk with space and resume that), then finish from"
              + " the last checkpoint without retraining: java -jar target/bertune.jar train --resume " + runDir
          : "finish from the last checkpoint without retraining: java -jar target/bertune.jar train --resume "
              + runDir + " " + elsewhere + " (or free some space there and leave out the --set)";
    }
    boolean leftover = resumeDir.isEmpty() && !runFolder && Files.isDirectory(runDir);
    return "no checkpoint to resume from: free some space there, or start again with " + elsewhere
        + (leftover ? " (delete " + runDir + " first, or choose another run.id)" : "");
  }

  /**
   * Removes the hidden temporary folders that an export or checkpoint killed with SIGKILL left behind in this run's
   * export and checkpoint folders (only those whose writer is gone, never another live run's), and says so.
   */
  private void removeStaleTemporaries(Path runDir) throws IOException {
    Instant runStart = ProcessHandle.current().info().startInstant().orElse(Instant.now());
    List<Path> removed = new ArrayList<>(TemporaryFolders.removeStale(
        config.export().dir().resolve(config.export().name()),
        n -> n.startsWith(ServingExporter.TEMPORARY_PREFIX), runStart));
    removed.addAll(TemporaryFolders.removeStale(runDir.resolve("checkpoints"), Checkpoints::isTemporary, runStart));
    for (Path p : removed) {
      log.println("removed a stale temporary folder left by a killed run: " + p);
    }
  }

  private Outcome trainEvaluateExport(ClassifierModel model, WordPieceTokenizer tokenizer, PreparedData data,
      Path runDir, Optional<Checkpoints.State> resume, ConfigProto sessionConfig, Timings timings, long start)
      throws IOException {
    String runId = runDir.getFileName().toString();
    BertuneConfig.Train t = config.train();
    Trainer trainer = new Trainer(model, t.encoderLearningRate(), t.headLearningRate());
    trainer.setProgress(progress());
    trainer.setWarnings(log::println);
    Checkpoints checkpoints = new Checkpoints(runDir.resolve("checkpoints"));
    Map<String, TaskMetrics> details = new LinkedHashMap<>();
    Fitted fitted = fitAndTest(model, trainer, checkpoints, data, runDir, resume, timings, details);
    if (fitted.interrupted()) {
      return new Outcome(runDir, scalars(details), Optional.empty(), true);
    }
    List<String> images = testMetricsAndPlots(runDir, trainer.task(), fitted, details);
    Map<String, Map<String, Double>> metrics = scalars(details);
    Provenance provenance = Provenance.of(config, runId, model, trainer.task(), data, tokenizer, metrics);
    AtomicFiles.writeString(runDir.resolve("provenance.json"), provenance.json());
    writeMetrics(runDir.resolve("metrics.json"), trainer.task(), details);

    chanceWarnings = ChanceCheck.warnings(trainer.task(), Optional.ofNullable(details.get("validation")),
        fitted.test().map(Trainer.PredictionSet::probabilities));
    chanceWarnings.forEach(w -> log.println("WARNING: " + w + (config.export().requireBetterThanChance()
        ? "; not exported (export.require-better-than-chance = true)" : "; exported all the same")));
    boolean refused = config.export().requireBetterThanChance() && !chanceWarnings.isEmpty();
    Optional<ServingExporter.Exported> exported = Optional.empty();
    if (config.export().enabled() && !refused) {
      Task exportTask = trainer.task();
      try (InterruptibleStage stage = InterruptibleStage.enter("export", "nothing was exported", resumeHint(runDir),
          log)) {
        log.printf(Locale.ROOT, "exporting to %s (serving graph, SavedModel, reload and check)...%n",
            config.export().dir().resolve(config.export().name()));
        DiskFull.Writing writing = new DiskFull.Writing("the export",
            config.export().dir().resolve(config.export().name()),
            () -> "nothing was exported, earlier versions are intact; " + afterDiskFull(runDir, "export.dir"));
        exported = Optional.of(timings.time("export", () -> DiskFull.whileWriting(writing,
            () -> export(model, exportTask, tokenizer, data, provenance, sessionConfig, stage))));
      }
      log.printf(Locale.ROOT, "exported: %s (version %d, %.0f MB, reloaded outputs within %.1g of the trained model)%n",
          exported.get().dir(), exported.get().version(), exported.get().bytes() / 1e6, exported.get().maxDifference());
    }
    report(model, data, runDir, trainer, checkpoints, fitted.history(), details, images, timings, start);
    if (!config.callbacks().checkpoint().keep() && Files.isDirectory(runDir.resolve("checkpoints"))) {
      // after the report: a run whose report found its disk full keeps them, and resumes from them
      FileTrees.deleteRecursively(runDir.resolve("checkpoints"));
      log.println("checkpoints deleted: the run finished (callbacks.checkpoint.keep = true keeps them)");
    }
    if (refused && config.export().enabled()) {
      throw new BertuneException("not exported: " + String.join("; ", chanceWarnings)
          + " (export.require-better-than-chance = true; the run's report is in " + runDir + ")");
    }
    return new Outcome(runDir, metrics, exported, false);
  }

  /** The scalar metrics of each part. */
  private static Map<String, Map<String, Double>> scalars(Map<String, TaskMetrics> details) {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    details.forEach((part, m) -> out.put(part, m.asMap()));
    return out;
  }

  /** Monitors must name a metric of the run's task: checked once the task is known, before the model is built. */
  private void requireMonitors(Task task) {
    List<String> names = task.metricNames().stream().filter(n -> !n.equals("count")).toList();
    for (var m : List.of(Map.entry("callbacks.early-stopping.monitor", config.callbacks().earlyStopping().monitor()),
        Map.entry("callbacks.checkpoint.monitor", config.callbacks().checkpoint().monitor()))) {
      String metric = m.getValue().metric();
      String base = metric.startsWith("val_") ? metric.substring(4) : metric;
      if (!names.contains(base)) {
        throw new BertuneException("config key '" + m.getKey() + "' = '" + metric + "' is not a metric of this "
            + task.type().configName() + " task; accepted: " + String.join(", ", names)
            + ", each optionally prefixed by val_");
      }
    }
  }

  /**
   * {@code tokenizer.max-length = auto}: the smallest multiple of {@value LengthStats#STEP} WordPieces that holds
   * {@value LengthStats#COVERAGE} of the training texts whole, at most {@code cap}; prints the distribution and the
   * choice. Depends only on the training data, so a resumed run chooses the same.
   */
  private int autoMaxLength(PretrainedBert bert, int cap) {
    List<dev.bertune.data.Review> reviews = dev.bertune.data.ReviewReader.read(
        dev.bertune.data.DataSource.parse(config.data().train()), config.data().options()).reviews();
    try (WordPieceTokenizer measure = WordPieceTokenizer.create(bert.vocabFile(), bert.lowerCase(), cap,
        config.tokenizer().truncation(), config.data().cacheDir())) {
      LengthStats stats = LengthStats.of(PreparedData.untruncatedLengths(measure, reviews));
      int chosen = stats.chooseMaxLength(cap);
      log.printf(Locale.ROOT, "tokenizer.max-length = auto: %d (the smallest multiple of %d covering %.0f%% of the %d"
          + " training texts, at most %d); WordPieces per text: %s%n", chosen, LengthStats.STEP,
          100 * LengthStats.COVERAGE, reviews.size(), cap, stats.describe());
      return chosen;
    }
  }

  /** How the model's graph differs from the saved one, as "; ..." clauses for the mode line. */
  private String graphNotes(ClassifierModel model) {
    StringBuilder notes = new StringBuilder();
    if (model.clsOnlyTopLayer()) {
      notes.append("; last layer computed for [CLS] only");
    } else if (config.model().clsOnlyTopLayer()) {
      notes.append("; last layer as saved (graph layout not Google's BERT)");
    }
    if (model.bert().einsumAttentionProducts() > 0) {
      notes.append("; attention products as Einsum");
    }
    if (model.bert().fusedLayerNorms() > 0) {
      notes.append("; LayerNorms fused");
    }
    return notes.toString();
  }

  /** What training left: the history, the test set's predictions (if any), and whether Ctrl-C stopped it. */
  private record Fitted(History history, Optional<Trainer.PredictionSet> test, boolean interrupted) {}

  /**
   * With {@code task.tune-thresholds}: each output's threshold chosen on the validation predictions to maximise its
   * F1 (multi-label labels, or a binary task's positive class), used from now on and exported.
   */
  private void tuneThresholds(Trainer trainer, Trainer.PredictionSet validation) {
    Task task = trainer.task();
    if (!config.task().tuneThresholds() || task.thresholds().length == 0) {
      if (config.task().tuneThresholds()) {
        log.println("task.tune-thresholds: a multi-class prediction is the most probable class; nothing to tune");
      }
      return;
    }
    boolean[][] truth = new boolean[validation.targets().length][];
    for (int i = 0; i < truth.length; i++) {
      truth[i] = new boolean[task.outputs()];
      for (int k = 0; k < task.outputs(); k++) {
        truth[i][k] = validation.targets()[i][k] == 1f;
      }
    }
    double[] tuned = Thresholds.bestF1(validation.probabilities(), truth, config.task().threshold());
    trainer.useThresholds(tuned);
    StringBuilder line = new StringBuilder("thresholds tuned on validation (best F1 per label):");
    List<String> names = task.outputNames();
    for (int k = 0; k < tuned.length; k++) {
      line.append(String.format(Locale.ROOT, " %s %.3f", names.get(k), tuned[k]));
    }
    log.println(line);
  }

  /**
   * Fits (from a checkpoint when resuming), then puts the validation metrics into {@code metrics} and predicts the
   * test set; on Ctrl-C writes a checkpoint instead and says how to resume.
   */
  private Fitted fitAndTest(ClassifierModel model, Trainer trainer, Checkpoints checkpoints, PreparedData data,
      Path runDir, Optional<Checkpoints.State> resume, Timings timings, Map<String, TaskMetrics> metrics)
      throws IOException {
    BertuneConfig.Train t = config.train();
    try (Streams streams = streams(model, data, runDir, timings)) {
      long totalSteps = (long) streams.train().batchesPerEpoch() * t.epochs();
      LearningRateSchedule schedule = LearningRateSchedule.WarmupLinear.of(t.warmupFraction(), totalSteps);
      FitPlan plan = FitPlan.fresh(t.epochs(), schedule, control);
      if (resume.isPresent()) {
        Checkpoints.State s = resume.get();
        Checkpoints.restore(runDir.resolve("checkpoints"), Checkpoints.LAST, model);
        trainer.setStep(s.step());
        model.setPendingAccumulation(s.pendingAccumulation());
        plan = resumePlan(s, schedule, runDir);
      }
      List<Callback> callbacks = callbacks(runDir, checkpoints);
      FitPlan fitPlan = plan;
      History history;
      try (InterruptHandler ignored = InterruptHandler.install(control, log)) {
        history = timings.time(streams.cachedFeatures() ? "head training" : "fit",
            () -> trainer.fit(streams.train(), streams.validation(), fitPlan, callbacks));
      } finally {
        for (Callback c : callbacks) {
          if (c instanceof AutoCloseable closeable) {
            closeQuietly(closeable);
          }
        }
      }
      if (control.stopRequested() && !control.interrupted() && config.callbacks().checkpoint().enabled()) {
        checkpoints.saveTrainingDone(trainer);
      }
      if (control.interrupted()) {
        checkpoints.saveLast(trainer, trainer.epochComplete());
        log.printf(Locale.ROOT, "interrupted at epoch %d, batch %d: checkpoint written; continue with%n"
            + "  java -jar target/bertune.jar train --resume %s%n", trainer.epoch(), trainer.batchInEpoch(), runDir);
        return new Fitted(history, Optional.empty(), true);
      }
      if (streams.validation().isPresent()) {
        // the last epoch's validation is current unless early stopping loaded other weights
        Trainer.PredictionSet validation = earlyStoppingRestored(callbacks) || trainer.lastValidation().isEmpty()
            ? trainer.predict(streams.validation().get(), "validation") : trainer.lastValidation().get();
        tuneThresholds(trainer, validation);
        metrics.put("validation", validation.metrics(trainer.task()));
      }
      Optional<Trainer.PredictionSet> test = streams.test().isEmpty() ? Optional.empty()
          : Optional.of(timings.time("test", () -> trainer.predict(streams.test().get(), "test")));
      return new Fitted(history, test, false);
    }
  }

  /**
   * Where a resumed run starts: after its checkpoint's epoch, inside it, or after training when early stopping
   * ended it (then it only tests and exports); says which.
   */
  private FitPlan resumePlan(Checkpoints.State s, LearningRateSchedule schedule, Path runDir) {
    int epochs = config.train().epochs();
    if (s.trainingDone()) {
      log.printf(Locale.ROOT, "resuming %s after training, which early stopping ended at epoch %d (step %d)%n",
          runDir, s.epoch(), s.step());
      return new FitPlan(epochs, schedule, epochs + 1, 0, s.history(), Optional.empty(), control);
    }
    FitPlan plan = s.epochComplete()
        ? new FitPlan(epochs, schedule, s.epoch() + 1, 0, s.history(), Optional.empty(), control)
        : new FitPlan(epochs, schedule, s.epoch(), s.batchInEpoch(), s.history(),
            Optional.ofNullable(s.partialEpoch()), control);
    log.printf(Locale.ROOT, "resuming %s at epoch %d, batch %d (step %d)%n", runDir, plan.startEpoch(),
        plan.skipBatches(), s.step());
    return plan;
  }

  /** Puts the test metrics into {@code metrics}, draws the plots and returns their file names. */
  private List<String> testMetricsAndPlots(Path runDir, Task task, Fitted fitted, Map<String, TaskMetrics> metrics)
      throws IOException {
    List<String> images = new ArrayList<>();
    Plots.trainingCurves(runDir.resolve("training-curves.png"), fitted.history().epochs(), task.runningMetric());
    images.add("training-curves.png");
    if (fitted.test().isPresent()) {
      Trainer.PredictionSet predictions = fitted.test().get();
      TaskMetrics m = predictions.metrics(task);
      metrics.put("test", m);
      log.printf(Locale.ROOT, "test: %s%n", m.describe());
      images.addAll(TaskPlots.draw(runDir, task, m, predictions.probabilities(), predictions.targets()));
    }
    return images;
  }

  /** run-stats.json, report.md and the closing lines: where the tokens and the wall time went. */
  private void report(ClassifierModel model, PreparedData data, Path runDir, Trainer trainer,
      Checkpoints checkpoints, History history, Map<String, TaskMetrics> metrics, List<String> images,
      Timings timings, long start) throws IOException {
    String runId = runDir.getFileName().toString();
    double total = (System.nanoTime() - start) / 1e9;
    timings.put("total", total);
    RunStats stats = new RunStats(trainer.realTokens() + extractedReal, trainer.computedTokens() + extractedComputed,
        data.cacheHits(), data.parts(), featureHits, featureParts, timings.seconds());
    log.println(stats.describe());
    AtomicFiles.writeString(runDir.resolve("run-stats.json"), stats.json());
    timings.put("inside TensorFlow (model steps)", trainer.modelSeconds());
    timings.put("checkpoint writes (inside fit)", checkpoints.seconds());
    Map<String, String> dataSummary = dataSummary(data);
    dataSummary.putAll(stats.summary());
    Map<String, List<dev.bertune.metrics.ClassReport>> perClass = new LinkedHashMap<>();
    metrics.forEach((part, m) -> {
      if (!m.perClass().isEmpty()) {
        perClass.put(part, m.perClass());
      }
    });
    ReportWriter.write(runDir, new ReportData(runId, "bertune run " + runId, configSummary(model, trainer.task()),
        dataSummary, timings.formatted(), history.epochs(), scalars(metrics), perClass, images, chanceWarnings));
    log.printf(Locale.ROOT, "run directory: %s (report.md, metrics.json, history.csv, plots)%n", runDir);
    log.println(wallTimeLine(total, trainer.modelSeconds(), extractSeconds, checkpoints.seconds()));
  }

  /**
   * Where the wall time went: inside TensorFlow (the model's session runs and TensorFlow's checkpoint writer, {@code
   * SaveV2}) and the rest (loading, tokenizing, graph building, logging, export).
   */
  static String wallTimeLine(double total, double modelSteps, double extraction, double checkpointWrites) {
    double model = modelSteps + extraction;
    double inside = model + checkpointWrites;
    return String.format(Locale.ROOT, "wall time %.1f s: %.1f s inside TensorFlow (%.0f%%): running the model %.1f s"
            + " (%.0f%%: training and evaluation steps %.1f s, feature extraction %.1f s), writing checkpoints %.1f s"
            + " (%.0f%%); the rest (loading, tokenizing, graph building, export) %.1f s",
        total, inside, 100 * inside / total, model, 100 * model / total, modelSteps, extraction, checkpointWrites,
        100 * checkpointWrites / total, total - inside);
  }

  private static boolean earlyStoppingRestored(List<Callback> callbacks) {
    return callbacks.stream().anyMatch(c -> c instanceof EarlyStopping e && e.restoredBest());
  }

  private StageProgress progress() {
    return config.run().progress() ? StageProgress.console() : StageProgress.none();
  }

  private List<Callback> callbacks(Path runDir, Checkpoints checkpoints) {
    BertuneConfig.Callbacks c = config.callbacks();
    List<Callback> callbacks = new ArrayList<>();
    callbacks.add(checkpoints); // records the epoch logs that checkpoints carry
    if (config.run().progress()) {
      callbacks.add(ProgressBar.console());
    }
    callbacks.add(new CsvLogger(runDir.resolve("history.csv")));
    if (c.checkpoint().enabled()) {
      callbacks.add(new ModelCheckpoint(c.checkpoint(), checkpoints));
    }
    if (c.earlyStopping().enabled()) {
      callbacks.add(new EarlyStopping(c.earlyStopping(), checkpoints));
    }
    if (c.tensorBoard().enabled()) {
      callbacks.add(new TensorBoard(runDir.resolve("tensorboard"), c.tensorBoard().everySteps()));
    }
    callbacks.addAll(extraCallbacks);
    return callbacks;
  }

  /**
   * The batch streams of a run. Full fine-tuning reads token batches from the tf.data pipelines; a frozen
   * encoder's output never changes, so its features are computed once (or read from the feature cache) and
   * the head trains on them.
   */
  private record Streams(BatchStream train, Optional<BatchStream> validation, Optional<BatchStream> test,
      boolean cachedFeatures) implements AutoCloseable {
    @Override
    public void close() {
      train.close();
      validation.ifPresent(BatchStream::close);
      test.ifPresent(BatchStream::close);
    }
  }

  private Streams streams(ClassifierModel model, PreparedData data, Path runDir, Timings timings)
      throws IOException {
    int batchSize = config.train().batchSize();
    long seed = config.train().seed();
    if (config.train().mode() != FineTuneMode.FROZEN) {
      BatchStream train = new TokenBatches(InputPipeline.training(data.train().entry(), batchSize, seed));
      return new Streams(train,
          data.validation().map(v -> new TokenBatches(InputPipeline.byLength(v.entry(), batchSize))),
          data.test().map(v -> new TokenBatches(InputPipeline.byLength(v.entry(), batchSize))), false);
    }
    FeatureCache cache = new FeatureCache(config.data().cacheDir().resolve("features"));
    String modelIdentity = model.bert().identity();
    String precision = SessionConfigs.name(SessionConfigs.effectivePrecision(config.runtime(), CpuFeatures.current()));
    Map<String, FeatureCache.Features> features = new LinkedHashMap<>();
    List<PreparedData.Part> parts = new ArrayList<>(List.of(data.train()));
    data.validation().ifPresent(parts::add);
    data.test().ifPresent(parts::add);
    try (InterruptibleStage stage = InterruptibleStage.enter("feature extraction",
        "the features of the parts not yet done were not cached", resumeHint(runDir), log)) {
      for (PreparedData.Part part : parts) {
        String key = String.join("|", "features-v1", part.entry().folder().getFileName().toString(), modelIdentity,
            config.head().features().name(), config.model().signature(), precision,
            Boolean.toString(config.runtime().xla()),
            model.clsOnlyTopLayer() ? "cls-only-top-layer" : "saved-top-layer",
            model.bert().einsumAttentionProducts() > 0 ? "einsum-attention" : "saved-attention",
            model.bert().fusedLayerNorms() > 0 ? "fused-layer-norm" : "saved-layer-norm");
        FeatureCache.Features f = timings.time("feature extraction", () -> DiskFull.whileWriting(features(runDir),
            () -> cache.getOrCompute(key, () -> extract(model, part, batchSize, stage))));
        int rows = f.vectors().length / f.hidden();
        log.printf(Locale.ROOT, "%s features: %s x %d %s%n", part.name(), rows == f.count() ? f.count()
            : f.count() + " texts in " + rows + " windows", f.hidden(), f.hit() ? "[feature cache hit]"
            : "[computed by BERT]");
        features.put(part.name(), f);
        featureParts++;
        featureHits += f.hit() ? 1 : 0;
      }
    }
    return new Streams(FeatureBatches.training(features.get("train"), batchSize, seed),
        Optional.ofNullable(features.get("validation")).map(f -> FeatureBatches.evaluation(f, batchSize)),
        Optional.ofNullable(features.get("test")).map(f -> FeatureBatches.evaluation(f, batchSize)), true);
  }

  /** The feature cache under data.cache-dir as a place that may fill up. */
  private DiskFull.Writing features(Path runDir) {
    return new DiskFull.Writing("the feature cache", config.data().cacheDir().resolve("features"),
        () -> afterDiskFull(runDir, "data.cache-dir"));
  }

  private FeatureCache.Features extract(ClassifierModel model, PreparedData.Part part, int batchSize,
      InterruptibleStage stage) {
    int hidden = model.bert().signature().hiddenSize();
    int n = part.entry().totalExamples();
    log.printf(Locale.ROOT, "%s features: computing %,d with BERT...%n", part.name(), n);
    int rows = part.entry().buckets().stream().mapToInt(b -> b.examples() * b.windows()).sum();
    float[] vectors = new float[rows * hidden];
    int k = part.entry().outputs();
    float[] labels = new float[n * k];
    int[] windows = new int[n];
    int row = 0;
    int example = 0;
    StageProgress progress = progress();
    progress.start(part.name() + " features", n);
    try (InputPipeline pipeline = InputPipeline.byLength(part.entry(), batchSize)) {
      pipeline.startEpoch(0);
      for (Optional<Batch> next = pipeline.next(); next.isPresent(); next = pipeline.next()) {
        try (Batch batch = next.get()) {
          long t0 = System.nanoTime();
          float[] f = model.extractFeatures(batch);
          extractSeconds += (System.nanoTime() - t0) / 1e9;
          System.arraycopy(f, 0, vectors, row * hidden, f.length);
          batch.labels().asRawTensor().data().asFloats().read(labels, example * k, batch.size() * k);
          java.util.Arrays.fill(windows, example, example + batch.size(), batch.windows());
          row += batch.rows();
          example += batch.size();
          extractedReal += batch.realTokens();
          extractedComputed += batch.computedTokens();
          progress.update(example);
        }
        stage.stopIfInterrupted();
      }
    }
    progress.end();
    return new FeatureCache.Features(vectors, labels, windows, hidden, k, false);
  }

  private ServingExporter.Exported export(ClassifierModel model, Task task, WordPieceTokenizer tokenizer,
      PreparedData data, Provenance provenance, ConfigProto sessionConfig, InterruptibleStage stage)
      throws IOException {
    PreparedData.Part sample = data.test().or(data::validation).orElse(data.train());
    List<TokenizedExample> examples = sample.entry().readExamples();
    List<TokenizedExample> verify = examples.subList(0, Math.min(config.export().verifyExamples(), examples.size()));
    Map<String, Path> files = new LinkedHashMap<>();
    files.put("vocab.txt", model.bert().vocabFile());
    files.put("tokenizer.json", tokenizer.tokenizerJson());
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("provenance.json", provenance.json());
    texts.put("tokenizer-config.json", TokenizerSettingsFile.json(tokenizer, config.tokenizer().windows(),
        config.data().options().textPairs()));
    texts.put(TaskFile.NAME, TaskFile.json(task));
    texts.put(TaskFile.LABELS, TaskFile.labels(task));
    try (Batch batch = Batch.of(verify)) {
      return ServingExporter.export(model, task, config, new ServingExporter.ExtraAssets(files, texts, verify), batch,
          sessionConfig, stage::stopIfInterrupted);
    }
  }

  private Map<String, String> configSummary(ClassifierModel model, Task task) {
    Map<String, String> m = new LinkedHashMap<>();
    BertuneConfig.Train t = config.train();
    m.put("task", task.type().configName() + " (" + task.labels().size() + " labels: "
        + String.join(", ", task.labels()) + ")");
    m.put("loss", task.lossDescription());
    if (task.thresholds().length > 0) {
      m.put("thresholds", java.util.Arrays.toString(task.thresholds()));
    }
    m.put("mode", t.mode().name().toLowerCase(Locale.ROOT));
    m.put("trainable parameters", String.format(Locale.ROOT, "%,d", model.trainableParameterCount()));
    m.put("features", config.head().features().name().toLowerCase(Locale.ROOT));
    m.put("epochs", Integer.toString(t.epochs()));
    m.put("batch size", Integer.toString(t.batchSize()));
    m.put("learning rate (encoder / head)", t.encoderLearningRate() + " / " + t.headLearningRate());
    m.put("warm-up fraction", Double.toString(t.warmupFraction()));
    m.put("weight decay", Double.toString(t.weightDecay()));
    m.put("clip norm", Double.toString(t.clipNorm()));
    m.put("dropout", Double.toString(config.head().dropout()));
    if (config.data().options().textPairs()) {
      m.put("input", "text pairs: [CLS] " + config.data().options().textColumn() + " [SEP] "
          + config.data().options().textPairColumn() + " [SEP], cut longest first");
    }
    m.put("max length / truncation", tokenizerLength + (config.tokenizer().autoLength() ? " (auto)" : "") + " / "
        + config.tokenizer().truncation().configName());
    if (config.tokenizer().windows().windowed()) {
      m.put("long texts", config.tokenizer().windows().describe() + ", "
          + config.head().windowPooling().name().toLowerCase(Locale.ROOT) + " pooling");
    }
    m.put("seed", Long.toString(t.seed()));
    m.put("TensorFlow", TensorFlow.version());
    return m;
  }

  private static Map<String, String> dataSummary(PreparedData data) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("train", data.train().description());
    data.validation().ifPresent(v -> m.put("validation", v.description()));
    data.test().ifPresent(v -> m.put("test", v.description()));
    return m;
  }

  /** metrics.json: the task, then each part's metrics ({@link TaskMetrics#json()}). */
  private static void writeMetrics(Path file, Task task, Map<String, TaskMetrics> metrics) throws IOException {
    ObjectNode root = new ObjectMapper().createObjectNode();
    metrics.forEach((part, m) -> root.set(part, m.json()));
    root.set("task", task.json());
    AtomicFiles.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(root) + "\n");
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing after a failure must not hide the failure
    }
  }
}
