package dev.bertune;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A write that failed because its file system is full (ENOSPC), told as a user error: what was being written,
 * in which folder, how much space is free there and how to finish. Java reports ENOSPC as an {@link IOException}
 * "No space left on device" (often without the file's name), TensorFlow's savers as a {@code TFException} with the
 * same words; {@link #whileWriting} recognises either anywhere in a failure's chain. The writers clean up their own
 * hidden temporary files and folders as the failure leaves them; this only says what happened.
 */
public final class DiskFull extends BertuneException {
  /** How the C library words ENOSPC; Java's and TensorFlow's messages carry it. */
  static final String NO_SPACE = "No space left on device";

  /**
   * What is being written.
   *
   * @param what such as "the export" or "checkpoint 'last'"
   * @param where the folder it goes into
   * @param next what the user can do then, such as the command that finishes the run; asked when the disk fills
   */
  public record Writing(String what, Path where, Supplier<String> next) {}

  /** A write that may throw {@link IOException}. */
  @FunctionalInterface
  public interface Write<T> {
    T run() throws IOException;
  }

  private DiskFull(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Runs {@code write}; a failure caused by a full disk becomes a {@link DiskFull} that names {@code writing}, unless
   * it already is one (an inner write named it more closely). Other failures pass unchanged.
   */
  public static <T> T whileWriting(Writing writing, Write<T> write) throws IOException {
    try {
      return write.run();
    } catch (IOException | RuntimeException e) {
      if (e instanceof DiskFull || !causedBy(e)) {
        throw e;
      }
      throw new DiskFull("disk full while writing " + writing.what() + " in " + writing.where() + " ("
          + describeFree(writing.where()) + " free there); " + writing.next().get(), e);
    }
  }

  /**
   * A full disk that no {@link #whileWriting} named: the file that the failure names, if it names one, and its free
   * space. Empty when {@code failure} was not caused by a full disk.
   */
  public static Optional<DiskFull> unnamed(Throwable failure) {
    if (failure instanceof DiskFull full) {
      return Optional.of(full);
    }
    if (!causedBy(failure)) {
      return Optional.empty();
    }
    Optional<Path> file = chain(failure).stream().filter(t -> t instanceof FileSystemException f
        && f.getFile() != null).map(t -> Path.of(((FileSystemException) t).getFile())).findFirst();
    String where = file.map(f -> " while writing " + f + " (" + describeFree(f) + " free there)").orElse("");
    return Optional.of(new DiskFull("disk full (" + NO_SPACE + ")" + where
        + "; free some space and run the command again", failure));
  }

  /** Whether {@code failure} or any of its causes (or suppressed exceptions) reports ENOSPC. */
  public static boolean causedBy(Throwable failure) {
    return chain(failure).stream().anyMatch(t -> t.getMessage() != null
        && (t.getMessage().contains(NO_SPACE) || t.getMessage().contains("ENOSPC")));
  }

  /** {@code failure}, its causes and their suppressed exceptions, each once. */
  private static Set<Throwable> chain(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    collect(failure, seen);
    return seen;
  }

  private static void collect(Throwable t, Set<Throwable> seen) {
    if (t == null || !seen.add(t)) {
      return;
    }
    collect(t.getCause(), seen);
    for (Throwable s : t.getSuppressed()) {
      collect(s, seen);
    }
  }

  /** The usable space of the file system under {@code folder} (its nearest existing ancestor), e.g. "12 KB". */
  static String describeFree(Path folder) {
    Path existing = folder.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return "unknown space";
    }
    try {
      return describeBytes(Files.getFileStore(existing).getUsableSpace());
    } catch (IOException e) {
      return "unknown space";
    }
  }

  /** {@code bytes} in decimal units: "0 bytes", "740 bytes", "12 KB", "3.4 MB", "1.2 GB". */
  static String describeBytes(long bytes) {
    if (bytes < 1_000) {
      return bytes + " bytes";
    }
    if (bytes < 1_000_000) {
      return bytes / 1_000 + " KB";
    }
    return bytes < 1_000_000_000 ? String.format(Locale.ROOT, "%.1f MB", bytes / 1e6)
        : String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
  }
}
