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
import dev.bertune.inference.TextPair;
import dev.bertune.task.Prediction;
import dev.bertune.task.Task;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bertune predict --model DIR [TEXT...]}: texts as arguments, or one per line on stdin; for an export that takes
 * text pairs, each is {@code text<TAB>text_pair}.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Classify texts with an exported model. Binary: the positive class's probability and the label;"
        + " multi-class: the most probable class (--top-k for more); multi-label: the labels over their thresholds."
        + " An export trained on text pairs takes each as text<TAB>text_pair.")
final class PredictCommand implements Callable<Integer> {
  @Mixin
  ExportOptions export;

  @Option(names = "--json", description = "Print JSON Lines: text (and text_pair), label (or labels), every label's"
      + " probability by name (binary: also probability, the positive class's).")
  boolean json;

  @Option(names = "--top-k", defaultValue = "1", paramLabel = "N",
      description = "Multi-class: print the N most probable classes with their probabilities (default 1).")
  int topK;

  @Parameters(paramLabel = "TEXT", description = "Texts to classify; none: read one per line from stdin. Text pairs:"
      + " text<TAB>text_pair.")
  List<String> texts = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    List<String> inputs = new ArrayList<>(texts);
    List<String> places = new ArrayList<>();
    for (int i = 1; i <= texts.size(); i++) {
      places.add("argument " + i);
    }
    if (inputs.isEmpty()) {
      TextLines.Read read = stdinTexts();
      inputs.addAll(read.texts());
      read.textLines().forEach(n -> places.add("<stdin>:" + n));
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
      List<TextPair> pairs = classifier.takesPairs() ? pairs(inputs, places, classifier) : null;
      float[][] probabilities = pairs != null ? classifier.scorePairs(pairs).probabilities()
          : classifier.score(inputs).probabilities();
      List<Prediction> predictions = Arrays.stream(probabilities).map(task::prediction).toList();
      for (int i = 0; i < inputs.size(); i++) {
        Prediction p = predictions.get(i);
        if (json) {
          ObjectNode node = mapper.createObjectNode();
          if (pairs != null) {
            node.put("text", pairs.get(i).text());
            node.put("text_pair", pairs.get(i).textPair());
          } else {
            node.put("text", inputs.get(i));
          }
          node.setAll(task.renderJson(p));
          System.out.println(node);
        } else {
          System.out.println(task.render(p, topK) + "\t" + inputs.get(i));
        }
      }
    }
    return 0;
  }

  /**
   * Each input split at its first tab into a text pair; an input without a tab, or with an empty half, is an error
   * naming its place ({@code <stdin>:3}, {@code argument 2}).
   */
  static List<TextPair> pairs(List<String> inputs, List<String> places, TextClassifier classifier) {
    List<TextPair> out = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      String input = inputs.get(i);
      int tab = input.indexOf('\t');
      if (tab < 0) {
        throw new BertuneException(places.get(i) + ": no tab: " + classifier.dir() + " takes text pairs; give each"
            + " as text<TAB>text_pair");
      }
      TextPair pair = new TextPair(input.substring(0, tab), input.substring(tab + 1));
      if (pair.text().isBlank() || pair.textPair().isBlank()) {
        throw new BertuneException(places.get(i) + ": " + (pair.text().isBlank() ? "empty text before the tab"
            : "empty text_pair after the tab"));
      }
      out.add(pair);
    }
    return out;
  }

  /** The texts on stdin, one per line; blank lines are skipped and counted on stderr. */
  private static TextLines.Read stdinTexts() throws IOException {
    TextLines.Read read = TextLines.read(System.in, "<stdin>");
    List<Long> blank = read.blankLines();
    if (!blank.isEmpty()) {
      System.err.println("predict: skipped " + blank.size() + " blank line" + (blank.size() == 1 ? "" : "s")
          + " of stdin (line" + (blank.size() == 1 ? " " : "s ")
          + blank.stream().limit(10).map(String::valueOf).collect(Collectors.joining(", "))
          + (blank.size() > 10 ? ", ..." : "") + "); the output has one line per non-blank line");
    }
    return read;
  }
}
