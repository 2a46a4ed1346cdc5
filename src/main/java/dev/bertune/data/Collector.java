package dev.bertune.data;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Gathers valid reviews and applies the {@link OnInvalid} policy to malformed rows. */
final class Collector {

  private final OnInvalid policy;
  private final String separator;
  private final String pairColumn;
  private final List<Review> reviews = new ArrayList<>();
  private final List<String> examples = new ArrayList<>();
  private int skipped;

  Collector(DataOptions options) {
    this.policy = options.onInvalid();
    this.separator = options.labelSeparator();
    this.pairColumn = options.textPairColumn();
  }

  /**
   * Adds a review whose label value is still one string: split on the label separator (an empty value is the
   * empty label set), rejecting empty text.
   */
  void accept(String source, long line, String text, String rawLabel) {
    List<String> labels = split(rawLabel);
    accept(source, line, text, labels, labels.size() > 1 || rawLabel.contains(separator));
  }

  /** Adds a review with its label names, rejecting empty text and repeated or blank names. */
  void accept(String source, long line, String text, List<String> labels, boolean listValued) {
    accept(source, line, text, null, labels, listValued);
  }

  /** As {@link #accept(String, long, String, String)}, with the second text of a pair (null: a single text). */
  void accept(String source, long line, String text, String textPair, String rawLabel) {
    List<String> labels = split(rawLabel);
    accept(source, line, text, textPair, labels, labels.size() > 1 || rawLabel.contains(separator));
  }

  /** As {@link #accept(String, long, String, List, boolean)}, with the second text of a pair (null: a single text). */
  void accept(String source, long line, String text, String textPair, List<String> labels, boolean listValued) {
    List<String> names = labels.stream().map(String::trim).toList();
    if (isEmpty(text)) {
      reject(source, line, "empty text");
    } else if (text.indexOf('\0') >= 0) {
      reject(source, line, "NUL byte in the text at character " + (text.indexOf('\0') + 1)
          + " (a binary file, or a damaged one?)");
    } else if (textPair != null && textProblem(textPair) != null) {
      reject(source, line, textProblem(textPair));
    } else if (names.stream().anyMatch(String::isEmpty)) {
      reject(source, line, "empty label name in " + names);
    } else if (new LinkedHashSet<>(names).size() != names.size()) {
      reject(source, line, "label repeated in " + String.join(separator, names));
    } else {
      reviews.add(new Review(text, names, listValued, source, line, textPair));
    }
  }

  /** Why the second text of a pair cannot be used, or null. */
  private String textProblem(String textPair) {
    if (isEmpty(textPair)) {
      return "empty second text of the pair ('" + pairColumn + "')";
    }
    int nul = textPair.indexOf('\0');
    return nul < 0 ? null : "NUL byte in the second text of the pair ('" + pairColumn + "') at character " + (nul + 1)
        + " (a binary file, or a damaged one?)";
  }

  /** A malformed row: throws with {@link OnInvalid#FAIL}, else counts it. */
  void reject(String source, long line, String reason) {
    InvalidDataException e = new InvalidDataException(source, line, reason);
    if (policy == OnInvalid.FAIL) {
      throw e;
    }
    skipped++;
    if (examples.size() < ReadResult.MAX_EXAMPLES) {
      examples.add(e.getMessage());
    }
  }

  /**
   * The result; fails when no review was valid.
   *
   * @param location the source location, named in the error
   * @param expected what valid input would have looked like
   */
  ReadResult finish(String location, String expected) {
    if (reviews.isEmpty()) {
      String why = skipped == 0 ? "no reviews found"
          : "no valid reviews: all " + skipped + " rows were invalid (first: " + examples.get(0) + ")";
      throw new InvalidDataException(location, why + "; expected " + expected);
    }
    return new ReadResult(reviews, skipped, examples);
  }

  /** The names of a label value: trimmed, split on the separator; blank gives none. */
  private List<String> split(String raw) {
    if (raw == null || raw.isBlank()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String part : raw.split(java.util.regex.Pattern.quote(separator), -1)) {
      out.add(part.trim());
    }
    return out;
  }

  private static boolean isEmpty(String text) {
    return text == null || text.isBlank();
  }
}
