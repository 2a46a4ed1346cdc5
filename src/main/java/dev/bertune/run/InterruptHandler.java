package dev.bertune.run;

import dev.bertune.train.TrainingControl;
import java.io.PrintStream;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While installed, the first Ctrl-C (SIGINT) asks training to stop after the current step so that the run can
 * write a checkpoint and exit cleanly; a second Ctrl-C exits at once (the previous handler).
 */
final class InterruptHandler implements AutoCloseable {
  private static final Signal INT = new Signal("INT");
  private final SignalHandler previous;

  private InterruptHandler(SignalHandler previous) {
    this.previous = previous;
  }

  static InterruptHandler install(TrainingControl control, PrintStream log) {
    SignalHandler[] previous = new SignalHandler[1];
    previous[0] = Signal.handle(INT, sig -> {
      if (control.interrupted()) {
        previous[0].handle(sig);
        return;
      }
      log.println();
      log.println("interrupt: finishing this step, then writing a checkpoint (Ctrl-C again to quit at once)");
      control.requestInterrupt();
    });
    return new InterruptHandler(previous[0]);
  }

  @Override
  public void close() {
    Signal.handle(INT, previous);
  }
}
