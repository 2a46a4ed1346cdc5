package dev.bertune.bench;

import dev.bertune.BertuneException;
import dev.bertune.config.FineTuneMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** What one benchmark step does. */
public enum BenchMode {
  /** Feature extraction: BERT's forward pass up to the head's features, fetched to Java. */
  FORWARD(FineTuneMode.FROZEN, 1),
  /** A frozen-encoder training step through the whole graph: BERT forward, head forward, backward and AdamW. */
  FROZEN(FineTuneMode.FROZEN, 1),
  /** A full fine-tuning step: forward, backward through all of BERT, AdamW on every weight. */
  FULL(FineTuneMode.FULL, 3);

  private final FineTuneMode graphMode;
  private final int forwardMultiple;

  BenchMode(FineTuneMode graphMode, int forwardMultiple) {
    this.graphMode = graphMode;
    this.forwardMultiple = forwardMultiple;
  }

  /** The training graph this mode is measured on. */
  public FineTuneMode graphMode() {
    return graphMode;
  }

  /**
   * FLOPs of a step in forward passes: backward costs about twice the forward (gradients w.r.t. activations and
   * weights), so full ≈ 3; a frozen encoder runs only forward (the head's backward is negligible), so 1.
   */
  public int forwardMultiple() {
    return forwardMultiple;
  }

  /** Whether the step is a training step (has a loss and an optimizer update). */
  public boolean trains() {
    return this != FORWARD;
  }

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code forward,frozen,full} (any order and subset, no repeats). */
  public static List<BenchMode> parseList(String csv) {
    List<BenchMode> modes = new ArrayList<>();
    for (String part : csv.split(",")) {
      String name = part.trim();
      BenchMode mode = Arrays.stream(values()).filter(m -> m.configName().equalsIgnoreCase(name)).findFirst()
          .orElseThrow(() -> new BertuneException("--modes: '" + name + "' is not a mode; accepted values: "
              + Arrays.stream(values()).map(BenchMode::configName).collect(Collectors.joining(", "))));
      if (modes.contains(mode)) {
        throw new BertuneException("--modes: '" + name + "' is listed twice");
      }
      modes.add(mode);
    }
    return modes;
  }
}
