/**
 * WordPiece tokenization with the model's own vocabulary, run by the HuggingFace tokenizers native library.
 * {@link dev.bertune.text.WordPieceTokenizer} owns the native tokenizer and must be closed; it turns a text into an
 * unpadded {@link dev.bertune.text.Encoding} ([CLS] ... [SEP], truncated as configured), and a text pair into
 * [CLS] a [SEP] b [SEP] with segment ids 0 then 1, cut longest first ({@link dev.bertune.text.PairTruncation}).
 */
package dev.bertune.text;
