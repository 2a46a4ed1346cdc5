package dev.bertune.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bertune.BertuneException;
import dev.bertune.config.BertuneConfig;
import dev.bertune.config.ConfigLoader;
import dev.bertune.data.DataSource;
import dev.bertune.run.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bertune train [--config FILE | --resume RUN_DIR | --from-provenance FILE] [--set key=value]...}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Fine-tune BERT on the configured data, evaluate it and export it for TF Serving.")
final class TrainCommand implements Callable<Integer> {
  /** The default run's file, used when no --config is given and it exists. */
  static final Path DEFAULT_CONFIG = Path.of("config", "application.conf");
  /** Exit status of a run stopped by Ctrl-C after writing its checkpoint. */
  static final int INTERRUPTED = 130;

  @ArgGroup(exclusive = true)
  Source source = new Source();

  static final class Source {
    @Option(names = "--config", paramLabel = "FILE",
        description = "Experiment file (HOCON); default: config/application.conf when present. "
            + "Defaults of every key come from reference.conf.")
    Path config;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
        description = "Continue an interrupted run (runs/<run-id>) from its last checkpoint, with its own config.")
    Path resume;

    @Option(names = "--from-provenance", paramLabel = "FILE",
        description = "Rerun the experiment recorded in a provenance.json (run directory or export assets.extra/).")
    Path provenance;
  }

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override one setting, e.g. --set train.epochs=2 (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    BertuneConfig cfg;
    Optional<Path> resume = Optional.ofNullable(source.resume);
    if (resume.isPresent()) {
      Path file = resume.get().resolve("config.conf");
      if (!Files.isRegularFile(file)) {
        throw new BertuneException(resume.get() + " is not a run directory (no config.conf)");
      }
      cfg = ConfigLoader.load(Optional.of(file), overrides);
    } else if (source.provenance != null) {
      cfg = fromProvenance(source.provenance);
    } else {
      Optional<Path> file = Optional.ofNullable(source.config)
          .or(() -> Files.isRegularFile(DEFAULT_CONFIG) ? Optional.of(DEFAULT_CONFIG) : Optional.empty());
      file.ifPresent(f -> System.out.println("config: " + f + (overrides.isEmpty() ? "" : " + " + overrides)));
      cfg = ConfigLoader.load(file, overrides);
    }
    TrainingRun.Outcome outcome = new TrainingRun(cfg, System.out, resume, List.of()).execute();
    return outcome.interrupted() ? INTERRUPTED : 0;
  }

  private BertuneConfig fromProvenance(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new BertuneException("provenance file not found: " + file);
    }
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    JsonNode config = root.get("config");
    if (config == null || !config.isTextual()) {
      throw new BertuneException(file + " has no \"config\" (is it a bertune provenance.json?)");
    }
    Path tmp = Files.createTempFile("bertune-provenance", ".conf");
    try {
      Files.writeString(tmp, config.asText());
      List<String> all = new ArrayList<>(List.of("run.id=\"\""));
      all.addAll(overrides);
      BertuneConfig cfg = ConfigLoader.load(Optional.of(tmp), all);
      System.out.println("config: recorded in " + file + " (run " + root.path("run_id").asText() + ")");
      checkData(root.get("data"));
      return cfg;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Warns when a data source has changed since the recorded run (same config, different data). */
  private static void checkData(JsonNode data) {
    if (data == null) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String recorded = e.getValue().path("sha256").asText();
      String now;
      try {
        now = DataSource.parse(e.getKey()).sha256();
      } catch (BertuneException missing) {
        System.out.println("warning: " + e.getKey() + " is gone: " + missing.getMessage());
        continue;
      }
      if (!now.equals(recorded)) {
        System.out.println("warning: " + e.getKey() + " changed since the recorded run (SHA-256 " + recorded
            + " then, " + now + " now): the rerun will not reproduce it");
      }
    }
  }
}
