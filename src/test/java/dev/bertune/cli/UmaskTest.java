package dev.bertune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.testing.TinyRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under umask 022 (set in a child process: a JVM cannot change its own) every file a run and its export write is
 * {@code rw-r--r--} and every folder {@code rwxr-xr-x}: plots, report, tokenizer assets included.
 */
class UmaskTest {
  @TempDir Path dir;

  @Test
  void runOutputsAndExportsFollowTheUmask() throws Exception {
    TinyRun tiny = TinyRun.create(dir);
    List<String> cmd = new ArrayList<>(List.of("sh", "-c", "umask 022 && exec \"$@\"", "sh",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "dev.bertune.cli.Main", "train"));
    List<String> sets = tiny.overrides();
    sets.addAll(List.of("train.mode=frozen", "train.epochs=2", "run.id=umask", "export.name=umask",
        "data.cache-dir=\"" + dir.resolve("umask-cache") + "\""));
    sets.forEach(s -> {
      cmd.add("--set");
      cmd.add(s);
    });
    Path log = dir.resolve("child.log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "child run finished");
    assertEquals(0, p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));

    Map<String, String> wrong = new TreeMap<>();
    for (Path root : List.of(dir.resolve("runs/umask"), dir.resolve("export/umask/1"), dir.resolve("umask-cache"))) {
      try (Stream<Path> all = Files.walk(root)) {
        for (Path f : all.toList()) {
          String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
          if (!mode.equals(Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--")) {
            wrong.put(dir.relativize(f).toString(), mode);
          }
        }
      }
    }
    assertTrue(Files.isRegularFile(dir.resolve("export/umask/1/assets.extra/tokenizer.json")));
    assertTrue(Files.isRegularFile(dir.resolve("runs/umask/training-curves.png")));
    assertEquals(Map.of(), wrong);
  }
}
