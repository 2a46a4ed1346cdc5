package dev.bertune.bench;

import dev.bertune.model.ResourceVariable;
import java.util.List;

/**
 * Analytic FLOP count of a BERT-shaped model's forward pass for one sequence of T tokens, counting 2 FLOPs per
 * multiply-add of the matrix products only (embedding lookups, LayerNorm, softmax, GELU and additions are a few
 * percent and ignored, as usual):
 *
 * <pre>
 *   forward(T) = 2 · tokenWeights · T            every token through every dense layer (Q, K, V, O, FFN in/out)
 *              + 4 · attentionLayers · T² · width  scores Q·Kᵀ and context P·V, per layer
 *              + 2 · sequenceWeights             pooler and head, on one vector per sequence
 * </pre>
 *
 * <p>BERT-base (12 layers, width 768, FFN 3072) at T = 128: 21.74 + 0.60 + 0.001 ≈ 22.35 GFLOP.
 *
 * @param tokenWeights weights of the encoder's dense kernels, applied to every token
 * @param attentionLayers layers with self-attention
 * @param attentionWidth width of Q, K and V (all heads together)
 * @param sequenceWeights weights applied once per sequence (pooler, head)
 */
public record BertFlops(long tokenWeights, int attentionLayers, long attentionWidth, long sequenceWeights) {

  /** The textbook BERT shape: {@code layers} × (Q, K, V, O of hidden² + FFN 2 · hidden · intermediate) + pooler. */
  public static BertFlops standard(int layers, int hidden, int intermediate) {
    long perLayer = 4L * hidden * hidden + 2L * hidden * intermediate;
    return new BertFlops(layers * perLayer, layers, hidden, (long) hidden * hidden);
  }

  /**
   * Counts from the model's own variables (those on the path to the features, plus the head): 2-D kernels under
   * the pooler or the head act once per sequence, embedding tables are lookups, every other 2-D kernel acts on
   * every token; a layer has attention when it has an {@code attention/self/query/kernel}.
   */
  public static BertFlops of(List<ResourceVariable> variables) {
    long token = 0;
    long sequence = 0;
    int attention = 0;
    long width = 0;
    for (ResourceVariable v : variables) {
      if (v.shape().numDimensions() != 2 || v.name().contains("embeddings")) {
        continue;
      }
      if (v.name().contains("pooler") || v.name().startsWith("head/")) {
        sequence += v.size();
      } else {
        token += v.size();
      }
      if (v.name().endsWith("attention/self/query/kernel")) {
        attention++;
        width = v.shape().get(1);
      }
    }
    return new BertFlops(token, attention, width, sequence);
  }

  /** FLOPs of one forward pass of one sequence of {@code seq} tokens. */
  public double forwardPerSequence(int seq) {
    return 2.0 * tokenWeights * seq + 4.0 * attentionLayers * (double) seq * seq * attentionWidth
        + 2.0 * sequenceWeights;
  }
}
