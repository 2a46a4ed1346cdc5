package dev.bertune.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bertune.inference.TextClassifier;
import dev.bertune.task.Prediction;
import dev.bertune.testing.Captured;
import dev.bertune.testing.TinyRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code score} on Spark's {@code local-cluster} mode: a master and two workers in this JVM, whose executors are
 * separate JVMs started from Spark's jars ({@code SPARK_HOME=target/spark}, set by surefire) with bertune on their
 * class path. One executor is killed (SIGKILL) in the middle of the job: Spark starts another and reruns its
 * tasks, and the output is still complete and the same as the Java API's.
 */
class SparkClusterTest {
  @TempDir static Path dir;
  static Path binary;

  @BeforeAll
  static void train() throws Exception {
    binary = TinyRun.create(dir).export("binary");
  }

  static String testClassPath() {
    return Optional.ofNullable(System.getProperty("surefire.test.class.path"))
        .orElse(System.getProperty("java.class.path"));
  }

  static List<ProcessHandle> executors() {
    return ProcessHandle.current().descendants().filter(p -> commandLine(p).contains("CoarseGrainedExecutorBackend"))
        .toList();
  }

  /** The whole command line (ProcessHandle.Info leaves out long ones, such as a JVM's with a long class path). */
  static String commandLine(ProcessHandle p) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")),
          java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  @Test
  void executorsInSeparateJvmsSurviveOneBeingKilled() throws Exception {
    List<String> texts = new ArrayList<>();
    List<String> words = List.of("great", "awful", "the film", "boring plot", "loved the music", "bad acting");
    for (int i = 0; i < 4000; i++) {
      texts.add(words.get(i % words.size()) + " " + words.get((i * 7 + 3) % words.size()) + " " + i);
    }
    Path input = SparkScoreTest.jsonLines(dir.resolve("many.jsonl"), texts);
    Path out = dir.resolve("scored.json");
    CompletableFuture<Captured> job = CompletableFuture.supplyAsync(() -> Captured.run("", List.of("score",
        "--master", "local-cluster[2,1,1024]", "--conf", "spark.ui.enabled=false",
        "--conf", "spark.executor.extraClassPath=" + testClassPath(),
        "--model", binary.toString(), "--input", input.toString(), "--text-column", "body", "--id-column", "id",
        "--output", out.toString(), "--batch-size", "1", "--partitions", "40")));

    ProcessHandle victim = null;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (victim == null && !job.isDone() && System.nanoTime() < deadline) {
      if (executors().size() == 2 && tasksCommitted(dir) >= 2) {
        victim = executors().get(0);
      } else {
        Thread.sleep(50);
      }
    }
    if (victim == null) {
      Captured r = job.isDone() ? job.get() : null;
      throw new AssertionError("no two executor JVMs committing tasks while the job ran"
          + (r == null ? "" : "; the job ended: " + r.status() + " " + r.err() + r.out()));
    }
    assertTrue(victim.pid() != ProcessHandle.current().pid());
    boolean runningWhenKilled = !job.isDone();
    victim.destroyForcibly();
    Captured r = job.get(5, TimeUnit.MINUTES);
    assertTrue(runningWhenKilled, "the job was still running when its executor was killed");
    assertEquals(0, r.status(), r.err() + r.out());
    List<String> lost = r.err().lines().filter(l -> l.contains("Lost executor") || l.contains("Lost task")
        || l.contains("ExecutorLostFailure")).toList();
    System.out.println("Spark on the killed executor:\n" + String.join("\n", lost));
    assertFalse(lost.isEmpty(), "Spark saw the executor go and reran its tasks: " + r.err());

    Map<String, JsonNode> rows = SparkScoreTest.readJson(out);
    assertEquals(texts.size(), rows.size(), "every row once");
    try (TextClassifier clf = TextClassifier.load(binary)) {
      List<Prediction> expected = clf.classify(texts);
      for (int i = 0; i < texts.size(); i++) {
        JsonNode row = rows.get("doc-" + i);
        assertEquals(expected.get(i).label(), row.get("label").asText());
        assertEquals(expected.get(i).probability("positive"), row.get("prob_positive").asDouble(), 1e-6);
      }
    }
  }

  /** Tasks whose output the staging folder holds (committed by their executors). */
  static long tasksCommitted(Path parent) throws Exception {
    try (Stream<Path> all = Files.walk(parent, 6)) {
      return all.filter(p -> p.getFileName().toString().startsWith("part-")
          && p.toString().contains(".scored.json.bertune-")).count();
    } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
      return 0; // a folder renamed while walking
    }
  }
}
