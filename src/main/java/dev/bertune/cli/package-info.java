/**
 * The command line ({@code train}, {@code evaluate}, {@code predict}, {@code inspect}, {@code bench}), with picocli.
 * A {@link dev.bertune.BertuneException} is printed as one line and exits with status 2; anything else is a bug and
 * keeps its stack trace.
 */
package dev.bertune.cli;
