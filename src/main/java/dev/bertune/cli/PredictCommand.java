package dev.bertune.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bertune.BertuneException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bertune predict --model DIR [TEXT...]}: texts as arguments, or one per line on stdin. */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Classify texts with an exported model: probability of positive and the label.")
final class PredictCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Export version folder.")
  Path model;

  @Option(names = "--json", description = "Print JSON Lines: {\"text\", \"probability\", \"label\"}.")
  boolean json;

  @Option(names = "--threshold", defaultValue = "0.5", description = "Decision threshold (default ${DEFAULT-VALUE}).")
  double threshold;

  @Option(names = "--batch-size", defaultValue = "16") int batchSize;

  @Option(names = "--cache-dir", defaultValue = ".bertune/cache", hidden = true) Path cacheDir;

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
    try (ExportedClassifier classifier = new ExportedClassifier(model, cacheDir)) {
      float[] probs = classifier.score(inputs, batchSize)[0];
      for (int i = 0; i < inputs.size(); i++) {
        String label = probs[i] >= threshold ? "positive" : "negative";
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
