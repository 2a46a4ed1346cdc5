/**
 * One {@code train} run from start to end ({@link dev.bertune.run.TrainingRun}): it sequences the stages (model,
 * tokenizer, data, streams, fit, test, run directory, export) and records what happened (timings, statistics,
 * provenance); each stage is a call into the package that owns it.
 */
package dev.bertune.run;
