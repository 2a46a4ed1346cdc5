package dev.bertune.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * A Keras-style progress bar: {@code 12/30 [=====>......] - ETA: 35s - loss: 0.4521 - accuracy: 0.8000 -
 * 14.2 ex/s}. On a terminal it redraws one line; otherwise (logs, CI) it prints a line every 10% of the epoch.
 */
public final class ProgressBar implements Callback {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final boolean interactive;
  private int epochs;
  private int steps;
  private long epochStart;
  private int lastDecile;

  public ProgressBar(PrintStream out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  /** A bar on stderr, redrawn in place when a console is attached. */
  public static ProgressBar console() {
    return new ProgressBar(System.err, System.console() != null);
  }

  @Override
  public void onTrainBegin(TrainingPlan plan) {
    epochs = plan.epochs();
    steps = plan.stepsPerEpoch();
  }

  @Override
  public void onEpochBegin(int epoch) {
    out.printf(Locale.ROOT, "Epoch %d/%d%n", epoch, epochs);
    epochStart = System.nanoTime();
    lastDecile = -1;
  }

  @Override
  public void onBatchEnd(int epoch, int batch, int examples, Map<String, Double> logs) {
    double elapsed = (System.nanoTime() - epochStart) / 1e9;
    double perStep = elapsed / batch;
    String line = String.format(Locale.ROOT, "%s %s - ETA: %s - %s - %.1f ex/s",
        counter(batch), bar(batch), duration(perStep * (steps - batch)), metrics(logs, ""), examples / elapsed);
    int decile = batch * 10 / Math.max(1, steps);
    if (interactive) {
      out.print("\r" + line + "   ");
      out.flush();
    } else if (decile != lastDecile || batch == steps) {
      out.println(line);
      lastDecile = decile;
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    double elapsed = (System.nanoTime() - epochStart) / 1e9;
    String line = String.format(Locale.ROOT, "%s %s - %s - %s", counter(steps), bar(steps), duration(elapsed),
        metrics(logs, ""));
    out.println((interactive ? "\r" : "") + line);
  }

  private String counter(int batch) {
    int digits = Integer.toString(steps).length();
    return String.format(Locale.ROOT, "%" + digits + "d/%d", batch, steps);
  }

  private String bar(int batch) {
    int filled = (int) ((long) WIDTH * batch / Math.max(1, steps));
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < WIDTH; i++) {
      sb.append(i < filled - 1 || (i == filled - 1 && batch == steps) ? '=' : i == filled - 1 ? '>' : '.');
    }
    return sb.append(']').toString();
  }

  static String metrics(Map<String, Double> logs, String prefix) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Double> e : logs.entrySet()) {
      if (e.getKey().endsWith("count") || e.getKey().equals("examples_per_second") || e.getKey().equals("rss_mb")) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append(" - ");
      }
      sb.append(prefix).append(e.getKey()).append(": ").append(String.format(Locale.ROOT, "%.4f", e.getValue()));
    }
    return sb.toString();
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
    return s >= 60 ? String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60) : s + "s";
  }
}
