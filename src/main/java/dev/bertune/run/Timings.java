package dev.bertune.run;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Wall-clock seconds per stage of a run, in the order they happened. */
final class Timings {
  private final Map<String, Double> seconds = new LinkedHashMap<>();

  /** A stage body that may throw {@link IOException}. */
  interface Stage<T> {
    T run() throws IOException;
  }

  <T> T time(String name, Stage<T> stage) throws IOException {
    long t0 = System.nanoTime();
    try {
      return stage.run();
    } finally {
      seconds.merge(name, (System.nanoTime() - t0) / 1e9, Double::sum);
    }
  }

  void put(String name, double value) {
    seconds.put(name, value);
  }

  Map<String, Double> seconds() {
    return new LinkedHashMap<>(seconds);
  }

  Map<String, String> formatted() {
    Map<String, String> out = new LinkedHashMap<>();
    seconds.forEach((k, v) -> out.put(k, String.format(Locale.ROOT, "%.1f s", v)));
    return out;
  }
}
