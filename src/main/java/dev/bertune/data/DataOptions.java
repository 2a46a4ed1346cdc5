package dev.bertune.data;

import dev.bertune.BertuneException;
import java.util.List;
import java.util.Objects;

/**
 * How to read a data source.
 *
 * @param textColumn the column (TSV/CSV header) or key (JSON Lines) holding the review text
 * @param labelColumn the column or key holding the label (or the list of labels)
 * @param onInvalid whether a malformed row stops the read or is skipped
 * @param labelSeparator what separates the labels of a multi-label value ({@code data.label-separator})
 * @param classFolders for a folder source: the class sub-folders to read (the task's labels when given); empty
 *     to take every sub-folder holding {@code *.txt} files (or just {@code neg/} and {@code pos/} when present)
 * @param followSymlinks for a folder source: follow symbolic links that point outside it ({@code
 *     data.follow-symlinks})
 * @param textPairColumn the column or key holding each row's second text (BERT's segment B: {@code
 *     data.text-pair-column}), or empty for single texts
 */
public record DataOptions(String textColumn, String labelColumn, OnInvalid onInvalid, String labelSeparator,
    List<String> classFolders, boolean followSymlinks, String textPairColumn) {

  /** Default text column name. */
  public static final String DEFAULT_TEXT_COLUMN = "text";
  /** Default label column name. */
  public static final String DEFAULT_LABEL_COLUMN = "label";
  /** Default separator of multi-label values. */
  public static final String DEFAULT_SEPARATOR = ",";

  /** Validates and trims the column names. */
  public DataOptions {
    Objects.requireNonNull(onInvalid, "onInvalid");
    textColumn = requireName(textColumn, "text column");
    labelColumn = requireName(labelColumn, "label column");
    if (textColumn.equalsIgnoreCase(labelColumn)) {
      throw new BertuneException("text column and label column must differ, both are '" + textColumn + "'");
    }
    if (labelSeparator == null || labelSeparator.isEmpty() || labelSeparator.contains("\t")
        || labelSeparator.contains("\n")) {
      throw new BertuneException("data.label-separator must be one or more characters other than tab and newline");
    }
    classFolders = List.copyOf(classFolders);
    textPairColumn = textPairColumn == null ? "" : textPairColumn.trim();
    if (textPairColumn.equalsIgnoreCase(textColumn) || textPairColumn.equalsIgnoreCase(labelColumn)) {
      throw new BertuneException("data.text-pair-column = '" + textPairColumn + "' must differ from the text and"
          + " label columns ('" + textColumn + "', '" + labelColumn + "')");
    }
  }

  /** Single texts. */
  public DataOptions(String textColumn, String labelColumn, OnInvalid onInvalid, String labelSeparator,
      List<String> classFolders, boolean followSymlinks) {
    this(textColumn, labelColumn, onInvalid, labelSeparator, classFolders, followSymlinks, "");
  }

  /** Links outside a folder source not followed. */
  public DataOptions(String textColumn, String labelColumn, OnInvalid onInvalid, String labelSeparator,
      List<String> classFolders) {
    this(textColumn, labelColumn, onInvalid, labelSeparator, classFolders, false);
  }

  /** Given columns and policy, the default separator, class folders from the data. */
  public DataOptions(String textColumn, String labelColumn, OnInvalid onInvalid) {
    this(textColumn, labelColumn, onInvalid, DEFAULT_SEPARATOR, List.of());
  }

  /** Columns {@code text} and {@code label}, failing on the first malformed row. */
  public static DataOptions defaults() {
    return new DataOptions(DEFAULT_TEXT_COLUMN, DEFAULT_LABEL_COLUMN, OnInvalid.FAIL);
  }

  /** A copy with other column names. */
  public DataOptions withColumns(String text, String label) {
    return new DataOptions(text, label, onInvalid, labelSeparator, classFolders, followSymlinks, textPairColumn);
  }

  /** A copy with another malformed-row policy. */
  public DataOptions withOnInvalid(OnInvalid policy) {
    return new DataOptions(textColumn, labelColumn, policy, labelSeparator, classFolders, followSymlinks,
        textPairColumn);
  }

  /** A copy that reads only these class folders of a folder source. */
  public DataOptions withClassFolders(List<String> folders) {
    return new DataOptions(textColumn, labelColumn, onInvalid, labelSeparator, folders, followSymlinks,
        textPairColumn);
  }

  /** A copy that follows (or not) symbolic links out of a folder source. */
  public DataOptions withFollowSymlinks(boolean follow) {
    return new DataOptions(textColumn, labelColumn, onInvalid, labelSeparator, classFolders, follow, textPairColumn);
  }

  /** A copy that reads each row's second text from {@code column} (empty: single texts). */
  public DataOptions withTextPairColumn(String column) {
    return new DataOptions(textColumn, labelColumn, onInvalid, labelSeparator, classFolders, followSymlinks, column);
  }

  /** Whether rows hold text pairs ({@code data.text-pair-column} is set). */
  public boolean textPairs() {
    return !textPairColumn.isEmpty();
  }

  private static String requireName(String name, String what) {
    if (name == null || name.isBlank()) {
      throw new BertuneException(what + " name must not be empty");
    }
    return name.trim();
  }
}
