package dev.bertune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bertune.DiskFull;
import dev.bertune.FileTrees;
import dev.bertune.testing.Captured;
import dev.bertune.testing.ChildJvm;
import dev.bertune.testing.TinyBert;
import dev.bertune.testing.TinyRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills while {@code train} writes (issue 14, item 2), on real file systems: small tmpfs mounts made by
 * the test (it needs root; without it the cases are skipped and say why). Each failing run is a child JVM, so that
 * its stderr is seen whole: exit status 2, one line naming what was written, where and the space free there, no
 * stack trace, nothing half-written or hidden left on the full disk, the previous export or checkpoint byte for
 * byte as it was, and the command the line suggests then finishes the run.
 */
class DiskFullTest {
  private static final long PAGE = 4096;
  private static final String FILLER = "filler";
  private static final String SPACE = "<a folder with space>";
  /** The two lines TensorFlow writes through Abseil at model load whatever the log level (README, Troubleshooting). */
  private static final Pattern ABSEIL = Pattern.compile("WARNING: All log messages before absl::InitializeLog\\(\\)"
      + " is called are written to STDERR|I\\d{4} [\\d:.]+ +\\d+ mlir_graph_optimization_pass\\.cc:\\d+\\] MLIR V1"
      + " optimization pass is not enabled");

  @TempDir static Path dir;
  static TinyRun tiny;
  static final List<Path> mounted = new ArrayList<>();

  @BeforeAll
  static void setUp() throws IOException, InterruptedException {
    String why = tryMount(dir.resolve("mnt").resolve("probe"), "64k");
    if (why != null) {
      System.out.println("DiskFullTest skipped: cannot mount a tmpfs (" + why + ")");
      Assumptions.abort("cannot mount a tmpfs: " + why);
    }
    tiny = TinyRun.create(dir);
  }

  @AfterAll
  static void unmount() throws IOException, InterruptedException {
    for (Path m : mounted) {
      command("umount", m.toString());
    }
  }

  /** export.dir on a disk with room for what Preflight asks, not for the export: the export fails, then resumes. */
  @Test
  void exportOnAFullDiskFinishesFromTheLastCheckpoint() throws Exception {
    Path disk = mount("export", "4m");
    String name = "full-export";
    Captured previous = Captured.run("", train("previous-export", "export.dir=\"" + disk + "\"",
        "export.name=" + name));
    assertEquals(0, previous.status(), previous.err() + previous.out());
    Map<String, String> before = checksums(disk);
    long variables = FileTrees.size(tiny.model.resolve("variables"));
    long preflight = (long) (variables * 1.1); // Preflight's estimate of an export; the fine-tuned one is larger
    fill(disk, roundUp(preflight)); // so Preflight passes, and TensorFlow's saver finds the disk full
    System.out.println("export on a full disk: " + variables + " bytes of variables, " + roundUp(preflight) + " free");

    Path runDir = dir.resolve("runs").resolve("export-fails");
    ChildJvm.Streams r = child(train("export-fails", "export.dir=\"" + disk + "\"",
        "export.name=" + name, "callbacks.checkpoint.keep=true")).finish();
    System.out.println("export on a full disk: " + r.err());
    assertOneLine(r, Pattern.quote("the export"), disk.resolve(name));
    assertTrue(r.err().contains("nothing was exported"), r.err());
    assertEquals(before, checksums(disk), "the previous export changed, or a new version is there");
    assertNoHidden(disk);
    assertTrue(Files.isRegularFile(runDir.resolve("checkpoints").resolve("last").resolve("state.json")));

    Path elsewhere = dir.resolve("export-elsewhere");
    List<String> suggested = suggested(bertuneLines(r.err()).get(0), elsewhere);
    assertEquals(List.of("train", "--resume", runDir.toString(), "--set", "export.dir=" + elsewhere), suggested);
    Captured resumed = Captured.run("", suggested);
    assertEquals(0, resumed.status(), resumed.err() + resumed.out());
    assertTrue(resumed.out().contains("resuming " + runDir + " at epoch 4, batch 0"), resumed.out());
    assertTrue(Files.isRegularFile(elsewhere.resolve(name).resolve("1").resolve("saved_model.pb")));
    assertEquals(before, checksums(disk));

    // finished, with its checkpoints kept: resuming into a folder without its export exports it there
    Path third = dir.resolve("export-third");
    List<String> again = List.of("train", "--resume", runDir.toString(), "--set", "export.dir=" + third);
    Captured exported = Captured.run("", again);
    assertEquals(0, exported.status(), exported.err() + exported.out());
    assertTrue(exported.out().contains("holds no export of it: exporting it from its last checkpoint"),
        exported.out());
    assertTrue(Files.isRegularFile(third.resolve(name).resolve("1").resolve("saved_model.pb")));
    Captured finished = Captured.run("", again);
    assertEquals(2, finished.status(), finished.err() + finished.out());
    assertTrue(finished.err().contains("finished"), finished.err());
  }

