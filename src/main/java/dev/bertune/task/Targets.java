package dev.bertune.task;

import dev.bertune.data.InvalidDataException;
import dev.bertune.data.OnInvalid;
import dev.bertune.data.ReadResult;
import dev.bertune.data.Review;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Reviews with their label vectors under a task: {@code Review -> float[K]}, invalid labels per {@link OnInvalid}. */
public final class Targets {
  private Targets() {}

  /**
   * The reviews whose labels the task accepts, with their label vectors.
   *
   * @param skipped reviews left out ({@link OnInvalid#SKIP}), as {@code file:line: reason}, at most {@value
   *     ReadResult#MAX_EXAMPLES} kept
   */
  public record Encoded(List<Review> reviews, List<float[]> targets, int skipped, List<String> skippedExamples) {
    /** A log line about skipped reviews, or empty. */
    public String skippedSummary() {
      return new ReadResult(reviews, skipped, skippedExamples).skippedSummary();
    }
  }

  /**
   * Encodes the labels of {@code reviews}. With {@link OnInvalid#FAIL}, labels the task does not know fail all at
   * once, naming every unknown label and where the first one is (e.g. a test label the training data never had);
   * other invalid label values fail at their file:line.
   *
   * @param part what the reviews are ("validation", "test"), for messages
   */
  public static Encoded encode(Task task, List<Review> reviews, OnInvalid policy, String part) {
    if (policy == OnInvalid.FAIL) {
      failOnUnknownLabels(task, reviews, part);
    }
    List<Review> kept = new ArrayList<>();
    List<float[]> targets = new ArrayList<>();
    List<String> examples = new ArrayList<>();
    int skipped = 0;
    for (Review r : reviews) {
      Optional<float[]> t = task.target(r.labels());
      if (t.isPresent()) {
        kept.add(r);
        targets.add(t.get());
        continue;
      }
      InvalidDataException e = new InvalidDataException(r.source(), r.line(), task.problem(r.labels()));
      if (policy == OnInvalid.FAIL) {
        throw e;
      }
      skipped++;
      if (examples.size() < ReadResult.MAX_EXAMPLES) {
        examples.add(e.getMessage());
      }
    }
    return new Encoded(kept, targets, skipped, examples);
  }

  private static void failOnUnknownLabels(Task task, List<Review> reviews, String part) {
    TreeSet<String> unknown = new TreeSet<>();
    Review first = null;
    for (Review r : reviews) {
      for (String label : r.labels()) {
        if (task.target(List.of(label)).isEmpty() && task.problem(List.of(label)).startsWith("unknown label")) {
          unknown.add(label);
          first = first == null ? r : first;
        }
      }
    }
    if (!unknown.isEmpty()) {
      throw new InvalidDataException(first.source(), first.line(), part + " label" + (unknown.size() == 1 ? " " : "s ")
          + String.join(", ", unknown) + " not among the task's labels (" + String.join(", ", task.labels())
          + "): unseen in the training data or outside task.labels (first here; data.on-invalid = skip leaves such"
          + " reviews out)");
    }
  }
}
