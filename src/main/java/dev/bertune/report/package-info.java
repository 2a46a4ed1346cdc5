/** The pictures and the report of a run directory: training curves, ROC curve, confusion matrix, report.md. */
package dev.bertune.report;
