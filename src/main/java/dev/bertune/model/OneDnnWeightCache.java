package dev.bertune.model;

import dev.bertune.BertuneException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * TensorFlow's {@code TF_ONEDNN_ASSUME_FROZEN_WEIGHTS} switch, which Intel's model scripts export for SavedModel
 * inference: with it, each oneDNN matrix product reorders its weights once and keeps that copy for the rest of the
 * process. That is safe, and faster, where no weight changes ({@code predict}, {@code evaluate}, {@code bench --modes
 * forward}: measured on BERT-base at 8 × 128, forward 1.07× in bf16 and 1.04× in fp32, with 230-400 MB more
 * memory), but a training step would go on computing with the weights it first saw: full fine-tuning of BERT-base
 * then ended 6 steps at loss 0.569 instead of 0.006, with no error from TensorFlow. TensorFlow reads the variable
 * once per process, so bertune can only refuse to train under it.
 */
public final class OneDnnWeightCache {
  /** The environment variable; TensorFlow takes {@code 1} or {@code true} (any case) as on. */
  public static final String VARIABLE = "TF_ONEDNN_ASSUME_FROZEN_WEIGHTS";
  private static final Set<String> READABLE = Set.of("0", "1", "true", "false");

  private OneDnnWeightCache() {}

  /** Refuses to train when this process's environment turns the cache on. */
  public static void requireFreshWeights() {
    requireFreshWeights(System.getenv());
  }

  /**
   * Refuses a value TensorFlow cannot read: anything but {@code 0}, {@code 1}, {@code true} or {@code false} (any
   * case) makes it abort the whole process at the first matrix product ("Failed to parse the env-var"), after the
   * model has loaded.
   */
  public static void requireReadableSetting() {
    requireReadableSetting(System.getenv());
  }

  /** As {@link #requireReadableSetting()} for the environment {@code env}. */
  static void requireReadableSetting(Map<String, String> env) {
    String value = env.get(VARIABLE);
    if (value != null && !READABLE.contains(value.toLowerCase(Locale.ROOT))) {
      throw new BertuneException(VARIABLE + "=" + value + " cannot be read by TensorFlow, which would abort the process"
          + " at the first matrix product; accepted: 0, 1, true, false (any case), or unset");
    }
  }

  /** As {@link #requireFreshWeights()} for the environment {@code env}. */
  static void requireFreshWeights(Map<String, String> env) {
    if (isOn(env)) {
      throw new BertuneException(VARIABLE + "=" + env.get(VARIABLE) + " is set: oneDNN would keep computing with the"
          + " weights it saw first while training changes them, and training would silently go wrong. Unset it to"
          + " train (it is safe, and faster, for predict, evaluate and bench --modes forward)");
    }
  }

  private static boolean isOn(Map<String, String> env) {
    String value = env.get(VARIABLE);
    return value != null && Set.of("1", "true").contains(value.toLowerCase(Locale.ROOT));
  }
}
