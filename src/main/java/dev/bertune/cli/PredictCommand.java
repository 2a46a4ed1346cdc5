package dev.bertune.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bertune.BertuneException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bertune predict --model DIR [TEXT...]}: texts as arguments, or one per line on stdin. */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Classify texts with an exported model: probability of positive and the label.")
final class PredictCommand implements Callable<Integer> {
  @Mixin
  ExportOptions export;

  @Option(names = "--json", description = "Print JSON Lines: {\"text\", \"probability\", \"label\"}.")
  boolean json;

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
    ObjectMapper mapper = new ObjectMapper();
    try (ExportedClassifier classifier = export.open()) {
      float[] probs = classifier.score(inputs, export.batchSize)[0];
      for (int i = 0; i < inputs.size(); i++) {
        String label = probs[i] >= export.threshold ? "positive" : "negative";
        if (json) {
          ObjectNode node = mapper.createObjectNode();
          node.put("text", inputs.get(i));
          node.put("probability", probs[i]);
          node.put("label", label);
          System.out.println(node);
        } else {
          System.out.printf(Locale.ROOT, "%.4f\t%s\t%s%n", probs[i], label, inputs.get(i));
        }
      }
    }
    return 0;
  }
}
