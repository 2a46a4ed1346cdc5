/** Binary classification metrics (accuracy, precision, recall, F1, ROC-AUC, ROC curve), streaming or at once. */
package dev.bertune.metrics;
