package dev.bertune.text;

import dev.bertune.BertuneException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a review longer than the budget of WordPieces is cut. */
public enum Truncation {
  /** Keep the first pieces. */
  HEAD("head"),
  /** Keep the last pieces. */
  TAIL("tail"),
  /** Keep the first quarter and the last three quarters of the budget: reviewers give their verdict at the end. */
  HEAD_TAIL("head-tail");

  private final String configName;

  Truncation(String configName) {
    this.configName = configName;
  }

  /** The name used in config files. */
  public String configName() {
    return configName;
  }

  /** Cuts {@code pieces} to at most {@code budget} elements. */
  public long[] apply(long[] pieces, int budget) {
    if (pieces.length <= budget) {
      return pieces;
    }
    return switch (this) {
      case HEAD -> Arrays.copyOfRange(pieces, 0, budget);
      case TAIL -> Arrays.copyOfRange(pieces, pieces.length - budget, pieces.length);
      case HEAD_TAIL -> {
        int head = budget / 4;
        int tail = budget - head;
        long[] out = new long[budget];
        System.arraycopy(pieces, 0, out, 0, head);
        System.arraycopy(pieces, pieces.length - tail, out, head, tail);
        yield out;
      }
    };
  }

  /** Parses a config value; the error lists the accepted values. */
  public static Truncation parse(String value, String key) {
    for (Truncation t : values()) {
      if (t.configName.equals(value.trim().toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    throw new BertuneException(
        key + " = '" + value + "' is not valid; accepted values: "
            + Arrays.stream(values()).map(Truncation::configName).collect(Collectors.joining(", ")));
  }
}
