/**
 * Using a trained classifier from Java: {@link dev.bertune.inference.TextClassifier} loads a bertune export (its
 * SavedModel, {@code assets.extra/tokenizer.json}, tokenizer settings and task) and turns texts into
 * {@link dev.bertune.task.Prediction}s (an export trained on text pairs turns {@link dev.bertune.inference.TextPair}s
 * into them). It owns the SavedModel bundle and the native tokenizer, and closes both;
 * every tensor of a call is closed inside that call. {@code predict}, {@code evaluate} and {@code serve} are its
 * clients.
 */
package dev.bertune.inference;
