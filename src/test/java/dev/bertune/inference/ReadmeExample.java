package dev.bertune.inference;

// The README's usage example, word for word between the markers (TextClassifierTest checks both, and runs it).
// README-EXAMPLE-START
import dev.bertune.inference.TextClassifier;
import dev.bertune.task.Prediction;
import java.nio.file.Path;
import java.util.List;

class ReadmeExample {
  static void printPredictions(Path export) {
    try (TextClassifier classifier = TextClassifier.load(export)) {
      Prediction one = classifier.classify("A moving, beautifully acted film.");
      System.out.println(one.label() + " " + one.probability(one.label()));
      for (Prediction p : classifier.classify(List.of("Loved it.", "Two hours I will never get back."))) {
        System.out.println(p.labels() + " " + p.probabilities());
      }
    }
  }
}
// README-EXAMPLE-END
