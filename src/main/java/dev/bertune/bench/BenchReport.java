package dev.bertune.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The numbers of one {@code bertune bench} run, as an aligned table or as JSON.
 *
 * @param gemmBefore GFLOPS of the {@link GemmCheck} before the first mode; {@code gemmAfter} after the last
 */
public record BenchReport(Environment environment, Benchmark.Settings settings, List<ModeResult> modes,
    double gemmBefore, double gemmAfter) {

  public BenchReport {
    modes = List.copyOf(modes);
  }

  /**
   * Where and how it ran.
   *
   * @param precision what the sessions computed in; {@code requestedPrecision} what the config asked for
   */
  public record Environment(String model, String tensorflow, String java, String cpu, int cores,
      String requestedPrecision, String precision, int intraOpThreads, int interOpThreads, boolean xla) {}

  /**
   * One mode's measurements.
   *
   * @param loadSeconds loading the SavedModel and building head, loss and optimizer
   * @param firstStepSeconds the first warm-up step (graph optimisation, rewrites, XLA compilation); NaN without
   *     warm-up
   * @param stepFlops analytic FLOPs of one step ({@link BertFlops} × batch × {@link BenchMode#forwardMultiple})
   * @param peakRssBytes VmHWM after the mode, -1 if unknown
   * @param peakReset whether the peak was reset to the current RSS before the mode (else it is the process's peak
   *     so far); memory kept from earlier modes still counts: run one mode per process for a clean figure
   * @param startRssBytes RSS when the mode started (after the reset), -1 if unknown
   * @param othersBusy fraction of all cores busy with other processes during the timed steps ({@link CpuLoad});
   *     NaN if unknown
   * @param loss the last timed step's training loss; NaN for forward
   * @param clsOnlyTopLayer whether BERT's last layer ran for the [CLS] row only (model.cls-only-top-layer)
   * @param einsumProducts attention products loaded as Einsum (model.einsum-attention); 0: as saved
   * @param fusedLayerNorms LayerNorms loaded as one fused op (model.fused-layer-norm); 0: as saved
   */
  public record ModeResult(BenchMode mode, double loadSeconds, double firstStepSeconds, StepStats stats,
      double stepFlops, long peakRssBytes, boolean peakReset, long startRssBytes, double othersBusy, double loss,
      boolean clsOnlyTopLayer, int einsumProducts, int fusedLayerNorms, Optional<OpProfile> profile) {}

  /** Above this {@link ModeResult#othersBusy}, the table warns that the numbers are not reliable. */
  public static final double BUSY_WARNING = 0.05;

  public double examplesPerSecond(ModeResult r) {
    return settings.batch() / r.stats().median();
  }

  public double tokensPerSecond(ModeResult r) {
    return (double) settings.batch() * settings.seq() / r.stats().median();
  }

  public double achievedGflops(ModeResult r) {
    return r.stepFlops() / r.stats().median() / 1e9;
  }

  /** Forward GFLOP of one example (sequence) of {@code seq} tokens. */
  public double forwardGflopPerExample(ModeResult r) {
    return r.stepFlops() / r.mode().forwardMultiple() / settings.batch() / 1e9;
  }

  /** The aligned table (and the profiles, when taken). */
  public String table() {
    Environment e = environment;
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "bertune bench: %s, batch %d x seq %d, %d warm-up + %d timed steps%n",
        e.model(), settings.batch(), settings.seq(), settings.warmup(), settings.steps()));
    out.append(String.format(Locale.ROOT, "TensorFlow %s, Java %s, %s, %d cores; precision %s%s, intra-op threads %s,"
            + " inter-op threads %s, XLA %s%n",
        e.tensorflow(), e.java(), e.cpu(), e.cores(), e.precision(),
        e.precision().equals(e.requestedPrecision()) ? "" : " (asked " + e.requestedPrecision() + ")",
        threads(e.intraOpThreads()), threads(e.interOpThreads()), e.xla() ? "on" : "off"));
    out.append(String.format(Locale.ROOT, "MatMul check (%d x %d, same session options): %.0f GFLOPS before, %.0f"
        + " after%n%n", GemmCheck.N, GemmCheck.N, gemmBefore, gemmAfter));
    String header = "%-8s %9s %9s %9s %9s %9s %8s %8s %9s %10s %7s %8s %9s %7s %7s%n";
    String row = "%-8s %9.4f %9.4f %9.4f %9.4f %9.4f %8.4f %8.2f %9.0f %10.4g %7.3g %8s %9.2f %7.1f %7s%n";
    out.append(String.format(Locale.ROOT, header, "mode", "median s", "min s", "p25 s", "p75 s", "max s", "stddev",
        "ex/s", "tokens/s", "GFLOP/step", "GFLOPS", "peak MB", "1st step", "load s", "others"));
    for (ModeResult r : modes) {
      StepStats s = r.stats();
      out.append(String.format(Locale.ROOT, row, r.mode().configName(), s.median(), s.min(), s.p25(), s.p75(),
          s.max(), s.stddev(), examplesPerSecond(r), tokensPerSecond(r), r.stepFlops() / 1e9, achievedGflops(r),
          r.peakRssBytes() < 0 ? "?" : String.format(Locale.ROOT, "%.0f", r.peakRssBytes() / 1048576.0),
          r.firstStepSeconds(), r.loadSeconds(),
          Double.isNaN(r.othersBusy()) ? "?" : String.format(Locale.ROOT, "%.0f%%", 100 * r.othersBusy())));
    }
    out.append(String.format(Locale.ROOT, "%nGFLOP/step: analytic matmul FLOPs (forward %.4g GFLOP per example;"
        + " frozen = 1x, full = 3x forward). peak MB: VmHWM (MiB), %s.%n"
        + "others: share of all cores busy with other processes during the timed steps (/proc/stat minus this"
        + " process).%n"
        + "last layer: %s.%n"
        + "attention: %s.%n"
        + "LayerNorm: %s.%n",
        modes.isEmpty() ? 0 : forwardGflopPerExample(modes.get(0)),
        modes.stream().allMatch(ModeResult::peakReset)
            ? "reset to the current RSS before each mode (memory kept from earlier modes counts)"
            : "of the whole process so far",
        graphNote(modes, ModeResult::clsOnlyTopLayer, "computed for [CLS] only (model.cls-only-top-layer;"
            + " the GFLOP column counts the full layer)", "[CLS] only in some modes"),
        graphNote(modes, r -> r.einsumProducts() > 0, "products as Einsum (model.einsum-attention)",
            "Einsum in some modes"),
        graphNote(modes, r -> r.fusedLayerNorms() > 0, "fused (model.fused-layer-norm)", "fused in some modes")));
    double busiest = modes.stream().mapToDouble(ModeResult::othersBusy).filter(d -> !Double.isNaN(d)).max()
        .orElse(0);
    if (busiest > BUSY_WARNING) {
      out.append(String.format(Locale.ROOT, "warning: other processes kept up to %.0f%% of the cores busy: these"
          + " timings are not reliable; rerun on a quiet machine.%n", 100 * busiest));
    }
    for (ModeResult r : modes) {
      r.profile().ifPresent(p -> out.append(profileTable(r.mode(), p)));
    }
    return out.toString();
  }

  private static String threads(int n) {
    return n == 0 ? "TF default" : Integer.toString(n);
  }

  private static String profileTable(BenchMode mode, OpProfile p) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%nprofile of one traced %s step: %.3f s wall (untraced median %.3f s);"
            + " ops ran during %.3f s (first op start to last op end), %d op executions;%n"
            + "outside the ops (session.run setup, feeding, fetching, Java; also collecting the trace): at most"
            + " %.3f s (%.1f%% of the traced step)%n",
        mode.configName(), p.tracedSeconds(), p.stepSeconds(), p.executorSeconds(), p.ops(),
        p.outsideExecutorSeconds(), 100 * p.outsideExecutorSeconds() / p.tracedSeconds()));
    out.append(String.format(Locale.ROOT, "%-32s %7s %10s %7s %10s%n", "op type", "count", "total ms", "share",
        "mean us"));
    for (OpProfile.OpType t : p.top()) {
      out.append(String.format(Locale.ROOT, "%-32s %7d %10.1f %6.1f%% %10.1f%n", t.type(), t.count(),
          t.seconds() * 1e3, 100 * t.share(), t.seconds() * 1e6 / t.count()));
    }
    out.append(String.format(Locale.ROOT, "(summed op time %.3f s; ops running side by side make it exceed the span)%n",
        p.opSeconds()));
    return out.toString();
  }

  /** One JSON object; field names follow the PyTorch reference's where they mean the same. */
  public String json() {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    Environment e = environment;
    root.put("model", e.model());
    root.put("tensorflow", e.tensorflow());
    root.put("java", e.java());
    root.put("cpu", e.cpu());
    root.put("cores", e.cores());
    root.put("precision", e.precision());
    root.put("precision_requested", e.requestedPrecision());
    root.put("intra_op_threads", e.intraOpThreads());
    root.put("inter_op_threads", e.interOpThreads());
    root.put("xla", e.xla());
    root.put("batch", settings.batch());
    root.put("seq", settings.seq());
    root.put("steps", settings.steps());
    root.put("warmup", settings.warmup());
    root.put("seed", settings.seed());
    root.put("gemm_gflops_before", gemmBefore);
    root.put("gemm_gflops_after", gemmAfter);
    ArrayNode list = root.putArray("modes");
    for (ModeResult r : modes) {
      ObjectNode m = list.addObject();
      StepStats s = r.stats();
      m.put("mode", r.mode().configName());
      m.put("sec_per_step", s.median());
      m.put("sec_min", s.min());
      m.put("sec_p25", s.p25());
      m.put("sec_p75", s.p75());
      m.put("sec_max", s.max());
      m.put("sec_stddev", s.stddev());
      ArrayNode times = m.putArray("step_times");
      for (double t : s.seconds()) {
        times.add(t);
      }
      m.put("examples_per_sec", examplesPerSecond(r));
      m.put("tokens_per_sec", tokensPerSecond(r));
      m.put("fwd_gflop_per_example", forwardGflopPerExample(r));
      m.put("gflop_per_step", r.stepFlops() / 1e9);
      m.put("achieved_gflops", achievedGflops(r));
      putNumber(m, "peak_rss_mb", r.peakRssBytes() < 0 ? Double.NaN : r.peakRssBytes() / 1048576.0);
      m.put("peak_rss_per_mode", r.peakReset());
      putNumber(m, "start_rss_mb", r.startRssBytes() < 0 ? Double.NaN : r.startRssBytes() / 1048576.0);
      putNumber(m, "other_cpu_busy", r.othersBusy());
      putNumber(m, "first_step_sec", r.firstStepSeconds());
      m.put("load_sec", r.loadSeconds());
      putNumber(m, "loss", r.loss());
      m.put("cls_only_top_layer", r.clsOnlyTopLayer());
      m.put("einsum_attention_products", r.einsumProducts());
      m.put("fused_layer_norms", r.fusedLayerNorms());
      r.profile().ifPresent(p -> {
        ObjectNode node = m.putObject("profile");
        node.put("traced_step_sec", p.tracedSeconds());
        node.put("executor_sec", p.executorSeconds());
        node.put("outside_executor_sec", p.outsideExecutorSeconds());
        node.put("op_sec_total", p.opSeconds());
        node.put("op_executions", p.ops());
        ArrayNode top = node.putArray("top_op_types");
        for (OpProfile.OpType t : p.top()) {
          top.addObject().put("type", t.type()).put("count", t.count()).put("sec", t.seconds())
              .put("share", t.share());
        }
      });
    }
    return root.toString();
  }

  /** {@code all} when every mode ran with a graph rewrite, "as saved" when none did, else {@code some}. */
  private static String graphNote(List<ModeResult> modes, java.util.function.Predicate<ModeResult> rewritten,
      String all, String some) {
    return modes.stream().allMatch(rewritten) ? all : modes.stream().noneMatch(rewritten) ? "as saved" : some;
  }

  private static void putNumber(ObjectNode node, String key, double value) {
    if (Double.isNaN(value)) {
      node.putNull(key);
    } else {
      node.put(key, value);
    }
  }
}
