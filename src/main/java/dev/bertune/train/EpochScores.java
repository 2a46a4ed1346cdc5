package dev.bertune.train;

/**
 * What the epoch in progress has scored so far: each trained example's probabilities and label vector, and the
 * sum of the batch losses (batch mean times batch size). A mid-epoch checkpoint carries it, so that a resumed
 * epoch's history row covers the whole epoch, not only the batches after the resume.
 */
public record EpochScores(float[][] probabilities, float[][] labels, double lossSum) {}
