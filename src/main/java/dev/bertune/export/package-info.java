/**
 * The serving side: {@link dev.bertune.export.ServingExporter} writes a TF Serving SavedModel built from a fresh,
 * pruned graph (temporary folder, reload, compare, rename), and {@link dev.bertune.export.ServedModel} loads one
 * for inference. Both close their graphs, sessions and bundles themselves.
 */
package dev.bertune.export;
