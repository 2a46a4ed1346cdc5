package dev.bertune.text;

/**
 * One text as BERT input, unpadded: {@code [CLS] pieces... [SEP]}. The attention mask is all ones over
 * {@link #length()}; padding is added per batch by the input pipeline.
 *
 * @param inputIds WordPiece ids, [T]
 * @param segmentIds segment (token type) ids, [T]; all 0 for single-text classification
 * @param truncated whether pieces were dropped to fit the maximum length
 */
public record Encoding(int[] inputIds, int[] segmentIds, boolean truncated) {
  public int length() {
    return inputIds.length;
  }
}
