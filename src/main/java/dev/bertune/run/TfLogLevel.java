package dev.bertune.run;

/**
 * How much of TensorFlow's own native logging ({@code I tensorflow/...}, {@code W tensorflow/...}, "Local rendezvous
 * is aborting with status: OUT_OF_RANGE: End of sequence" at every epoch's end) reaches the terminal. TensorFlow
 * reads {@value #VARIABLE} once, at its first log line, from the C environment: bertune sets it there (errors only
 * by default, everything with {@code --tf-log}) before TensorFlow logs anything, and never overrides a value the
 * user exported.
 */
public final class TfLogLevel {
  /** TensorFlow's variable: 0 info and up, 1 warnings and up, 2 errors and up, 3 fatal only. */
  public static final String VARIABLE = "TF_CPP_MIN_LOG_LEVEL";
  static final String QUIET = "2";
  static final String VERBOSE = "0";

  private TfLogLevel() {}

  /**
   * Sets TensorFlow's log level for this process: everything when {@code verbose}, else errors only; a value in
   * this process's own environment wins. Call before TensorFlow's first log line; later calls change nothing
   * TensorFlow has already read.
   */
  public static void apply(boolean verbose) {
    if (System.getenv(VARIABLE) == null) {
      try {
        NativeEnvironment.put(VARIABLE, verbose ? VERBOSE : QUIET);
      } catch (LinkageError | RuntimeException e) {
        // no native environment to change (the library did not load): TensorFlow's defaults stay, nothing else
      }
    }
  }
}
