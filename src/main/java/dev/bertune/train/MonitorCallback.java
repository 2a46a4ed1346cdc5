package dev.bertune.train;

import dev.bertune.config.BertuneConfig;
import java.util.List;
import java.util.Map;

/**
 * Shared base of {@link EarlyStopping} and {@link ModelCheckpoint}: follows one epoch metric and knows whether
 * the latest epoch improved on the best so far (by more than the monitor's min-delta).
 */
public abstract class MonitorCallback implements Callback {
  protected final BertuneConfig.Monitor monitor;
  private double best = Double.NaN;
  private int bestEpoch;

  protected MonitorCallback(BertuneConfig.Monitor monitor) {
    this.monitor = monitor;
  }

  /** Records {@code logs} of {@code epoch}; true when it is a new best. */
  protected final boolean observe(int epoch, Map<String, Double> logs) {
    Double value = logs.get(monitor.metric());
    if (value == null) {
      throw new IllegalStateException("monitored metric '" + monitor.metric() + "' is not in the epoch logs "
          + logs.keySet() + " (val_ metrics need validation data)");
    }
    if (monitor.improves(value, best)) {
      best = value;
      bestEpoch = epoch;
      return true;
    }
    return false;
  }

  @Override
  public void onResume(List<Map<String, Double>> history) {
    for (Map<String, Double> row : history) {
      replay(row.get("epoch").intValue(), row);
    }
  }

  /** Re-observes a completed epoch of a resumed run (no side effects such as writing files). */
  protected void replay(int epoch, Map<String, Double> logs) {
    observe(epoch, logs);
  }

  public double best() {
    return best;
  }

  public int bestEpoch() {
    return bestEpoch;
  }
}
