/**
 * The pictures and the report of a run directory: training curves, ROC curves, confusion matrices (2 x 2 or K x K),
 * per-label F1 bars, report.md.
 */
package dev.bertune.report;
