package dev.bertune.data;

import java.io.IOException;
import java.util.Arrays;

/** Tab-separated values: one record per line, fields split on tabs, no quoting. */
final class TsvRows implements Row.Source {

    private final Utf8Lines lines;

    TsvRows(Utf8Lines lines) {
        this.lines = lines;
    }

    @Override
    public Row next() throws IOException {
        Utf8Lines.Line l;
        do {
            l = lines.next();
        } while (l != null && l.isBlank());
        if (l == null) {
            return null;
        }
        if (l.error() != null) {
            return Row.bad(l.number(), l.error());
        }
        return Row.ok(l.number(), Arrays.asList(l.text().split("\t", -1)));
    }
}
