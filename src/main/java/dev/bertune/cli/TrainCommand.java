package dev.bertune.cli;

import dev.bertune.config.BertuneConfig;
import dev.bertune.config.ConfigLoader;
import dev.bertune.run.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bertune train --config config/full.conf --set train.epochs=2}. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Fine-tune BERT on the configured data, evaluate it and export it for TF Serving.")
final class TrainCommand implements Callable<Integer> {
  /** The default run's file, used when no --config is given and it exists. */
  static final Path DEFAULT_CONFIG = Path.of("config", "application.conf");

  @Option(names = "--config", paramLabel = "FILE",
      description = "Experiment file (HOCON); default: config/application.conf when present. "
          + "Defaults of every key come from reference.conf.")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override one setting, e.g. --set train.epochs=2 (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Optional<Path> file = Optional.ofNullable(config)
        .or(() -> Files.isRegularFile(DEFAULT_CONFIG) ? Optional.of(DEFAULT_CONFIG) : Optional.empty());
    file.ifPresent(f -> System.out.println("config: " + f + (overrides.isEmpty() ? "" : " + " + overrides)));
    BertuneConfig cfg = ConfigLoader.load(file, overrides);
    new TrainingRun(cfg, System.out).execute();
    return 0;
  }
}
