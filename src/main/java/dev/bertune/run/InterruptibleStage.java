package dev.bertune.run;

import dev.bertune.BertuneException;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A stage of {@code train} outside the training loop (frozen feature extraction, export) that Ctrl-C or SIGTERM
 * must not leave half done. Both make the JVM exit through its shutdown hooks: while the stage is open, its hook
 * asks the stage to stop (the stage calls {@link #stopIfInterrupted} between its steps, and its own cleanup runs
 * as the exception leaves it: the export's hidden temporary folder is deleted), waits for it to leave, and the line
 * that says what was interrupted is printed before the JVM exits.
 */
final class InterruptibleStage implements AutoCloseable {
  /** How long the JVM's exit waits for the stage to reach its next check (a step runs in TensorFlow). */
  static final long WAIT_SECONDS = 120;
  /**
   * Tests only: the stage whose first {@link #stopIfInterrupted} waits (up to {@link #HOLD_SECONDS}) for a signal, so
   * that a test's signal lands inside the stage however fast it is.
   */
  static final String HOLD_PROPERTY = "bertune.test.hold-stage";
  static final long HOLD_SECONDS = 60;

  private final String stage;
  private final String consequence;
  private final String next;
  private final PrintStream log;
  private final Thread hook;
  private final CountDownLatch left = new CountDownLatch(1);
  private volatile boolean interrupted;
  private volatile boolean stopped;
  private boolean reported;
  private boolean held;

  private InterruptibleStage(String stage, String consequence, String next, PrintStream log) {
    this.stage = stage;
    this.consequence = consequence;
    this.next = next;
    this.log = log;
    this.hook = new Thread(this::onExit, "bertune-interrupt");
  }

  /**
   * Enters a stage.
   *
   * @param consequence what an interrupt leaves, such as "nothing was exported"
   * @param next what the user can do then, such as how to resume
   */
  static InterruptibleStage enter(String stage, String consequence, String next, PrintStream log) {
    InterruptibleStage s = new InterruptibleStage(stage, consequence, next, log);
    Runtime.getRuntime().addShutdownHook(s.hook);
    return s;
  }

  /** Throws when Ctrl-C or SIGTERM asked the stage to stop; call between its steps. */
  void stopIfInterrupted() {
    hold();
    if (interrupted) {
      stopped = true;
      throw new BertuneException(message());
    }
  }

  private String message() {
    return stopped ? "interrupted during " + stage + ": " + consequence + "; " + next
        : "interrupted after " + stage + ", before the run's report was written; " + next;
  }

  private void hold() {
    if (held) {
      return;
    }
    held = true;
    if (!stage.equals(System.getProperty(HOLD_PROPERTY))) {
      return;
    }
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(HOLD_SECONDS);
    while (!interrupted && System.nanoTime() < end) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The shutdown hook: stop the stage, wait for it to clean up and leave, say what happened. */
  private void onExit() {
    interrupted = true;
    try {
      left.await(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    report();
  }

  private synchronized void report() {
    if (!reported) {
      reported = true;
      log.println();
      log.println(message());
      log.flush();
    }
  }

  /**
   * Leaves the stage. When the JVM is exiting, says what was interrupted and then waits for the exit: the rest of
   * the run must not go on, nor report the stage's exception a second time.
   */
  @Override
  public void close() {
    if (!interrupted) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
        return;
      } catch (IllegalStateException exiting) {
        interrupted = true; // the exit began after the check: the hook runs
      }
    }
    report();
    left.countDown();
    while (true) { // the JVM halts once its hooks are done
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        // keep waiting: only the exit ends this thread
      }
    }
  }
}
