package dev.bertune.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Records the logs of every epoch; {@link Trainer#fit} returns it. */
public final class History implements Callback {
  private final List<Map<String, Double>> epochs = new ArrayList<>();

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    Map<String, Double> row = new LinkedHashMap<>();
    row.put("epoch", (double) epoch);
    row.putAll(logs);
    epochs.add(row);
  }

  /** One ordered map per epoch: {@code epoch, loss, accuracy, ..., val_loss, ...}. */
  public List<Map<String, Double>> epochs() {
    return List.copyOf(epochs);
  }

  /** Writes the history as CSV, one row per epoch. */
  public void writeCsv(Path file) throws IOException {
    Set<String> columns = new LinkedHashSet<>();
    epochs.forEach(e -> columns.addAll(e.keySet()));
    StringBuilder sb = new StringBuilder(String.join(",", columns)).append('\n');
    for (Map<String, Double> e : epochs) {
      List<String> cells = new ArrayList<>();
      for (String c : columns) {
        Double v = e.get(c);
        cells.add(v == null ? "" : c.equals("epoch") ? Long.toString(v.longValue())
            : String.format(Locale.ROOT, "%.6f", v));
      }
      sb.append(String.join(",", cells)).append('\n');
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, sb);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
