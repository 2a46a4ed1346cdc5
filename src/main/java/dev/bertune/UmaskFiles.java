package dev.bertune;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Temporary files that follow the process umask. {@link Files#createTempFile} makes them {@code 0600} whatever the
 * umask, and an atomic rename (or a copy, which keeps the mode) carries that onto the run's outputs and exports:
 * {@code tokenizer.json} and the plots came out {@code 0600} under umask 022. These are made as any new file is,
 * {@code 0666} less the umask.
 */
public final class UmaskFiles {
  private UmaskFiles() {}

  /** A new empty file {@code dir/<prefix><random><suffix>}. */
  public static Path createTempFile(Path dir, String prefix, String suffix) throws IOException {
    Files.createDirectories(dir);
    while (true) {
      Path p = dir.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + suffix);
      try {
        return Files.createFile(p);
      } catch (FileAlreadyExistsException e) {
        // another name
      }
    }
  }
}
