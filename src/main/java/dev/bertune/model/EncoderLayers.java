package dev.bertune.model;

import dev.bertune.BertuneException;
import dev.bertune.config.FineTuneMode;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BERT's variables by position in the encoder stack, read from their names ({@code .../layer_<i>/...},
 * {@code .../pooler/...}, everything else is the embeddings): which of them train in each mode, and the
 * layer-wise learning-rate factor of each.
 */
final class EncoderLayers {
  private static final Pattern LAYER = Pattern.compile("layer_(\\d+)/");

  private final List<ResourceVariable> variables;
  private final int layerCount;

  EncoderLayers(List<ResourceVariable> variables) {
    this.variables = variables;
    this.layerCount = variables.stream().map(EncoderLayers::layerOf).filter(OptionalInt::isPresent)
        .mapToInt(OptionalInt::getAsInt).max().orElse(-1) + 1;
  }

  static OptionalInt layerOf(ResourceVariable v) {
    Matcher m = LAYER.matcher(v.name());
    return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
  }

  static boolean isPooler(ResourceVariable v) {
    return v.name().contains("pooler/");
  }

  int layerCount() {
    return layerCount;
  }

  /**
   * The encoder variables that train: none (frozen), all (full), or the pooler and the top {@code topLayers}
   * layers (partial).
   */
  List<ResourceVariable> trainable(FineTuneMode mode, int topLayers) {
    return switch (mode) {
      case FROZEN -> List.of();
      case FULL -> variables;
      case PARTIAL -> {
        if (topLayers > layerCount) {
          throw new BertuneException("train.trainable-layers = " + topLayers + " but the model has only "
              + layerCount + " encoder layers");
        }
        int first = layerCount - topLayers;
        yield variables.stream()
            .filter(v -> isPooler(v) || layerOf(v).orElse(-1) >= first)
            .toList();
      }
    };
  }

  /**
   * Layer-wise learning-rate decay: the pooler gets 1, layer {@code l} (0-based, of L) gets
   * {@code decay^(L - l)}, the embeddings {@code decay^(L + 1)}.
   */
  double learningRateFactor(ResourceVariable v, double decay) {
    if (decay == 1 || isPooler(v)) {
      return 1;
    }
    OptionalInt layer = layerOf(v);
    int depth = layer.isPresent() ? layerCount - layer.getAsInt() : layerCount + 1;
    return Math.pow(decay, depth);
  }
}
