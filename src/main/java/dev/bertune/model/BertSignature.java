package dev.bertune.model;

/**
 * Where BERT's inputs and outputs are in its graph, found through the SavedModel signature.
 *
 * @param inputIds tensor name of the word-piece ids, int32 [B, T]
 * @param inputMask tensor name of the attention mask, int32 [B, T]
 * @param segmentIds tensor name of the segment ids, int32 [B, T]
 * @param pooledOutput tensor name of the pooled [CLS] output, float [B, H]
 * @param sequenceOutput tensor name of the sequence output, float [B, T, H]
 * @param hiddenSize H
 * @param maxPositions the longest sequence the position embeddings allow
 */
public record BertSignature(
    String inputIds, String inputMask, String segmentIds, String pooledOutput, String sequenceOutput,
    int hiddenSize, int maxPositions) {}
