package dev.bertune.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** This process's resident memory from {@code /proc/self/status} (Linux). */
final class PeakMemory {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private PeakMemory() {}

  /** Peak resident set size ({@code VmHWM}) in bytes, if known. */
  static OptionalLong peakBytes() {
    return field("VmHWM:");
  }

  /** Current resident set size ({@code VmRSS}) in bytes, if known. */
  static OptionalLong currentBytes() {
    return field("VmRSS:");
  }

  /**
   * Resets the peak to the current resident size (writes 5 to {@code /proc/self/clear_refs}, Linux 4.0+), so the
   * next {@link #peakBytes()} covers only what follows. Returns false where that is not possible.
   */
  static boolean resetPeak() {
    try {
      Files.writeString(CLEAR_REFS, "5");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static OptionalLong field(String name) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(name)) {
          String[] parts = line.substring(name.length()).trim().split("\\s+"); // "3612345 kB"
          return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }
}
