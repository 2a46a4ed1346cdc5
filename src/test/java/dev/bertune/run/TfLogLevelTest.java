package dev.bertune.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.testing.ChildJvm;
import dev.bertune.testing.TinyRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TensorFlow reads its log level once per process, so each case trains the tiny model in a child JVM: quiet by
 * default, TensorFlow's own lines back with {@code --tf-log} or with {@code TF_CPP_MIN_LOG_LEVEL} exported.
 */
class TfLogLevelTest {
  /** An info or warning line of TensorFlow's native logging: time, severity letter, source file. */
  private static final Pattern TF_LINE = Pattern.compile("(?m)^[\\d-]+ [\\d:.]+: [IW] tensorflow/\\S+\\.cc:\\d+\\]");

  @TempDir Path dir;

  @Test
  void tensorFlowsOwnLinesOnlyWhenAskedFor() throws Exception {
    TinyRun run = TinyRun.create(dir);

    ChildJvm.Result quiet = train(run, "quiet", Map.of());
    assertEquals(0, quiet.status(), quiet.output());
    assertFalse(TF_LINE.matcher(quiet.output()).find(), quiet.output());
    assertFalse(quiet.output().contains("Local rendezvous"), quiet.output());

    ChildJvm.Result flag = train(run, "flag", Map.of(), "--tf-log");
    assertEquals(0, flag.status(), flag.output());
    assertTrue(TF_LINE.matcher(flag.output()).find(), flag.output());
    assertTrue(flag.output().contains("Local rendezvous"), flag.output());

    ChildJvm.Result exported = train(run, "env", Map.of(TfLogLevel.VARIABLE, "0"));
    assertEquals(0, exported.status(), exported.output());
    assertTrue(TF_LINE.matcher(exported.output()).find(), exported.output());
  }

  private ChildJvm.Result train(TinyRun run, String id, Map<String, String> env, String... flags) throws Exception {
    List<String> args = new ArrayList<>(List.of("train"));
    args.addAll(List.of(flags));
    List<String> sets = run.overrides();
    sets.addAll(List.of("train.mode=full", "train.epochs=2", "run.id=" + id, "export.name=" + id));
    sets.forEach(s -> {
      args.add("--set");
      args.add(s);
    });
    return ChildJvm.runMain(dir, List.of(), env, args);
  }
}
