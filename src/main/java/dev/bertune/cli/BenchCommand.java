package dev.bertune.cli;

import dev.bertune.bench.BenchMode;
import dev.bertune.bench.BenchReport;
import dev.bertune.bench.Benchmark;
import dev.bertune.config.BertuneConfig;
import dev.bertune.config.ConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bertune bench --modes forward,frozen,full --batch 8 --seq 128 --precision bf16 --json}. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure throughput on synthetic batches (random token ids, every example exactly --seq long):"
        + " forward (feature extraction), frozen (frozen-encoder training step through the whole graph) and full"
        + " (full fine-tuning step: forward, backward, AdamW). Each mode loads a fresh model, runs --warmup untimed"
        + " steps, then reports the median and spread of --steps timed ones. Progress goes to stderr, results to"
        + " stdout.")
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--modes", defaultValue = "forward,frozen,full", paramLabel = "LIST",
      description = "Comma-separated: forward, frozen, full (default ${DEFAULT-VALUE}).")
  String modes;

  @Option(names = "--batch", defaultValue = "8", description = "Examples per step (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--seq", defaultValue = "128", description = "Tokens per example (default ${DEFAULT-VALUE}).")
  int seq;

  @Option(names = "--steps", defaultValue = "20", description = "Timed steps per mode (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--warmup", defaultValue = "3", description = "Untimed steps first (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--precision", paramLabel = "fp32|bf16", description = "Sets runtime.precision.")
  String precision;

  @Option(names = "--threads", paramLabel = "N",
      description = "Sets runtime.intra-op-threads (0 = TensorFlow's default: all cores).")
  Integer threads;

  @Option(names = "--xla", description = "Sets runtime.xla = true.")
  boolean xla;

  @Option(names = "--model", paramLabel = "DIR",
      description = "A BERT-shaped SavedModel (sets model.dir; default: the imported BERT-base).")
  Path model;

  @Option(names = "--seed", defaultValue = "1234", description = "Seed of the synthetic batch (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "Print the results as one JSON object instead of a table.")
  boolean json;

  @Option(names = "--profile",
      description = "Also trace a step of each mode: time inside vs outside TensorFlow's ops"
          + " and the 10 op types that took longest.")
  boolean profile;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Experiment file (HOCON) for everything else: head, learning rates, runtime. Default: reference.conf.")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() {
    Benchmark.Settings settings = new Benchmark.Settings(BenchMode.parseList(modes), batch, seq, steps, warmup,
        profile, seed);
    BertuneConfig cfg = ConfigLoader.load(Optional.ofNullable(config), allOverrides());
    BenchReport report = new Benchmark(cfg, settings, System.err).run();
    System.out.println(json ? report.json() : report.table());
    return 0;
  }

  /** {@code --set} values, then the dedicated options, which win. */
  private List<String> allOverrides() {
    List<String> all = new ArrayList<>(overrides);
    if (precision != null) {
      all.add("runtime.precision=" + precision);
    }
    if (threads != null) {
      all.add("runtime.intra-op-threads=" + threads);
    }
    if (xla) {
      all.add("runtime.xla=true");
    }
    if (model != null) {
      all.add("model.dir=\"" + model + "\"");
    }
    return all;
  }
}
