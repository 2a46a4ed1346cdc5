package dev.bertune;

/**
 * An error the user can fix: bad input data, a wrong config value, a missing model. The CLI prints its
 * message (which names the file and line, or the config key and the accepted values) without a stack
 * trace and exits non-zero.
 */
public class BertuneException extends RuntimeException {
  public BertuneException(String message) {
    super(message);
  }

  public BertuneException(String message, Throwable cause) {
    super(message, cause);
  }
}
