package dev.bertune.cli;

import dev.bertune.BertuneException;
import dev.bertune.BertuneVersion;
import dev.bertune.DiskFull;
import dev.bertune.model.OneDnnWeightCache;
import dev.bertune.run.TfLogLevel;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/** {@code java -jar bertune.jar <command>}: train, evaluate, predict, inspect, bench, serve, score, embed. */
@Command(name = "bertune", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Fine-tune BERT for review classification with TensorFlow Java and export it for TF Serving.",
    subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, InspectCommand.class,
        BenchCommand.class, ServeCommand.class, ScoreCommand.class, EmbedCommand.class})
public final class Main {
  /** Exit status for user errors (bad config, bad data, missing model). */
  public static final int USER_ERROR = 2;

  /**
   * JavaCPP (under TensorFlow Java) refuses native allocations once the process's resident memory exceeds {@code
   * org.bytedeco.javacpp.maxPhysicalBytes}, by default four times the Java heap limit (JavaCPP's {@code maxBytes},
   * the heap limit, plus three heaps): a JVM started with {@code -Xmx512m} would stop full fine-tuning at 2 GB of
   * resident memory with "Physical memory usage is too high". TensorFlow's memory is native and owned by
   * try-with-resources, not by the Java heap, so bertune lifts both caps unless the user sets them.
   */
  static final List<String> JAVACPP_LIMITS =
      List.of("org.bytedeco.javacpp.maxPhysicalBytes", "org.bytedeco.javacpp.maxBytes");

  /** {@code --version}: the build's own version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"bertune " + BertuneVersion.get()};
    }
  }

  /** Read from the parse result (it may follow any sub-command); the field only declares it. */
  @Option(names = "--tf-log", scope = ScopeType.INHERIT,
      description = "Show TensorFlow's own info and warning log lines (hidden by default; TF_CPP_MIN_LOG_LEVEL wins).")
  boolean tfLog;

  public static void main(String[] args) {
    liftJavaCppLimits();
    System.exit(run(args));
  }

  /** Sets the JavaCPP limits the user left unset to 0 (no limit); call before TensorFlow Java loads. */
  static void liftJavaCppLimits() {
    for (String key : JAVACPP_LIMITS) {
      if (System.getProperty(key) == null) {
        System.setProperty(key, "0");
      }
    }
  }

  /** Runs the CLI and returns the exit status (used by tests). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof BertuneException) {
        return userError(commandLine, (BertuneException) e);
      }
      Optional<DiskFull> full = DiskFull.unnamed(e); // a full disk is the user's to fix, wherever it struck
      if (full.isPresent()) {
        return userError(commandLine, full.get());
      }
      throw e;
    });
    cli.setExecutionStrategy(parseResult -> {
      Integer help = CommandLine.executeHelpRequest(parseResult);
      if (help != null) {
        return help;
      }
      TfLogLevel.apply(tfLogRequested(parseResult)); // before TensorFlow's first log line
      try {
        OneDnnWeightCache.requireReadableSetting(); // every command runs TensorFlow
      } catch (BertuneException e) {
        return userError(cli, e);
      }
      return new CommandLine.RunLast().execute(parseResult);
    });
    return cli.execute(args);
  }

  private static boolean tfLogRequested(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--tf-log")) {
        return true;
      }
    }
    return false;
  }

  /** One line naming what to fix, no stack trace; the exit status of a user error. */
  private static int userError(CommandLine cli, BertuneException e) {
    cli.getErr().println("error: " + e.getMessage());
    return USER_ERROR;
  }
}
