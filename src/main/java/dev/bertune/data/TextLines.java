package dev.bertune.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Texts given one per line (on {@code predict}'s stdin), decoded as strictly as training data: invalid UTF-8 or a
 * NUL byte is an error naming the line; blank lines are no texts, counted so that the caller can say so.
 */
public final class TextLines {
  /**
   * The texts in order, the (1-based) numbers of the blank lines left out, and the line number of each text.
   */
  public record Read(List<String> texts, List<Long> blankLines, List<Long> textLines) {}

  private TextLines() {}

  /** Reads {@code in} to its end; {@code name} (e.g. {@code <stdin>}) is what errors call it. */
  public static Read read(InputStream in, String name) throws IOException {
    List<String> texts = new ArrayList<>();
    List<Long> blank = new ArrayList<>();
    List<Long> numbers = new ArrayList<>();
    try (Utf8Lines lines = new Utf8Lines(in)) {
      for (Utf8Lines.Line line = lines.next(); line != null; line = lines.next()) {
        if (line.error() != null) {
          throw new InvalidDataException(name, line.number(), line.error());
        }
        if (line.text().indexOf('\0') >= 0) {
          throw new InvalidDataException(name, line.number(), "NUL byte in the text at character "
              + (line.text().indexOf('\0') + 1));
        }
        if (line.isBlank()) {
          blank.add(line.number());
        } else {
          texts.add(line.text());
          numbers.add(line.number());
        }
      }
    }
    return new Read(texts, blank, numbers);
  }
}
