package dev.bertune.config;

/** Number format TensorFlow computes in ({@code runtime.precision}). */
public enum Precision {
  /** Every op in float32, as the graph was built. */
  FP32,
  /**
   * TensorFlow's oneDNN auto mixed precision graph rewrite: ops on its allow list (MatMul, BatchMatMul, ...) run in
   * bfloat16, the rest and all variables stay float32. Only on CPUs with {@code avx512_bf16} or {@code amx_bf16};
   * elsewhere the run falls back to fp32 with a warning.
   */
  BF16
}
