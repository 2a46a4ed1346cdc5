/**
 * Labelled reviews from TSV, CSV, JSON Lines or a pos/neg folder ({@link dev.bertune.data.ReviewReader}), with
 * file-and-line errors, stratified seeded splits and content hashes for caches and provenance. Plain Java: no
 * native objects.
 */
package dev.bertune.data;
