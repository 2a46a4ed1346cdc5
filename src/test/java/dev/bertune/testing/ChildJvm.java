package dev.bertune.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code dev.bertune.cli.Main} in a fresh JVM on this test run's class path: for what TensorFlow or JavaCPP
 * read once per process (environment variables, JVM options).
 */
public final class ChildJvm {
  private static final long TIMEOUT_SECONDS = 120;

  private ChildJvm() {}

  /** Exit status and everything the child printed (stdout and stderr together). */
  public record Result(int status, String output) {}

  /** A child JVM that is still running (a server): its process and the file its output goes to. */
  public record Running(Process process, Path log) {
    /** What it printed so far. */
    public String output() throws IOException {
      return Files.readString(log, StandardCharsets.UTF_8);
    }
  }

  /**
   * This test run's class path less Spark's jars (those in {@code $SPARK_HOME/jars}, set by surefire): what {@code
   * train} and {@code predict} load, as from bertune.jar, whose manifest lists Spark's jars after its own classes.
   */
  static String classPath() {
    String home = System.getenv("SPARK_HOME");
    java.util.Set<String> spark = new java.util.HashSet<>();
    if (home != null && Files.isDirectory(Path.of(home, "jars"))) {
      try (var jars = Files.list(Path.of(home, "jars"))) {
        jars.forEach(j -> spark.add(j.getFileName().toString()));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(e -> !spark.contains(Path.of(e).getFileName().toString()))
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
  }

  /** Starts {@code Main} with {@code args} and returns at once; the caller stops it. */
  public static Running start(Path dir, List<String> args) throws IOException {
    return start(dir, List.of(), args);
  }

  /** As {@link #start(Path, List)} with the JVM options {@code jvmOptions}. */
  public static Running start(Path dir, List<String> jvmOptions, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", classPath(), "dev.bertune.cli.Main"));
    cmd.addAll(args);
    Path log = Files.createTempFile(dir, "child", ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new Running(p, log);
  }

  /** Exit status, stdout and stderr of a child, apart: for what must reach stderr alone. */
  public record Streams(int status, String out, String err) {}

  /** A child JVM whose stdout and stderr go to two files. */
  public record Apart(Process process, Path out, Path err) {
    /** Waits for the child to exit and returns what it printed. */
    public Streams finish() throws IOException, InterruptedException {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("child JVM did not finish: " + Files.readString(out) + Files.readString(err));
      }
      return new Streams(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    }
  }

  /**
   * Starts {@code Main} with {@code args} and {@code environment} added to this process's, stdout and stderr apart;
   * {@link Apart#finish()} waits for it.
   */
  public static Apart startApart(Path dir, Map<String, String> environment, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classPath(), "dev.bertune.cli.Main"));
    cmd.addAll(args);
    Path out = Files.createTempFile(dir, "child", ".out");
    Path err = Files.createTempFile(dir, "child", ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().putAll(environment);
    return new Apart(pb.start(), out, err);
  }

  /**
   * Runs {@code Main} with {@code args}, the JVM options {@code jvmOptions} and {@code environment} added to this
   * process's; its output goes to a log file in {@code dir}.
   */
  public static Result runMain(Path dir, List<String> jvmOptions, Map<String, String> environment,
      List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(classPath());
    cmd.add("dev.bertune.cli.Main");
    cmd.addAll(args);
    Path log = Files.createTempFile(dir, "child", ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(environment);
    Process p = pb.start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("child JVM did not finish: " + Files.readString(log, StandardCharsets.UTF_8));
    }
    return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
