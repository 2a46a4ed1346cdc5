package dev.bertune;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The hidden temporary folders that exports and checkpoints are written into before their rename, each with an
 * owner record beside it ({@code <folder>.owner}: the writing process's pid and start time), written before the
 * folder. A process killed with SIGKILL leaves both behind; the next run removes those whose owner is gone (its pid
 * no longer runs, or runs as a process started at another time), and folders without a record that are older than
 * that run, and never a live process's.
 */
public final class TemporaryFolders {
  static final String OWNER = ".owner";
  /** Start times read from /proc are rounded to clock ticks: allow this much between two reads. */
  private static final Duration START_TOLERANCE = Duration.ofSeconds(1);

  private TemporaryFolders() {}

  /** A new folder path {@code parent/<prefix><random>} with this process's owner record; the folder is created. */
  public static Path create(Path parent, String prefix) throws IOException {
    Path folder = reserve(parent, prefix);
    try {
      Files.createDirectory(folder);
    } catch (IOException | RuntimeException e) {
      release(folder); // a full disk: no record without its folder
      throw e;
    }
    return folder;
  }

  /**
   * As {@link #create} but leaves the folder to be created by the caller's writer (TF's SavedModel exporter refuses
   * an existing one); the owner record already protects the name.
   */
  public static Path reserve(Path parent, String prefix) throws IOException {
    Files.createDirectories(parent);
    Path record = UmaskFiles.createTempFile(parent, prefix, OWNER);
    try {
      Files.writeString(record, ProcessHandle.current().pid() + " " + startOf(ProcessHandle.current()).orElse(""));
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(record); // a full disk: no half-written record
      throw e;
    }
    String name = record.getFileName().toString();
    return parent.resolve(name.substring(0, name.length() - OWNER.length()));
  }

  /** Deletes {@code folder} (if there) and its owner record: after a failure, or once it has been renamed. */
  public static void release(Path folder) {
    FileTrees.deleteRecursively(folder);
    try {
      Files.deleteIfExists(ownerRecordOf(folder));
    } catch (IOException e) {
      // best effort: a leftover record of a dead process is removed by the next run
    }
  }

  /**
   * Removes the stale temporary folders (and orphaned records) in {@code parent} whose names {@code temporary}
   * accepts: their owner is gone, or they have no record and were last changed before {@code runStart}.
   *
   * @return the folders removed
   */
  public static List<Path> removeStale(Path parent, Predicate<String> temporary, Instant runStart)
      throws IOException {
    List<Path> removed = new ArrayList<>();
    if (!Files.isDirectory(parent)) {
      return removed;
    }
    try (Stream<Path> entries = Files.list(parent)) {
      for (Path p : entries.filter(p -> temporary.test(p.getFileName().toString())).toList()) {
        if (!Files.exists(p)) {
          continue; // removed with its folder or record earlier in this loop
        }
        boolean record = p.getFileName().toString().endsWith(OWNER);
        Path folder = record ? Path.of(p.toString().substring(0, p.toString().length() - OWNER.length())) : p;
        if ((record && Files.exists(folder)) || !isStale(folder, runStart)) {
          continue; // a record is judged with its folder
        }
        if (Files.exists(folder)) {
          removed.add(folder);
        }
        release(folder);
      }
    }
    return removed;
  }

  private static boolean isStale(Path folder, Instant runStart) throws IOException {
    Path record = ownerRecordOf(folder);
    if (!Files.exists(record)) {
      return Files.getLastModifiedTime(folder).toInstant().isBefore(runStart);
    }
    String[] owner = Files.readString(record).trim().split(" ");
    Optional<ProcessHandle> process;
    try {
      process = ProcessHandle.of(Long.parseLong(owner[0]));
    } catch (NumberFormatException e) {
      return Files.getLastModifiedTime(record).toInstant().isBefore(runStart);
    }
    if (process.isEmpty() || !process.get().isAlive()) {
      return true;
    }
    Optional<Instant> started = startOf(process.get()).map(Instant::parse);
    try { // the pid runs: stale only if it is another process than the one recorded
      return owner.length > 1 && started.isPresent()
          && Duration.between(Instant.parse(owner[1]), started.get()).abs().compareTo(START_TOLERANCE) > 0;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  static Path ownerRecordOf(Path folder) {
    return folder.resolveSibling(folder.getFileName() + OWNER);
  }

  private static Optional<String> startOf(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toString);
  }
}
