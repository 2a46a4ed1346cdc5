package dev.bertune.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How busy the machine's cores were with work other than this process, between two samples: busy time of all
 * cores from {@code /proc/stat} (everything but idle and iowait; steal counts as busy) minus this process's own CPU
 * time from {@code /proc/self/stat}, as a fraction of all cores' time. Both files count in the same clock ticks.
 * Near 0 on a quiet machine; 0.5 on 2 cores means another program kept one core busy.
 */
final class CpuLoad {
  private static final Path STAT = Path.of("/proc/stat");
  private static final Path SELF = Path.of("/proc/self/stat");

  /** One reading: ticks of all cores, busy ticks, this process's ticks. */
  record Sample(long total, long busy, long own) {}

  private CpuLoad() {}

  /** Now, if {@code /proc} can be read. */
  static Optional<Sample> sample() {
    try {
      String cpu = Files.readAllLines(STAT).get(0); // "cpu  user nice system idle iowait irq softirq steal ..."
      String[] f = cpu.trim().split("\\s+");
      long total = 0;
      for (int i = 1; i <= Math.min(8, f.length - 1); i++) { // guest time is already in user
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      String self = Files.readString(SELF);
      String[] s = self.substring(self.lastIndexOf(')') + 2).split("\\s+"); // s[0] is field 3 (state)
      long own = Long.parseLong(s[11]) + Long.parseLong(s[12]); // utime, stime: fields 14, 15
      return Optional.of(new Sample(total, total - idle, own));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Fraction of all cores' time spent on other work between {@code a} and {@code b}; NaN if unknown. */
  static double othersBusy(Optional<Sample> a, Optional<Sample> b) {
    if (a.isEmpty() || b.isEmpty() || b.get().total() <= a.get().total()) {
      return Double.NaN;
    }
    long others = (b.get().busy() - a.get().busy()) - (b.get().own() - a.get().own());
    return Math.max(0, (double) others / (b.get().total() - a.get().total()));
  }
}
