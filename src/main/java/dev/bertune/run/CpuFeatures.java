package dev.bertune.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code /proc/cpuinfo} says about the CPU: its model name and instruction-set flags (of the first
 * processor listed).
 */
public record CpuFeatures(String modelName, Set<String> flags) {
  /** Flags of which one must be present for bfloat16 arithmetic in oneDNN. */
  public static final Set<String> BF16_FLAGS = Set.of("avx512_bf16", "amx_bf16");
  private static final Path CPUINFO = Path.of("/proc/cpuinfo");
  private static CpuFeatures current;

  public CpuFeatures {
    flags = Set.copyOf(flags);
  }

  /** This machine's CPU; read once. No {@code /proc/cpuinfo} (not Linux): unknown model, no flags. */
  public static synchronized CpuFeatures current() {
    if (current == null) {
      String text;
      try {
        text = Files.readString(CPUINFO);
      } catch (IOException | RuntimeException e) {
        text = "";
      }
      current = parse(text);
    }
    return current;
  }

  /** Parses the text of {@code /proc/cpuinfo}: the first {@code model name} and {@code flags} lines. */
  public static CpuFeatures parse(String cpuinfo) {
    String model = "unknown";
    Set<String> flags = new TreeSet<>();
    boolean modelSeen = false;
    boolean flagsSeen = false;
    for (String line : cpuinfo.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      if (key.equals("model name") && !modelSeen) {
        model = value;
        modelSeen = true;
      } else if (key.equals("flags") && !flagsSeen) {
        flags.addAll(Arrays.asList(value.split("\\s+")));
        flagsSeen = true;
      }
    }
    return new CpuFeatures(model, flags);
  }

  /** Whether the CPU computes in bfloat16 ({@code avx512_bf16} or {@code amx_bf16}). */
  public boolean supportsBf16() {
    return BF16_FLAGS.stream().anyMatch(flags::contains);
  }
}
