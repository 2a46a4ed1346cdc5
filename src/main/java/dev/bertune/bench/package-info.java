/**
 * {@code bertune bench}: throughput of BERT's forward pass, of a frozen-encoder training step and of a full
 * fine-tuning step on synthetic batches, with an analytic FLOP count, peak memory and an optional per-op profile.
 *
 * <p>Who owns what: {@link dev.bertune.bench.Benchmark} loads a fresh model per mode (each mode builds its own
 * training ops), owns it and the synthetic {@link dev.bertune.pipeline.Batch} for the duration of that mode, and
 * closes both; {@link dev.bertune.bench.BenchReport} only holds numbers and formats them.
 */
package dev.bertune.bench;
