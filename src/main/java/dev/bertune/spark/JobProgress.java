package dev.bertune.spark;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Progress of the job that runs the model, on the driver's log: partitions and texts done, texts per second and
 * an ETA, at most every {@link #EVERY_NANOS} and when it ends. (Spark's UI shows the same job under the
 * description bertune gives it.)
 */
final class JobProgress extends SparkListener implements AutoCloseable {
  private static final long EVERY_NANOS = 10_000_000_000L;

  private final SparkSession spark;
  private final String verb;
  private final long texts;
  private final PrintStream log;
  private final long start = System.nanoTime();
  private final AtomicLong lastPrint = new AtomicLong(System.nanoTime());
  private final Map<Integer, Integer> stageTasks = new ConcurrentHashMap<>(); // stage id -> tasks
  private final AtomicInteger tasks = new AtomicInteger();
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicLong records = new AtomicLong();

  private JobProgress(SparkSession spark, String verb, long texts, PrintStream log) {
    this.spark = spark;
    this.verb = verb;
    this.texts = texts;
    this.log = log;
  }

  static JobProgress attach(SparkSession spark, String verb, long texts, PrintStream log) {
    JobProgress p = new JobProgress(spark, verb, texts, log);
    spark.sparkContext().addSparkListener(p);
    return p;
  }

  @Override
  public void onJobStart(SparkListenerJobStart job) {
    String description = job.properties() == null ? null : job.properties().getProperty("spark.job.description");
    if (description == null || !description.startsWith("bertune " + verb)) {
      return;
    }
    for (StageInfo s : CollectionConverters.asJava(job.stageInfos())) {
      stageTasks.put(s.stageId(), s.numTasks());
    }
  }

  /**
   * Counts the tasks that wrote output (the stage that runs the model; with adaptive execution Spark runs the
   * stages before it as jobs of their own).
   */
  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    Integer total = stageTasks.get(end.stageId());
    if (total == null || !end.taskInfo().successful() || end.taskMetrics() == null) {
      return;
    }
    long written = end.taskMetrics().outputMetrics().recordsWritten();
    if (written == 0) {
      return;
    }
    tasks.set(total);
    records.addAndGet(written);
    int finished = done.incrementAndGet();
    long now = System.nanoTime();
    long last = lastPrint.get();
    if (finished >= total || (now - last >= EVERY_NANOS && lastPrint.compareAndSet(last, now))) {
      print(finished, now);
    }
  }

  private void print(int finished, long now) {
    double seconds = (now - start) / 1e9;
    long n = Math.min(records.get(), texts);
    double rate = n / Math.max(seconds, 1e-9);
    String eta = n >= texts || rate <= 0 ? "" : ", ETA " + duration((texts - n) / rate);
    log.printf(Locale.ROOT, "%s: %d/%d partitions, %,d/%,d texts, %.1f texts/s, %s%s%n", verb, finished, tasks.get(),
        n, texts, rate, duration(seconds), eta);
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
        : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
  }

  @Override
  public void close() {
    spark.sparkContext().removeSparkListener(this);
  }
}
