package dev.bertune.data;

import dev.bertune.BertuneException;

/**
 * Input data that cannot be used: a malformed row, a missing file, an unexpected layout.
 *
 * <p>The message has the form {@code <file>:<line>: <reason>}, or {@code <file>: <reason>} when the
 * problem concerns a whole file or folder (line 0).
 */
public class InvalidDataException extends BertuneException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final long line;
    private final String reason;

    /** A problem at a 1-based {@code line} of {@code source}; line 0 means the whole file. */
    public InvalidDataException(String source, long line, String reason) {
        super(where(source, line) + ": " + reason);
        this.source = source;
        this.line = line;
        this.reason = reason;
    }

    /** A problem concerning the whole of {@code source} (a file, folder or resource). */
    public InvalidDataException(String source, String reason) {
        this(source, 0, reason);
    }

    /** The file, folder or resource the problem is in. */
    public String source() {
        return source;
    }

    /** The 1-based line where the offending record starts, or 0 for the whole source. */
    public long line() {
        return line;
    }

    /** The reason alone, without the location prefix. */
    public String reason() {
        return reason;
    }

    /** Formats a location as {@code file:line}, or just {@code file} when line is 0. */
    static String where(String source, long line) {
        return line > 0 ? source + ":" + line : source;
    }
}
