package dev.bertune.bench;

import dev.bertune.BertuneException;
import dev.bertune.config.BertuneConfig;
import dev.bertune.model.ClassifierModel;
import dev.bertune.model.NativeMemory;
import dev.bertune.model.OneDnnWeightCache;
import dev.bertune.model.PretrainedBert;
import dev.bertune.model.ResourceVariable;
import dev.bertune.pipeline.Batch;
import dev.bertune.run.CpuFeatures;
import dev.bertune.task.BinaryTask;
import dev.bertune.run.SessionConfigs;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;

/**
 * Measures each {@link BenchMode} on a fresh model: load and build (not timed as steps), {@code warmup} steps
 * (the first one pays graph optimisation, the bf16 rewrite and XLA compilation), then {@code steps} timed steps,
 * each the wall time of one Java call ({@code extractFeatures} or {@code trainStep}) on the same synthetic batch.
 */
public final class Benchmark {
  /** Op types listed by the profile. */
  public static final int PROFILE_TOP = 10;

  /**
   * What to measure.
   *
   * @param modes in the order they run (one fresh model each)
   * @param batch examples per step, B
   * @param seq tokens per example, T (every example exactly T long, mask all 1)
   * @param steps timed steps per mode
   * @param warmup untimed steps before them
   * @param profile after the timed steps, trace two more steps of each mode (step stats, {@code
   *     SOFTWARE_TRACE}) and sum the faster one's op times per op type
   * @param seed of the synthetic batch
   */
  public record Settings(List<BenchMode> modes, int batch, int seq, int steps, int warmup, boolean profile,
      long seed) {
    public Settings {
      modes = List.copyOf(modes);
      if (modes.isEmpty()) {
        throw new BertuneException("--modes: give at least one of forward, frozen, full");
      }
      check("--batch", batch, 1, 4096);
      check("--seq", seq, 2, 4096);
      check("--steps", steps, 1, 1_000_000);
      check("--warmup", warmup, 0, 1_000_000);
    }

    private static void check(String option, int value, int min, int max) {
      if (value < min || value > max) {
        throw new BertuneException(option + " = " + value + " is out of range; accepted: " + min + " to " + max);
      }
    }
  }

  private final BertuneConfig config;
  private final Settings settings;
  private final PrintStream progress;

  /**
   * @param config everything else (model, head, learning rates, runtime); {@code train.mode} is set per mode
   * @param progress where one line per phase goes (stderr in the CLI)
   */
  public Benchmark(BertuneConfig config, Settings settings, PrintStream progress) {
    this.config = config;
    this.settings = settings;
    this.progress = progress;
  }

  /** Runs every mode in turn. */
  public BenchReport run() {
    if (settings.modes().stream().anyMatch(BenchMode::trains)) {
      OneDnnWeightCache.requireFreshWeights(); // before any work (every training step checks too)
    }
    CpuFeatures cpu = CpuFeatures.current();
    ConfigProto session = SessionConfigs.of(config.runtime());
    double gemmBefore = GemmCheck.gflops(session);
    progress.printf(Locale.ROOT, "bench: %d x %d MatMul check: %.0f GFLOPS%n", GemmCheck.N, GemmCheck.N, gemmBefore);
    List<BenchReport.ModeResult> results = new ArrayList<>();
    for (BenchMode mode : settings.modes()) {
      results.add(measure(mode, session));
    }
    double gemmAfter = GemmCheck.gflops(session);
    BertuneConfig.Runtime rt = config.runtime();
    BenchReport.Environment env = new BenchReport.Environment(config.model().dir().toString(), TensorFlow.version(),
        System.getProperty("java.version"), cpu.modelName(), Runtime.getRuntime().availableProcessors(),
        SessionConfigs.name(rt.precision()), SessionConfigs.name(SessionConfigs.effectivePrecision(rt, cpu)),
        rt.intraOpThreads(), rt.interOpThreads(), rt.xla());
    return new BenchReport(env, settings, results, gemmBefore, gemmAfter);
  }

