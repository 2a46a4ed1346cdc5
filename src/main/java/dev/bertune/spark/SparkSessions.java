package dev.bertune.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of a job: the one {@code spark-submit} configured (its master, its settings), or, under
 * {@code java -jar}, one that bertune starts on {@code master} ({@code local[*]} by default).
 */
final class SparkSessions {
  private SparkSessions() {}

  /** What Spark's launcher sets on Java 17 and the JVM options of bertune.jar's manifest cannot. */
  static void setJvmProperties() {
    System.setProperty("io.netty.tryReflectionSetAccessible", "true");
    System.setProperty("io.netty.allocator.type", "pooled");
  }

  static SparkSession start(JobOptions options, String appName) {
    String master = options.master();
    setJvmProperties();
    SparkSession.Builder builder = SparkSession.builder().appName(appName)
        .config("spark.executor.extraJavaOptions", executorJavaOptions());
    if (System.getProperty("spark.master") == null) { // not under spark-submit
      builder.master(master)
          // the model's TensorFlow threads use the cores; Spark's own shuffles are small
          .config("spark.sql.shuffle.partitions", "8")
          .config("spark.ui.showConsoleProgress", "false");
      String jar = ownJar();
      if (jar != null && !master.startsWith("local")) {
        builder.config("spark.jars", jar); // executors on other machines get bertune from the driver
      }
    }
    options.sparkConf().forEach(builder::config);
    return builder.getOrCreate();
  }

  /**
   * The executors' JVM options: the user's, plus no JavaCPP cap on native memory (as {@code Main} lifts it for the
   * driver: TensorFlow's memory is native, and JavaCPP's default cap of four heaps would stop BERT on an executor
   * with a small heap).
   */
  static String executorJavaOptions() {
    String user = System.getProperty("spark.executor.extraJavaOptions", "");
    StringBuilder options = new StringBuilder(user);
    for (String key : new String[] {"org.bytedeco.javacpp.maxPhysicalBytes", "org.bytedeco.javacpp.maxBytes"}) {
      if (!user.contains(key)) {
        options.append(options.length() == 0 ? "" : " ").append("-D").append(key).append("=0");
      }
    }
    return options.toString();
  }

  /** The jar bertune runs from, or null when it runs from classes (tests, IDE). */
  private static String ownJar() {
    var source = SparkSessions.class.getProtectionDomain().getCodeSource();
    if (source == null || !source.getLocation().getPath().endsWith(".jar")) {
      return null;
    }
    return source.getLocation().getPath();
  }
}
