package dev.bertune.testing;

import dev.bertune.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the CLI in-process and captures its exit status, stdout and stderr. */
public record Captured(int status, String out, String err) {
  public static Captured run(String stdin, List<String> args) {
    return run(stdin.getBytes(StandardCharsets.UTF_8), args);
  }

  /** As {@link #run(String, List)} with raw stdin bytes (which need not be valid UTF-8). */
  public static Captured run(byte[] stdin, List<String> args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    InputStream oldIn = System.in;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      System.setIn(new ByteArrayInputStream(stdin));
      int status = Main.run(args.toArray(String[]::new));
      return new Captured(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
      System.setIn(oldIn);
    }
  }

  public static Captured run(String... args) {
    return run("", List.of(args));
  }
}