  /**
   * As above after early stopping restored the best epoch: resuming exports those weights without training on, the
   * same model as a run that exported at once.
   */
  @Test
  void exportOnAFullDiskAfterEarlyStoppingExportsTheBestEpoch() throws Exception {
    Path disk = mount("export-early", "1m");
    String[] early = {"train.epochs=10", "callbacks.early-stopping.enabled=true", "callbacks.early-stopping.patience=1",
        "callbacks.early-stopping.min-delta=1", "export.name=early"}; // epoch 2 does not improve: back to epoch 1
    Captured reference = Captured.run("", train("early-reference", with(early, "export.dir=\"" + dir.resolve(
        "export-early-reference") + "\"")));
    assertEquals(0, reference.status(), reference.err() + reference.out());
    fill(disk, roundUp((long) (FileTrees.size(tiny.model.resolve("variables")) * 1.1)));

    Path runDir = dir.resolve("runs").resolve("early-fails");
    ChildJvm.Streams r = child(train("early-fails", with(early, "export.dir=\"" + disk + "\""))).finish();
    assertOneLine(r, Pattern.quote("the export"), disk.resolve("early"));
    assertNoHidden(disk);
    Path elsewhere = dir.resolve("export-early-elsewhere");
    Captured resumed = Captured.run("", suggested(bertuneLines(r.err()).get(0), elsewhere));
    assertEquals(0, resumed.status(), resumed.err() + resumed.out());
    assertTrue(resumed.out().contains("resuming " + runDir + " after training, which early stopping ended at epoch 2"),
        resumed.out());
    assertTrue(Files.isRegularFile(elsewhere.resolve("early").resolve("1").resolve("saved_model.pb")));
    JsonNode expected = testMetrics(dir.resolve("runs").resolve("early-reference"));
    JsonNode actual = testMetrics(runDir);
    for (String metric : List.of("loss", "accuracy", "auc")) {
      assertEquals(expected.path(metric).asDouble(), actual.path(metric).asDouble(), 1e-6, metric);
    }
  }

  private static String[] with(String[] sets, String... more) {
    return Stream.concat(Stream.of(sets), Stream.of(more)).toArray(String[]::new);
  }

  private static JsonNode testMetrics(Path runDir) throws IOException {
    JsonNode test = new ObjectMapper().readTree(runDir.resolve("metrics.json").toFile()).path("test");
    assertTrue(test.has("loss") && test.has("auc"), test.toString());
    return test;
  }

