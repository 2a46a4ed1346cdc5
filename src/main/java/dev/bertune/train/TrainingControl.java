package dev.bertune.train;

/**
 * Flags that end {@link Trainer#fit} early, set by callbacks or a signal handler (never by throwing):
 * {@link #requestStop()} ends after the current epoch and the run completes normally (early stopping);
 * {@link #requestInterrupt()} ends after the current step, so the run can checkpoint and exit (Ctrl-C).
 */
public final class TrainingControl {
  private volatile boolean stop;
  private volatile boolean interrupt;

  public void requestStop() {
    stop = true;
  }

  public void requestInterrupt() {
    interrupt = true;
  }

  public boolean stopRequested() {
    return stop;
  }

  public boolean interrupted() {
    return interrupt;
  }
}
