/**
 * The command line ({@code train}, {@code evaluate}, {@code predict}, {@code inspect}, {@code serve}, {@code bench}),
 * with picocli; {@code evaluate}, {@code predict} and {@code serve} are clients of
 * {@link dev.bertune.inference.TextClassifier}.
 * A {@link dev.bertune.BertuneException} is printed as one line and exits with status 2; anything else is a bug and
 * keeps its stack trace.
 */
package dev.bertune.cli;
