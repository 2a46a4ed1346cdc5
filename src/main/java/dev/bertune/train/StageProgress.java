package dev.bertune.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress with an ETA for a stage that is not an epoch (feature extraction, validation, test): {@code name
 * done/total [====>....] - ETA: 12s}. Silent for the stage's first {@link #QUIET_SECONDS} seconds, so short stages
 * print nothing; then redrawn in place on a console, or one line per tenth in a log. Reuse it stage after stage.
 */
public final class StageProgress {
  /** A stage that ends within this many seconds prints nothing. */
  static final double QUIET_SECONDS = 2;
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final boolean interactive;
  private final LongSupplier nanoTime;
  private String name;
  private long total;
  private long start;
  private int lastDecile;
  private boolean shown;

  StageProgress(PrintStream out, boolean interactive, LongSupplier nanoTime) {
    this.out = out;
    this.interactive = interactive;
    this.nanoTime = nanoTime;
  }

  /** Progress on stderr, redrawn in place when a console is attached. */
  public static StageProgress console() {
    return new StageProgress(System.err, System.console() != null, System::nanoTime);
  }

  /** Progress that prints nothing. */
  public static StageProgress none() {
    return new StageProgress(null, false, System::nanoTime);
  }

  /** Begins stage {@code name} of {@code total} units (examples or batches). */
  public void start(String name, long total) {
    this.name = name;
    this.total = Math.max(1, total);
    start = nanoTime.getAsLong();
    lastDecile = -1;
    shown = false;
  }

  /** {@code done} of the stage's units are through. */
  public void update(long done) {
    double elapsed = seconds();
    if (out == null || elapsed < QUIET_SECONDS || done <= 0) {
      return;
    }
    String line = String.format(Locale.ROOT, "%s %s - ETA: %s", counter(done), bar(done),
        ProgressBar.duration(elapsed / done * (total - done)));
    int decile = (int) (Math.min(done, total) * 10 / total);
    if (interactive) {
      out.print("\r" + line + "   ");
      out.flush();
      shown = true;
    } else if (decile != lastDecile) {
      out.println(line);
      lastDecile = decile;
      shown = true;
    }
  }

  /** Ends the stage: a last line with its duration, if it showed any. */
  public void end() {
    if (shown) {
      out.println((interactive ? "\r" : "") + counter(total) + " " + bar(total) + " - "
          + ProgressBar.duration(seconds()) + (interactive ? "      " : ""));
    }
    shown = false;
  }

  private double seconds() {
    return (nanoTime.getAsLong() - start) / 1e9;
  }

  private String counter(long done) {
    return String.format(Locale.ROOT, "%s %" + Long.toString(total).length() + "d/%d", name, done, total);
  }

  private String bar(long done) {
    int filled = (int) (WIDTH * Math.min(done, total) / total);
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < WIDTH; i++) {
      sb.append(i < filled - 1 || (i == filled - 1 && done >= total) ? '=' : i == filled - 1 ? '>' : '.');
    }
    return sb.append(']').toString();
  }
}
