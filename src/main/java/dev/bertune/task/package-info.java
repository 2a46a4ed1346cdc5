/**
 * What is being predicted: the {@link dev.bertune.task.Task} of a run (binary, multi-class or multi-label) and
 * everything that differs between them.
 *
 * <p>Flow: the training data's label values ({@link dev.bertune.data.Review#labels()}) are read by
 * {@link dev.bertune.task.TaskResolver}, which picks the task ({@code task.type}, or inferred from the data when
 * {@code auto}) and the label order; {@link dev.bertune.task.Task#target} turns each review's labels into the
 * label vector the TFRecord cache stores; the model asks the task for its head width, loss and probability op;
 * the trainer and the CLI ask it for metrics and for the {@link dev.bertune.task.Prediction} of a probability
 * row; the exporter asks it for the output shapes and writes its {@link dev.bertune.task.TaskFile}.
 * Nothing outside this package tests which task it is.
 */
package dev.bertune.task;
