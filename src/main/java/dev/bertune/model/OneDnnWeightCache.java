package dev.bertune.model;

import dev.bertune.BertuneException;
import dev.bertune.config.FineTuneMode;
import java.util.Locale;
import java.util.Map;

/**
 * TensorFlow's {@code TF_ONEDNN_ASSUME_FROZEN_WEIGHTS} switch, which Intel's model scripts export for SavedModel
 * inference: with it, each oneDNN matrix product reorders its weights once and keeps that copy for the rest of the
 * process. That is safe, and faster, where BERT's weights never change ({@code predict}, {@code evaluate}, {@code
 * train.mode = frozen}: measured on BERT-base at 8 × 128, forward 1.07× in bf16 and 1.04× in fp32, with 230-400 MB
 * more memory), but a training step that changes them would go on computing with the first step's weights:
 * full fine-tuning of BERT-base then ended 6 steps at loss 0.569 instead of 0.006, with no error from TensorFlow.
 * TensorFlow reads the variable once per process, so bertune can only refuse to train under it.
 */
public final class OneDnnWeightCache {
  /** The environment variable; TensorFlow takes {@code 1} or {@code true} (any case) as on. */
  public static final String VARIABLE = "TF_ONEDNN_ASSUME_FROZEN_WEIGHTS";

  private OneDnnWeightCache() {}

  /** Refuses modes that train BERT's weights when this process's environment turns the cache on. */
  public static void requireFreshWeights(FineTuneMode mode) {
    requireFreshWeights(mode, System.getenv());
  }

  /** As {@link #requireFreshWeights(FineTuneMode)} for the environment {@code env}. */
  static void requireFreshWeights(FineTuneMode mode, Map<String, String> env) {
    String value = env.get(VARIABLE);
    boolean on = value != null && (value.equals("1") || value.toLowerCase(Locale.ROOT).equals("true"));
    if (on && mode != FineTuneMode.FROZEN) {
      throw new BertuneException(VARIABLE + "=" + value + " is set: oneDNN would keep computing with BERT's weights"
          + " of the first step while train.mode = " + mode.name().toLowerCase(Locale.ROOT) + " changes them, and"
          + " training would silently go wrong. Unset it to train the encoder (it is safe, and faster, for predict,"
          + " evaluate and train.mode = frozen)");
    }
  }
}
