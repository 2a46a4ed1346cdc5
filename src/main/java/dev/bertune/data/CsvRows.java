package dev.bertune.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Comma-separated values per RFC 4180: fields may be enclosed in double quotes, a quote inside a
 * quoted field is doubled, and quoted fields may span lines (line breaks become {@code \n}). A record
 * is reported at the line where it starts. Quotes inside an unquoted field are kept as text.
 */
final class CsvRows implements Row.Source {

    private enum State { FIELD_START, UNQUOTED, QUOTED, AFTER_QUOTE }

    private final Utf8Lines lines;

    CsvRows(Utf8Lines lines) {
        this.lines = lines;
    }

    @Override
    public Row next() throws IOException {
        Utf8Lines.Line first;
        do {
            first = lines.next();
        } while (first != null && first.isBlank());
        return first == null ? null : parse(first);
    }

    private Row parse(Utf8Lines.Line first) throws IOException {
        RecordParser p = new RecordParser();
        Utf8Lines.Line current = first;
        while (true) {
            p.noteEncoding(current);
            p.feed(current.text());
            if (p.state != State.QUOTED) {
                p.endField();
                break;
            }
            current = lines.next();
            if (current == null) {
                return Row.bad(first.number(), "unterminated quoted field: no closing '\"' before the end of the file");
            }
            p.field.append('\n');
        }
        return p.error != null ? Row.bad(first.number(), p.error) : Row.ok(first.number(), p.fields);
    }

    /** State of one record being parsed. */
    private static final class RecordParser {
        final List<String> fields = new ArrayList<>();
        final StringBuilder field = new StringBuilder();
        State state = State.FIELD_START;
        String error;

        void noteEncoding(Utf8Lines.Line line) {
            if (error == null && line.error() != null) {
                error = line.error();
            }
        }

        void feed(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (state == State.QUOTED) {
                    i = quoted(text, i, c);
                } else {
                    unquoted(c);
                }
            }
        }

        /** Handles a char inside quotes; returns the index of the last char consumed. */
        private int quoted(String text, int i, char c) {
            if (c != '"') {
                field.append(c);
            } else if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                field.append('"');
                return i + 1;
            } else {
                state = State.AFTER_QUOTE;
            }
            return i;
        }

        private void unquoted(char c) {
            if (c == ',') {
                endField();
            } else if (state == State.FIELD_START && c == '"') {
                state = State.QUOTED;
            } else if (state == State.AFTER_QUOTE) {
                if (error == null) {
                    error = "unexpected character '" + c + "' after the closing quote of field " + (fields.size() + 1)
                            + " (a quote inside a quoted field must be doubled: \"\")";
                }
                field.append(c);
            } else {
                field.append(c);
                state = State.UNQUOTED;
            }
        }

        void endField() {
            fields.add(field.toString());
            field.setLength(0);
            state = State.FIELD_START;
        }
    }
}
