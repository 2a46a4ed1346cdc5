/**
 * Labelled reviews from TSV, CSV, JSON Lines or a folder of class folders ({@link dev.bertune.data.ReviewReader}),
 * their labels as names (one, or a list for multi-label data; the {@code task} package turns them into label
 * vectors), with file-and-line errors, stratified seeded splits (per class, or iterative for label sets) and content
 * hashes for caches and provenance. Plain Java: no native objects.
 */
package dev.bertune.data;
