package dev.bertune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.testing.Captured;
import dev.bertune.testing.TinyRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad inputs through the CLI, gathered in one place: each is a user error (exit status 2) told in one line that
 * names the place to fix (file and line, config key or option), without a stack trace, and writes nothing (no run
 * directory, no export version).
 */
class BadInputCorpusTest {
  @TempDir static Path dir;
  static TinyRun tiny;
  static Path export;

  @BeforeAll
  static void setUp() throws IOException {
    tiny = TinyRun.create(dir);
    export = tiny.export("corpus");
  }

  /** A bad input: stdin, the arguments, and what the error must name. */
  record Case(byte[] stdin, List<String> args, String names) {}

  static Path file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  static Path file(String name, byte[] content) {
    try {
      Path p = dir.resolve("inputs").resolve(name);
      Files.createDirectories(p.getParent());
      return Files.write(p, content);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** {@code train} on the tiny run with {@code sets} last. */
  static Case train(String names, String... sets) {
    List<String> args = new ArrayList<>(List.of("train"));
    List<String> all = tiny.overrides();
    all.addAll(List.of("train.mode=frozen", "train.epochs=1", "run.id=bad", "export.name=bad"));
    all.addAll(List.of(sets));
    all.forEach(s -> {
      args.add("--set");
      args.add(s);
    });
    return new Case(new byte[0], args, names);
  }

  /** {@code train} with {@code data.train} a file of {@code content}; the error names {@code file:line}. */
  static Case trainData(String name, String content, String line, String... sets) {
    Path f = file(name, content);
    List<String> all = new ArrayList<>(List.of("data.train=\"" + f + "\""));
    all.addAll(List.of(sets));
    return train(f + line, all.toArray(String[]::new));
  }

  static Case cli(String names, String... args) {
    return new Case(new byte[0], List.of(args), names);
  }

  static Case stdin(byte[] in, String names, String... args) {
    return new Case(in, List.of(args), names);
  }

  static Arguments of(String name, Supplier<Case> c) {
    return Arguments.of(name, c);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // config keys and values
        of("unknown key", () -> train("'train.epoch'", "train.epoch=2")),
        of("unknown mode", () -> train("'train.mode'", "train.mode=half")),
        of("zero epochs", () -> train("'train.epochs'", "train.epochs=0")),
        of("epochs not a number", () -> train("'train.epochs'", "train.epochs=three")),
        of("negative batch size", () -> train("'train.batch-size'", "train.batch-size=-1")),
        of("learning rate above 1", () -> train("'train.learning-rate.head'", "train.learning-rate.head=2")),
        of("max length too small", () -> train("'tokenizer.max-length'", "tokenizer.max-length=2")),
        of("max length above 512", () -> train("'tokenizer.max-length'", "tokenizer.max-length=600")),
        of("unknown truncation", () -> train("tokenizer.truncation", "tokenizer.truncation=middle")),
        of("unknown long-text mode", () -> train("tokenizer.long-text = 'chunks' is not valid; accepted values:"
            + " truncate, windows", "tokenizer.long-text=chunks")),
        of("stride as long as a window", () -> train("tokenizer.stride = 30 must be smaller than the 30 WordPieces",
            "tokenizer.long-text=windows", "tokenizer.max-length=32", "tokenizer.stride=30")),
        of("no windows at all", () -> train("'tokenizer.max-windows'", "tokenizer.max-windows=0")),
        of("unknown window pooling", () -> train("'head.window-pooling'", "head.window-pooling=sum")),
        of("windows with text pairs", () -> train("tokenizer.long-text = windows does not take text pairs",
            "tokenizer.long-text=windows", "tokenizer.stride=4", "data.text-pair-column=answer")),
        of("unknown task type", () -> train("'task.type'", "task.type=regression")),
        of("unknown loss", () -> train("'head.loss'", "head.loss=hinge")),
        of("unknown precision", () -> train("'runtime.precision'", "runtime.precision=fp8")),
        of("unknown on-invalid", () -> train("'data.on-invalid'", "data.on-invalid=ignore")),
        of("monitor not a metric", () -> train("'callbacks.early-stopping.monitor'",
            "callbacks.early-stopping.monitor=val_bogus")),
        of("bad export name", () -> train("export.name", "export.name=\"a/b\"")),
        of("set without =", () -> cli("--set 'train.epochs'", "train", "--set", "train.epochs")),
        of("missing config file", () -> cli(dir.resolve("missing.conf").toString(), "train", "--config",
            dir.resolve("missing.conf").toString())),
        of("unparsable config file", () -> {
          Path f = file("broken.conf", "train {\n  epochs = [\n");
          return cli(f.toString(), "train", "--config", f.toString());
        }),
        // data files
        of("missing training file", () -> train(dir.resolve("nowhere.tsv").toString(),
            "data.train=\"" + dir.resolve("nowhere.tsv") + "\"")),
        of("empty training file", () -> trainData("empty.tsv", "", "")),
        of("header only", () -> trainData("header-only.tsv", "text\tlabel\n", "")),
        of("no label column", () -> trainData("no-label.tsv", "text\tstars\ngreat\t5\nbad\t1\n", ":1")),
        of("label column not there", () -> trainData("labels.tsv", "text\tlabel\ngreat\tpos\nbad\tneg\n", ":1",
            "data.label-column=stars")),
        of("unknown label", () -> trainData("unknown-label.tsv",
            "text\tlabel\ngreat film\tpos\nawful film\tmaybe\nbad film\tneg\n", ":3", "task.labels=[neg, pos]")),
        of("third label of a binary task", () -> trainData("third-label.tsv",
            "text\tlabel\ngreat film\tpos\nawful film\tmaybe\nbad film\tneg\n", ":3", "task.type=binary")),
        of("row without a label", () -> trainData("short-row.tsv", "text\tlabel\ngreat film\tpos\nno label here\n",
            ":3")),
        of("row with too many fields", () -> trainData("long-row.tsv",
            "text\tlabel\ngreat film\tpos\nbad\tneg\textra\n", ":3")),
        of("empty text", () -> trainData("empty-text.tsv", "text\tlabel\ngreat film\tpos\n\tneg\n", ":3")),
        of("NUL byte in a text", () -> trainData("nul.tsv", "text\tlabel\ngreat\u0000film\tpos\nbad film\tneg\n",
            ":2")),
        of("invalid UTF-8", () -> {
          byte[] bytes = {'t', 'e', 'x', 't', '\t', 'l', 'a', 'b', 'e', 'l', '\n', 'c', 'a', 'f', (byte) 0xE9, '\t',
              'p', 'o', 's', '\n'};
          Path f = file("latin1.tsv", bytes);
          return train(f + ":2", "data.train=\"" + f + "\"");
        }),
        of("unclosed quote in CSV", () -> trainData("quote.csv", "text,label\n\"great film,pos\nbad film,neg\n",
            ":2")),
        // text pairs (data.text-pair-column)
        of("pair column not in the header", () -> trainData("no-pair.tsv", "text\tlabel\ngreat\tpos\nbad\tneg\n",
            ":1", "data.text-pair-column=answer")),
        of("empty second text", () -> trainData("empty-pair.tsv",
            "text\tanswer\tlabel\nq\tgreat\tpos\nq\t\tneg\n", ":3", "data.text-pair-column=answer")),
        of("NUL byte in a second text", () -> trainData("nul-pair.tsv",
            "text\tanswer\tlabel\nq\tgreat\tpos\nq\tbad\u0000\tneg\n", ":3", "data.text-pair-column=answer")),
        of("pair column is the text column", () -> train("data.text-pair-column", "data.text-pair-column=text")),
        of("pairs from a folder", () -> {
          Path folder = dir.resolve("inputs").resolve("pair-folder");
          file("pair-folder/pos/a.txt", "great");
          file("pair-folder/neg/b.txt", "bad");
          return train("data.text-pair-column", "data.train=\"" + folder + "\"", "data.text-pair-column=answer");
        }),
        of("max length too small for pairs", () -> train("tokenizer.max-length = 4 is too small for text pairs",
            "data.train=\"" + file("short-pairs.tsv", "text\tanswer\tlabel\nq\tgreat\tpos\nq\tbad\tneg\n"
                + "q\tgood\tpos\nq\tawful\tneg\n") + "\"", "data.text-pair-column=answer", "tokenizer.max-length=4",
            "data.test=\"\"")),
        of("evaluate: pair column for a single-text export", () -> cli("--text-pair-column", "evaluate", "--model",
            export.toString(), "--data", tiny.test.toString(), "--text-pair-column", "answer")),
        of("single-class training set", () -> train("one-class.tsv (data.train)", "data.train=\""
            + file("one-class.tsv", "text\tlabel\ngreat film\tpos\nloved it\tpos\nwonderful\tpos\n") + "\"")),
        of("missing test file", () -> train(dir.resolve("no-test.tsv").toString(),
            "data.test=\"" + dir.resolve("no-test.tsv") + "\"")),
        of("empty data folder", () -> {
          Path empty = dir.resolve("inputs").resolve("empty-folder");
          try {
            Files.createDirectories(empty);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return train(empty.toString(), "data.train=\"" + empty + "\"");
        }),
        // folders and models
        of("missing model", () -> train(dir.resolve("no-model").toString(),
            "model.dir=\"" + dir.resolve("no-model") + "\"")),
        of("model dir is a file", () -> {
          Path f = file("model-file", "x");
          return train(f.toString(), "model.dir=\"" + f + "\"");
        }),
        of("export dir is a file", () -> train("'export.dir'",
            "export.dir=\"" + file("export-file", "x") + "\"")),
        of("run dir under a file", () -> train("'run.dir'",
            "run.dir=\"" + file("run-file", "x").resolve("runs") + "\"")),
        of("resume of no run", () -> cli(dir.resolve("no-run").toString(), "train", "--resume",
            dir.resolve("no-run").toString())),
        of("missing provenance", () -> cli(dir.resolve("none.json").toString(), "train", "--from-provenance",
            dir.resolve("none.json").toString())),
        // predict, evaluate, inspect, serve, score, bench options
        of("predict: not an export", () -> stdin("great".getBytes(StandardCharsets.UTF_8), tiny.model.toString(),
            "predict", "--model", tiny.model.toString())),
        of("predict: no model", () -> cli(dir.resolve("no-export").toString(), "predict", "--model",
            dir.resolve("no-export").toString(), "great")),
        of("predict: batch size 0", () -> cli("--batch-size", "predict", "--model", export.toString(),
            "--batch-size", "0", "great")),
        of("predict: threshold 1.5", () -> cli("--threshold", "predict", "--model", export.toString(),
            "--threshold", "1.5", "great")),
        of("predict: invalid UTF-8 stdin", () -> stdin(new byte[] {'o', 'k', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n'},
            "<stdin>:2", "predict", "--model", export.toString())),
        of("evaluate: missing data", () -> cli(dir.resolve("no-data.tsv").toString(), "evaluate", "--model",
            export.toString(), "--data", dir.resolve("no-data.tsv").toString())),
        of("evaluate: unknown label", () -> {
          Path f = file("eval-label.tsv", "text\tlabel\ngreat film\tpos\nawful film\tmaybe\n");
          return cli(f + ":3", "evaluate", "--model", export.toString(), "--data", f.toString());
        }),
        of("evaluate: model is a file", () -> {
          Path f = file("export-is-file", "x");
          return cli(f.toString(), "evaluate", "--model", f.toString(), "--data", tiny.test.toString());
        }),
        of("inspect: no SavedModel", () -> cli(dir.resolve("no-inspect").toString(), "inspect",
            dir.resolve("no-inspect").toString())),
        of("serve: no model", () -> cli(dir.resolve("no-serve").toString(), "serve", "--model",
            dir.resolve("no-serve").toString(), "--port", "0")),
        of("serve: unknown precision", () -> cli("--precision", "serve", "--model", export.toString(), "--port",
            "0", "--precision", "fp8")),
        of("score: unknown mode", () -> cli("--mode", "score", "--model", export.toString(), "--input",
            tiny.test.toString(), "--output", dir.resolve("scored").toString(), "--mode", "sometimes")),
        of("score: batch size 0", () -> cli("--batch-size", "score", "--model", export.toString(), "--input",
            tiny.test.toString(), "--output", dir.resolve("scored").toString(), "--batch-size", "0")),
        of("bench: unknown mode", () -> cli("--modes", "bench", "--model", tiny.model.toString(), "--modes",
            "forward,backward")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isAOneLineUserErrorThatNamesThePlaceAndWritesNothing(String name, Supplier<Case> setUp) throws IOException {
    Files.createDirectories(dir.resolve("inputs"));
    Case c = setUp.get();
    List<String> before = tree();
    Captured r = Captured.run(c.stdin(), c.args());
    assertEquals(2, r.status(), name + ": " + r.err() + r.out());
    assertTrue(r.err().startsWith("error: "), name + ": " + r.err());
    assertEquals(1, r.err().strip().lines().count(), name + ": one line: " + r.err());
    assertTrue(r.err().contains(c.names()), name + ": the error does not name " + c.names() + ": " + r.err());
    assertFalse(r.err().contains("\tat ") || r.out().contains("\tat "), name + ": stack trace: " + r.err());
    assertEquals(before, tree(), name + ": something was written");
  }

  /** The run directories and export versions. */
  static List<String> tree() throws IOException {
    List<String> names = new ArrayList<>();
    for (Path root : List.of(dir.resolve("runs"), dir.resolve("export"), dir.resolve("scored"))) {
      if (Files.exists(root)) {
        try (Stream<Path> files = Files.walk(root, 2)) {
          files.map(Path::toString).sorted().forEach(names::add);
        }
      }
    }
    return names;
  }
}
