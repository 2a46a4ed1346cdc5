/**
 * BERT and the classifier in one TensorFlow graph. {@link dev.bertune.model.PretrainedBert} owns the imported
 * SavedModel (graph, session); {@link dev.bertune.model.ClassifierModel} adds the head (as wide as the
 * {@link dev.bertune.task.Task} says), the task's loss and probability op, gradients and
 * {@link dev.bertune.model.AdamW} to that graph and owns the PretrainedBert from then on. Per-step tensors live in
 * try-with-resources inside each call; nothing native outlives a step.
 */
package dev.bertune.model;
