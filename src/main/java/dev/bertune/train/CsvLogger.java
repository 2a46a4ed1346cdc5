package dev.bertune.train;

import dev.bertune.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Appends one CSV row per epoch to a file ({@code history.csv}), flushed at once, as Keras' CSVLogger: a crashed
 * run keeps the rows of its finished epochs, and a resumed run continues the same file.
 */
public final class CsvLogger implements Callback {
  private final Path file;
  private List<String> columns;

  public CsvLogger(Path file) {
    this.file = file;
  }

  @Override
  public void onResume(List<Map<String, Double>> history) {
    rewrite(history); // drop rows written after the checkpoint the run resumes from
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    Map<String, Double> row = new java.util.LinkedHashMap<>();
    row.put("epoch", (double) epoch);
    row.putAll(logs);
    long before = Files.isRegularFile(file) ? file.toFile().length() : 0;
    try {
      if (columns == null) {
        columns = new ArrayList<>(row.keySet());
        Files.writeString(file, String.join(",", columns) + "\n");
      }
      Files.writeString(file, format(row) + "\n", StandardOpenOption.APPEND);
    } catch (IOException e) {
      cutBack(before); // a full disk: no half-written row
      throw new UncheckedIOException(e);
    }
  }

  /** Truncates the file to its {@code length} before a failed append, best effort. */
  private void cutBack(long length) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(length);
    } catch (IOException e) {
      // the failure being reported matters more
    }
  }

  private void rewrite(List<Map<String, Double>> rows) {
    try {
      if (rows.isEmpty()) {
        Files.deleteIfExists(file);
        columns = null;
        return;
      }
      columns = new ArrayList<>(rows.get(0).keySet());
      StringBuilder sb = new StringBuilder(String.join(",", columns)).append('\n');
      rows.forEach(r -> sb.append(format(r)).append('\n'));
      AtomicFiles.writeString(file, sb.toString()); // a full disk leaves the old file, not half a new one
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String format(Map<String, Double> row) {
    List<String> cells = new ArrayList<>();
    for (String c : columns) {
      Double v = row.get(c);
      cells.add(v == null ? "" : c.equals("epoch") ? Long.toString(v.longValue())
          : String.format(Locale.ROOT, "%.6f", v));
    }
    return String.join(",", cells);
  }
}
