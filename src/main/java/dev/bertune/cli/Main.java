package dev.bertune.cli;

import dev.bertune.BertuneException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar bertune.jar <command>}: train, evaluate, predict, inspect, bench. */
@Command(name = "bertune", mixinStandardHelpOptions = true, version = "bertune 0.1.0",
    description = "Fine-tune BERT for review classification with TensorFlow Java and export it for TF Serving.",
    subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, InspectCommand.class,
        BenchCommand.class})
public final class Main {
  /** Exit status for user errors (bad config, bad data, missing model). */
  public static final int USER_ERROR = 2;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns the exit status (used by tests). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof BertuneException) {
        commandLine.getErr().println("error: " + e.getMessage());
        return USER_ERROR;
      }
      throw e;
    });
    return cli.execute(args);
  }
}