  /**
   * run.dir on a disk that fills once the first checkpoint is written (the test pauses the child there, fills the
   * disk and lets it go on): the next checkpoint fails, the previous one stays as it was and resumes the run.
   */
  @Test
  void checkpointOnAFullDiskKeepsThePreviousOne() throws Exception {
    Path disk = mount("runs", "8m");
    String id = "checkpoint-fails";
    Path runDir = disk.resolve(id);
    Path last = runDir.resolve("checkpoints").resolve("last");
    ChildJvm.Apart child = child(train(id, "run.dir=\"" + disk + "\"", "train.mode=full",
        "train.epochs=12", "callbacks.tensorboard.enabled=false", "export.name=" + id));
    Map<String, String> previous;
    try {
      previous = pauseAfterACheckpoint(child, runDir.resolve("checkpoints"), 1);
      fill(disk, PAGE); // room for the next checkpoint's owner record: TensorFlow's saver finds the disk full
    } finally {
      signal("CONT", child.process());
    }
    JsonNode state = new ObjectMapper().readTree(last.resolve("state.json").toFile());
    ChildJvm.Streams r = child.finish();
    System.out.println("checkpoint on a full disk: " + r.err());
    assertOneLine(r, "checkpoint '[a-z_-]+'", runDir.resolve("checkpoints"));
    assertTrue(r.err().contains("the previous checkpoint is intact"), r.err());
    assertEquals(previous, checksums(last), "the previous checkpoint changed");
    assertNoHidden(disk);
    assertFalse(Files.exists(dir.resolve("export").resolve(id)), "exported");

    Files.delete(disk.resolve(FILLER)); // the user frees some space
    List<String> suggested = suggested(bertuneLines(r.err()).get(0), null);
    assertEquals(List.of("train", "--resume", runDir.toString()), suggested);
    Captured resumed = Captured.run("", suggested);
    assertEquals(0, resumed.status(), resumed.err() + resumed.out());
    assertTrue(state.path("epochComplete").asBoolean(), state.toString());
    assertTrue(resumed.out().contains("resuming " + runDir + " at epoch " + (state.path("epoch").asInt() + 1)
        + ", batch 0"), resumed.out());
    assertTrue(Files.isRegularFile(dir.resolve("export").resolve(id).resolve("1").resolve("saved_model.pb")));
  }

  /**
   * run.dir filling once training is done (the test pauses the child after the last epoch's checkpoint): the plots,
   * metrics or report fail, and resuming from the last checkpoint tests, exports and reports without training.
   */
  @Test
  void runDirectoryFillingAfterTrainingFinishesFromTheLastCheckpoint() throws Exception {
    Path disk = mount("run-end", "8m");
    String id = "report-fails";
    Path runDir = disk.resolve(id);
    ChildJvm.Apart child = child(train(id, "run.dir=\"" + disk + "\"", "callbacks.tensorboard.enabled=false",
        "export.name=" + id));
    try {
      pauseAfterACheckpoint(child, runDir.resolve("checkpoints"), 3);
      fill(disk, 0);
    } finally {
      signal("CONT", child.process());
    }
    ChildJvm.Streams r = child.finish();
    System.out.println("run directory filling after training: " + r.err());
    assertOneLine(r, Pattern.quote("the run directory"), runDir);
    assertNoHidden(disk);
    assertFalse(Files.exists(runDir.resolve("report.md")), "a report");

    Files.delete(disk.resolve(FILLER));
    List<String> suggested = suggested(bertuneLines(r.err()).get(0), null);
    assertEquals(List.of("train", "--resume", runDir.toString()), suggested);
    Captured resumed = Captured.run("", suggested);
    assertEquals(0, resumed.status(), resumed.err() + resumed.out());
    assertTrue(resumed.out().contains("resuming " + runDir + " at epoch 4, batch 0"), resumed.out());
    assertTrue(Files.isRegularFile(runDir.resolve("report.md")));
    assertTrue(Files.isRegularFile(dir.resolve("export").resolve(id).resolve("1").resolve("saved_model.pb")));
    assertFalse(Files.exists(runDir.resolve("checkpoints")), "checkpoints kept after the run finished");
  }