  private BenchReport.ModeResult measure(BenchMode mode, ConfigProto session) {
    progress.printf(Locale.ROOT, "bench %s: loading %s%n", mode.configName(), config.model().dir());
    boolean peakReset = NativeMemory.resetPeak();
    long startRss = NativeMemory.residentBytes().orElse(-1);
    long t0 = System.nanoTime();
    try (ClassifierModel model = build(mode, session)) {
      double loadSeconds = seconds(t0);
      int maxPositions = model.bert().signature().maxPositions();
      if (settings.seq() > maxPositions) {
        throw new BertuneException("--seq " + settings.seq() + " exceeds the model's " + maxPositions
            + " position embeddings");
      }
      List<ResourceVariable> flopVariables = new ArrayList<>(model.encoderVariables());
      flopVariables.addAll(model.head().variables());
      double stepFlops = BertFlops.of(flopVariables).forwardPerSequence(settings.seq()) * settings.batch()
          * mode.forwardMultiple();
      try (Batch batch = SyntheticBatch.create(settings.batch(), settings.seq(),
          vocabularySize(model.bert().vocabFile()), settings.seed())) {
        Step step = stepOf(mode, model, batch);
        progress.printf(Locale.ROOT, "bench %s: built in %.1f s; %d warm-up + %d timed steps of %d x %d%n",
            mode.configName(), loadSeconds, settings.warmup(), settings.steps(), settings.batch(), settings.seq());
        Timed timed = time(step);
        Optional<OpProfile> profile = settings.profile()
            ? Optional.of(profile(mode, model, batch, timed.stats().median())) : Optional.empty();
        OptionalLong peak = NativeMemory.peakResidentBytes();
        progress.printf(Locale.ROOT, "bench %s: median %.3f s/step%n", mode.configName(), timed.stats().median());
        return new BenchReport.ModeResult(mode, loadSeconds, timed.firstStep(), timed.stats(), stepFlops,
            peak.isPresent() ? peak.getAsLong() : -1, peakReset, startRss, timed.othersBusy(), timed.lastLoss(),
            model.clsOnlyTopLayer(), model.bert().einsumAttentionProducts(), model.bert().fusedLayerNorms(),
            profile);
      }
    }
  }

  /** What the step loop measured; see {@link BenchReport.ModeResult}. */
  private record Timed(double firstStep, StepStats stats, double lastLoss, double othersBusy) {}

  /** The warm-up steps (the first one timed on its own), then the timed steps. */
  private Timed time(Step step) {
    double firstStep = Double.NaN;
    for (int i = 0; i < settings.warmup(); i++) {
      long s = System.nanoTime();
      step.run();
      if (i == 0) {
        firstStep = seconds(s);
      }
    }
    double[] times = new double[settings.steps()];
    double lastLoss = Double.NaN;
    Optional<CpuLoad.Sample> before = CpuLoad.sample();
    for (int i = 0; i < settings.steps(); i++) {
      long s = System.nanoTime();
      lastLoss = step.run();
      times[i] = seconds(s);
    }
    return new Timed(firstStep, StepStats.of(times), lastLoss, CpuLoad.othersBusy(before, CpuLoad.sample()));
  }

  private ClassifierModel build(BenchMode mode, ConfigProto session) {
    PretrainedBert bert = PretrainedBert.load(config.model(), session);
    try {
      return ClassifierModel.build(bert, withMode(config, mode), BinaryTask.sentimentTask());
    } catch (RuntimeException e) {
      bert.close();
      throw e;
    }
  }

  /** One benchmark step; returns the training loss (NaN for forward). */
  @FunctionalInterface
  private interface Step {
    double run();
  }

  private Step stepOf(BenchMode mode, ClassifierModel model, Batch batch) {
    double encoderLr = config.train().encoderLearningRate();
    double headLr = config.train().headLearningRate();
    return switch (mode) {
      case FORWARD -> () -> {
        model.extractFeatures(batch);
        return Double.NaN;
      };
      case FROZEN, FULL -> () -> model.trainStep(batch, new ClassifierModel.StepInputs(encoderLr, headLr, 0)).loss();
    };
  }

  /** Two traced steps (the first can pay one-off costs of tracing); keeps the faster. */
  private OpProfile profile(BenchMode mode, ClassifierModel model, Batch batch, double untracedMedian) {
    RunOptions trace = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.SOFTWARE_TRACE).build();
    OpProfile best = null;
    for (int i = 0; i < 2; i++) {
      long s = System.nanoTime();
      RunMetadata metadata = mode.trains()
          ? model.trainStepWithMetadata(batch, new ClassifierModel.StepInputs(
              config.train().encoderLearningRate(), config.train().headLearningRate(), 0), trace)
          : model.extractFeaturesWithMetadata(batch, trace);
      OpProfile p = OpProfile.of(metadata, seconds(s), untracedMedian, PROFILE_TOP);
      if (best == null || p.tracedSeconds() < best.tracedSeconds()) {
        best = p;
      }
    }
    return best;
  }

  /** {@code config} with {@code train.mode} set to the graph {@code mode} is measured on. */
  static BertuneConfig withMode(BertuneConfig c, BenchMode mode) {
    return c.withTrain(c.train().withMode(mode.graphMode()));
  }

  private static int vocabularySize(Path vocab) {
    try (Stream<String> lines = Files.lines(vocab)) {
      return Math.toIntExact(lines.count());
    } catch (IOException | UncheckedIOException e) {
      throw new BertuneException("cannot read " + vocab + ": " + e.getMessage(), e);
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
