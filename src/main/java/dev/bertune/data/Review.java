package dev.bertune.data;

import java.util.List;
import java.util.Objects;

/**
 * One labelled review, its labels still names as the data wrote them (the task turns them into a label vector).
 *
 * @param text the review text, never blank
 * @param labels the label names, trimmed, without duplicates, in the order written: one for single-label data,
 *     any number (none included) for multi-label data
 * @param listValued whether the label value was written as a list (separator-joined, a JSON array, or the same
 *     file in several class folders): what {@code task.type = auto} takes as the sign of multi-label data
 * @param source the file path or resource name it was read from (for folder data: the review's own file)
 * @param line the 1-based line where the record starts, or 0 when the whole file is the review
 * @param textPair the second text of a text pair (BERT's segment B, never blank), or null for a single text
 */
public record Review(String text, List<String> labels, boolean listValued, String source, long line,
    String textPair) {

  /** Validates the components and copies the labels. */
  public Review {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(source, "source");
    labels = List.copyOf(labels);
    if (labels.stream().anyMatch(String::isBlank) || labels.stream().distinct().count() != labels.size()) {
      throw new IllegalArgumentException("labels must be distinct non-blank names, got " + labels);
    }
    if (line < 0) {
      throw new IllegalArgumentException("line must be >= 0, got " + line);
    }
  }

  /** A single text. */
  public Review(String text, List<String> labels, boolean listValued, String source, long line) {
    this(text, labels, listValued, source, line, null);
  }

  /** Whether it is a text pair. */
  public boolean isPair() {
    return textPair != null;
  }

  /** A review with one label. */
  public static Review of(String text, String label, String source, long line) {
    return new Review(text, List.of(label), false, source, line);
  }

  /** {@code file:line} (or just the file for whole-file reviews), for messages. */
  public String location() {
    return InvalidDataException.where(source, line);
  }
}