  /** run.dir on a full disk (a frozen run, for which Preflight asks no room for a checkpoint): config.conf fails. */
  @Test
  void runDirectoryOnAFullDisk() throws Exception {
    Path disk = mount("run-dir", "1m");
    fill(disk, 0);
    String id = "run-dir-fails";
    List<String> args = train(id, "run.dir=\"" + disk + "\"", "export.name=" + id);
    ChildJvm.Streams r = child(args).finish();
    System.out.println("run directory on a full disk: " + r.err());
    assertOneLine(r, Pattern.quote("the run directory"), disk.resolve(id));
    assertTrue(r.err().contains("start again with --set run.dir=" + SPACE), r.err());
    assertEquals(Map.of(), checksums(disk), "files were left on the disk");
    assertNoHidden(disk);
    assertFalse(Files.exists(dir.resolve("export").resolve(id)), "exported");

    Path elsewhere = dir.resolve("runs-elsewhere");
    List<String> again = new ArrayList<>(args);
    again.addAll(List.of("--set", "run.dir=\"" + elsewhere + "\""));
    Captured rerun = Captured.run("", again);
    assertEquals(0, rerun.status(), rerun.err() + rerun.out());
    assertTrue(Files.isRegularFile(elsewhere.resolve(id).resolve("report.md")));
  }

  /** data.cache-dir on a full disk: the tokenizer file and token cache, the first things train writes. */
  @Test
  void tokenCacheOnAFullDisk() throws Exception {
    Path disk = mount("tokens", "1m");
    fill(disk, 0);
    String id = "tokens-fail";
    List<String> args = train(id, "data.cache-dir=\"" + disk + "\"", "export.name=" + id);
    ChildJvm.Streams r = child(args).finish();
    System.out.println("token cache on a full disk: " + r.err());
    assertOneLine(r, Pattern.quote("the token cache"), disk);
    assertTrue(r.err().contains("start again with --set data.cache-dir=" + SPACE), r.err());
    assertEquals(Map.of(), checksums(disk), "files were left on the disk");
    assertNoHidden(disk);
    assertFalse(Files.exists(dir.resolve("runs").resolve(id)), "a run directory was left");

    List<String> again = new ArrayList<>(args);
    again.addAll(List.of("--set", "data.cache-dir=\"" + dir.resolve("cache-elsewhere") + "\""));
    Captured rerun = Captured.run("", again);
    assertEquals(0, rerun.status(), rerun.err() + rerun.out());
  }

  /** The token cache fits (copied in from an earlier run), the frozen encoder's feature cache does not. */
  @Test
  void featureCacheOnAFullDisk() throws Exception {
    Path disk = mount("features", "2m");
    Captured warm = Captured.run("", train("warm-tokens", "export.enabled=false"));
    assertEquals(0, warm.status(), warm.err() + warm.out());
    for (String part : List.of("tokenizer", "tokens")) {
      copyTree(dir.resolve("cache").resolve(part), disk.resolve(part));
    }
    Map<String, String> tokens = checksums(disk);
    fill(disk, 0);
    String id = "features-fail";
    List<String> args = train(id, "data.cache-dir=\"" + disk + "\"", "export.name=" + id);
    ChildJvm.Streams r = child(args).finish();
    System.out.println("feature cache on a full disk: " + r.err());
    Path runDir = dir.resolve("runs").resolve(id);
    assertOneLine(r, Pattern.quote("the feature cache"), disk.resolve("features"));
    assertTrue(r.out().contains("[token cache hit]") && !r.out().contains("[tokenized]"), r.out());
    assertTrue(r.err().contains("start again with --set data.cache-dir=" + SPACE + " (delete " + runDir
        + " first, or choose another run.id)"), r.err());
    assertEquals(tokens, checksums(disk), "the feature cache left a file, or the token cache changed");
    assertNoHidden(disk);

    FileTrees.deleteRecursively(runDir);
    List<String> again = new ArrayList<>(args);
    again.addAll(List.of("--set", "data.cache-dir=\"" + dir.resolve("cache-features") + "\""));
    Captured rerun = Captured.run("", again);
    assertEquals(0, rerun.status(), rerun.err() + rerun.out());
  }

