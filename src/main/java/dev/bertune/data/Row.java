package dev.bertune.data;

import java.util.List;

/**
 * One record of a delimited file.
 *
 * @param line   the 1-based line where the record starts
 * @param fields the field values (empty when {@code error} is set)
 * @param error  why the record is malformed, or null
 */
record Row(long line, List<String> fields, String error) {

    static Row ok(long line, List<String> fields) {
        return new Row(line, List.copyOf(fields), null);
    }

    static Row bad(long line, String error) {
        return new Row(line, List.of(), error);
    }

    /** Reads records one by one; blank lines between records are skipped. */
    interface Source {
        /** The next record, or null at the end of the input. */
        Row next() throws java.io.IOException;
    }
}
