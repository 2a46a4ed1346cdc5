package dev.bertune.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bertune.BertuneException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (!line.isBlank()) {
          inputs.add(line);
        }
      }
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
}