  /** TensorFlow's own saver reports ENOSPC as a TFException; it is recognised and named as any other. */
  @Test
  void tensorFlowSaverOnAFullDiskIsRecognised() throws Exception {
    Path disk = mount("saver", "1m");
    fill(disk, 0);
    Exception raw = assertThrows(Exception.class, () -> TinyBert.write(disk.resolve("model"), 1));
    assertTrue(DiskFull.causedBy(raw), raw.toString());
    DiskFull.Writing writing = new DiskFull.Writing("a model", disk, () -> "free some space");
    DiskFull full = assertThrows(DiskFull.class,
        () -> DiskFull.whileWriting(writing, () -> TinyBert.write(disk.resolve("model-2"), 1)));
    assertEquals("disk full while writing a model in " + disk + " (0 bytes free there); free some space",
        full.getMessage());
    System.out.println("TensorFlow's saver on a full disk: " + raw);
  }

  // ------------------------------------------------------------------------------------------------ helpers

  /** {@code train} on the tiny run, frozen for 3 epochs, with {@code sets} last. */
  static List<String> train(String runId, String... sets) {
    List<String> args = new ArrayList<>(List.of("train"));
    List<String> all = tiny.overrides();
    all.addAll(List.of("train.mode=frozen", "train.epochs=3", "run.id=" + runId,
        "train.learning-rate.head=5e-2"));
    all.addAll(List.of(sets));
    all.forEach(s -> {
      args.add("--set");
      args.add(s);
    });
    return args;
  }

  /**
   * Starts {@code train} in a child JVM. TensorFlow's own info and warning lines are {@link
   * dev.bertune.run.TfLogLevel}'s concern (and its test's): the child gets the level bertune asks for in its
   * environment, so that what its stderr shows is bertune's.
   */
  static ChildJvm.Apart child(List<String> args) throws IOException {
    return ChildJvm.startApart(dir, Map.of("TF_CPP_MIN_LOG_LEVEL", "2"), args);
  }

  /** bertune's lines on stderr: all but the two that TensorFlow writes through Abseil at model load (README). */
  static List<String> bertuneLines(String err) {
    return err.strip().lines().filter(l -> !ABSEIL.matcher(l).matches()).toList();
  }

  /** The one line: exit status 2, {@code what} (a regex) in {@code where}, the free space, no stack trace. */
  static void assertOneLine(ChildJvm.Streams r, String what, Path where) {
    assertEquals(2, r.status(), r.err() + r.out());
    assertFalse(r.err().contains("\tat ") || r.out().contains("\tat "), "stack trace: " + r.err() + r.out());
    List<String> lines = bertuneLines(r.err());
    assertEquals(1, lines.size(), "one line on stderr: " + r.err());
    Pattern line = Pattern.compile("error: disk full while writing " + what + " in " + Pattern.quote(where.toString())
        + " \\(\\d+(\\.\\d)? (bytes|KB|MB|GB) free there\\); .+");
    assertTrue(line.matcher(lines.get(0)).matches(), "names what, where and the free space: " + r.err());
  }

  /** The bertune command that {@code message} suggests, as arguments, {@code <a folder with space>} replaced. */
  static List<String> suggested(String message, Path space) {
    Matcher m = Pattern.compile("java -jar target/bertune\\.jar (train [^(]*?)( \\(|$)").matcher(message.strip());
    assertTrue(m.find(), "no command suggested: " + message);
    String command = m.group(1).strip();
    return List.of((space == null ? command : command.replace(SPACE, space.toString())).split(" "));
  }

