package dev.bertune.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The models of this JVM (an executor, or the driver in local mode), one per model and settings, loaded by the
 * first task that needs it and shared by all the JVM's task threads (both {@code TextClassifier} and {@code
 * TextEmbedder} are thread-safe). They are closed when the JVM shuts down, as Spark stops an executor.
 */
final class ExecutorModels {
  private static final Map<String, AutoCloseable> MODELS = new ConcurrentHashMap<>();
  private static final Object HOOK_LOCK = new Object();
  private static boolean hooked;

  private ExecutorModels() {}

  /** The model under {@code key}, loaded by {@code load} once per JVM. */
  @SuppressWarnings("unchecked")
  static <T extends AutoCloseable> T get(String key, Supplier<T> load) {
    registerShutdownHook();
    return (T) MODELS.computeIfAbsent(key, k -> load.get());
  }

  /** How many models this JVM holds (for tests and logs). */
  static int loaded() {
    return MODELS.size();
  }

  private static void registerShutdownHook() {
    synchronized (HOOK_LOCK) {
      if (!hooked) {
        Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll, "bertune-models-close"));
        hooked = true;
      }
    }
  }

  /** Closes and forgets every model (the shutdown hook; also for tests). */
  static void closeAll() {
    for (String key : MODELS.keySet()) {
      AutoCloseable model = MODELS.remove(key);
      if (model != null) {
        try {
          model.close();
        } catch (Exception e) {
          System.err.println("bertune: closing the model " + key + " failed: " + e);
        }
      }
    }
  }
}
