package dev.bertune.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bertune.BertuneException;
import dev.bertune.data.TextLines;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import dev.bertune.inference.TextClassifier;
import dev.bertune.task.Prediction;
import dev.bertune.task.Task;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bertune predict --model DIR [TEXT...]}: texts as arguments, or one per line on stdin. */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Classify texts with an exported model. Binary: the positive class's probability and the label;"
        + " multi-class: the most probable class (--top-k for more); multi-label: the labels over their thresholds.")
final class PredictCommand implements Callable<Integer> {
  @Mixin
  ExportOptions export;

  @Option(names = "--json", description = "Print JSON Lines: text, label (or labels), every label's probability by"
      + " name (binary: also probability, the positive class's).")
  boolean json;

  @Option(names = "--top-k", defaultValue = "1", paramLabel = "N",
      description = "Multi-class: print the N most probable classes with their probabilities (default 1).")
  int topK;

  @Parameters(paramLabel = "TEXT", description = "Texts to classify; none: read one per line from stdin.")
  List<String> texts = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    List<String> inputs = new ArrayList<>(texts);
    if (inputs.isEmpty()) {
      inputs.addAll(stdinTexts());
    }
    if (inputs.isEmpty()) {
      throw new BertuneException("no text to classify: give texts as arguments or one per line on stdin");
    }
    if (topK < 1) {
      throw new BertuneException("--top-k must be at least 1, got " + topK);
    }
    ObjectMapper mapper = new ObjectMapper();
    try (TextClassifier classifier = export.open()) {
      Task task = export.task(classifier);
      List<Prediction> predictions = Arrays.stream(classifier.score(inputs).probabilities()).map(task::prediction)
          .toList();
      for (int i = 0; i < inputs.size(); i++) {
        Prediction p = predictions.get(i);
        if (json) {
          ObjectNode node = mapper.createObjectNode();
          node.put("text", inputs.get(i));
          node.setAll(task.renderJson(p));
          System.out.println(node);
        } else {
          System.out.println(task.render(p, topK) + "\t" + inputs.get(i));
        }
      }
    }
    return 0;
  }

  /** The texts on stdin, one per line; blank lines are skipped and counted on stderr. */
  private static List<String> stdinTexts() throws IOException {
    TextLines.Read read = TextLines.read(System.in, "<stdin>");
    List<Long> blank = read.blankLines();
    if (!blank.isEmpty()) {
      System.err.println("predict: skipped " + blank.size() + " blank line" + (blank.size() == 1 ? "" : "s")
          + " of stdin (line" + (blank.size() == 1 ? " " : "s ")
          + blank.stream().limit(10).map(String::valueOf).collect(Collectors.joining(", "))
          + (blank.size() > 10 ? ", ..." : "") + "); the output has one line per non-blank line");
    }
    return read.texts();
  }
}
