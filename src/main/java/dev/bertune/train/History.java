package dev.bertune.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Records the logs of every epoch; {@link Trainer#fit} returns it. */
public final class History implements Callback {
  private final List<Map<String, Double>> epochs = new ArrayList<>();

  public History() {}

  /** A history that continues {@code earlier} (a resumed run). */
  public History(List<Map<String, Double>> earlier) {
    earlier.forEach(e -> epochs.add(new LinkedHashMap<>(e)));
  }

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
}
