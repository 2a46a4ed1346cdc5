package dev.bertune.inference;

import java.util.Objects;

/**
 * Two texts classified together, as BERT's segments A and B ({@code [CLS] text [SEP] textPair [SEP]}): a question
 * and an answer, a premise and a hypothesis, two sentences that may be paraphrases.
 *
 * @param text the first text
 * @param textPair the second text
 */
public record TextPair(String text, String textPair) {
  /** Both texts are required. */
  public TextPair {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(textPair, "textPair");
  }
}
