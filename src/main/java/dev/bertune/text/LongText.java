package dev.bertune.text;

import dev.bertune.BertuneException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What happens to a text longer than {@code tokenizer.max-length}: cut it, or read all of it in windows. */
public enum LongText {
  /** Cut it to one window ({@code tokenizer.truncation}). */
  TRUNCATE("truncate"),
  /** Consecutive overlapping windows of the max length, pooled into one prediction ({@link TextWindows}). */
  WINDOWS("windows");

  private final String configName;

  LongText(String configName) {
    this.configName = configName;
  }

  /** The name used in config files. */
  public String configName() {
    return configName;
  }

  /** Parses a config value; the error lists the accepted values. */
  public static LongText parse(String value, String key) {
    for (LongText t : values()) {
      if (t.configName.equals(value.trim().toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    throw new BertuneException(key + " = '" + value + "' is not valid; accepted values: "
        + Arrays.stream(values()).map(LongText::configName).collect(Collectors.joining(", ")));
  }
}