  /**
   * Waits for the child's checkpoint {@code checkpoints/last} of epoch {@code epoch} or later, then stops the child
   * (SIGSTOP) at a moment when no checkpoint is being written, and returns that checkpoint's checksums; the child
   * stays stopped.
   */
  static Map<String, String> pauseAfterACheckpoint(ChildJvm.Apart child, Path checkpoints, int epoch)
      throws Exception {
    Path state = checkpoints.resolve("last").resolve("state.json");
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(100);
    while (System.nanoTime() < end) {
      if (!child.process().isAlive()) {
        fail("the run ended before the test could fill its disk: " + Files.readString(child.err())
            + Files.readString(child.out()));
      }
      if (Files.isRegularFile(state)) {
        signal("STOP", child.process());
        if (hidden(checkpoints).isEmpty() && Files.isRegularFile(state) && epochOf(state) >= epoch) {
          return checksums(checkpoints.resolve("last"));
        }
        signal("CONT", child.process()); // caught writing one: let it finish
      }
      Thread.sleep(2);
    }
    throw new AssertionError("no checkpoint within 100 s: " + Files.readString(child.out()));
  }

  private static int epochOf(Path state) throws IOException {
    return new ObjectMapper().readTree(state.toFile()).path("epoch").asInt();
  }

  /** Sends SIGSTOP or SIGCONT; after SIGSTOP, waits until every thread of the child has stopped. */
  static void signal(String name, Process process) throws IOException, InterruptedException {
    command("kill", "-" + name, Long.toString(process.pid()));
    if (name.equals("STOP")) {
      Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
      for (int i = 0; i < 1000 && !allStopped(tasks); i++) {
        Thread.sleep(1);
      }
    }
  }

  private static boolean allStopped(Path tasks) {
    try (Stream<Path> threads = Files.list(tasks)) {
      return threads.allMatch(t -> {
        try {
          String stat = Files.readString(t.resolve("stat"));
          char s = stat.charAt(stat.lastIndexOf(')') + 2);
          return s == 'T' || s == 't' || s == 'Z' || s == 'X';
        } catch (IOException gone) {
          return true;
        }
      });
    } catch (IOException gone) {
      return true;
    }
  }

  /** Mounts a tmpfs of {@code size} (e.g. "4m") at a new folder; the mount is undone after the class. */
  static Path mount(String name, String size) throws IOException, InterruptedException {
    Path at = dir.resolve("mnt").resolve(name);
    String why = tryMount(at, size);
    Assumptions.assumeTrue(why == null, "cannot mount a tmpfs: " + why);
    return at;
  }

  /** Null when it mounted, else why not. */
  private static String tryMount(Path at, String size) throws IOException, InterruptedException {
    Files.createDirectories(at);
    String out = command("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString());
    if (out != null) {
      return out;
    }
    mounted.add(at);
    return null;
  }

  /** Runs a command; null when it succeeded, else its exit status and output. */
  private static String command(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int status = p.waitFor();
    return status == 0 ? null : String.join(" ", cmd) + ": status " + status + ": " + out.strip();
  }

  /** Fills {@code disk} with one file (fallocate), leaving {@code leave} bytes (a multiple of a page) free. */
  static void fill(Path disk, long leave) throws IOException, InterruptedException {
    long usable = Files.getFileStore(disk).getUsableSpace();
    assertTrue(usable >= leave, usable + " bytes free, fewer than " + leave);
    if (usable > leave) {
      String failed = command("fallocate", "-l", Long.toString(usable - leave), disk.resolve(FILLER).toString());
      assertEquals(null, failed);
    }
    assertEquals(leave, Files.getFileStore(disk).getUsableSpace(), "free space after filling " + disk);
  }

  static long roundUp(long bytes) {
    return (bytes + PAGE - 1) / PAGE * PAGE;
  }

  /** SHA-256 of every regular file below {@code root} but the filler, by relative path. */
  static Map<String, String> checksums(Path root) throws IOException {
    Map<String, String> sums = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String relative = root.relativize(f).toString();
        if (!relative.equals(FILLER)) {
          sums.put(relative, sha256(f));
        }
      }
    }
    return sums;
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Entries below {@code root} whose names start with a dot: temporary files, folders and owner records. */
  static List<Path> hidden(Path root) throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(p -> !p.equals(root) && p.getFileName().toString().startsWith(".")).toList();
    }
  }

  static void assertNoHidden(Path root) throws IOException {
    assertEquals(List.of(), hidden(root), "hidden temporaries left in " + root);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
