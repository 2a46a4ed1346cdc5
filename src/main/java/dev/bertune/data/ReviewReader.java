package dev.bertune.data;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bertune.BertuneException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads labelled reviews from a {@link DataSource}.
 *
 * <p>Malformed rows (wrong number of columns, empty text, unknown label, invalid JSON, bytes that are
 * not UTF-8) are handled per {@link DataOptions#onInvalid()}: {@code FAIL} throws an
 * {@link InvalidDataException} with message {@code <file>:<line>: <reason>}; {@code SKIP} leaves
 * them out and reports them in the {@link ReadResult}. Problems that make the whole source unusable
 * (a missing or wrong header, a source with no valid review) always throw. Blank lines are ignored.
 */
public final class ReviewReader {

    /** Header fields that suggest the first line is a data row (sentiment label spellings). */
    private static final java.util.Set<String> DATA_LIKE = java.util.Set.of("0", "1", "neg", "pos", "negative",
            "positive");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ReviewReader() {
    }

    /** Reads with {@link DataOptions#defaults()}. */
    public static ReadResult read(DataSource source) {
        return read(source, DataOptions.defaults());
    }

    /**
     * Reads all reviews of {@code source}.
     *
     * @throws InvalidDataException on malformed data (see the class description)
     * @throws BertuneException     when the source cannot be read
     */
    public static ReadResult read(DataSource source, DataOptions options) {
        try {
            return switch (source.format()) {
                case TSV, CSV -> readDelimited(source, options);
                case JSONL -> readJsonLines(source, options);
                case FOLDER -> readFolder(source, options);
            };
        } catch (IOException e) {
            throw new BertuneException(source.location() + ": cannot read: " + e.getMessage(), e);
        }
    }

    // ---- TSV / CSV -------------------------------------------------------------------------------

    private static ReadResult readDelimited(DataSource source, DataOptions options) throws IOException {
        String name = source.location();
        Collector out = new Collector(options);
        try (Utf8Lines lines = new Utf8Lines(source.open())) {
            Row.Source rows = source.format() == DataSource.Format.CSV ? new CsvRows(lines) : new TsvRows(lines);
            Row header = rows.next();
            if (header == null) {
                throw new InvalidDataException(name, "file is empty; expected a header line naming the columns "
                        + columns(options) + ", then one review per row");
            }
            Header h = Header.locate(name, header, options);
            for (Row row = rows.next(); row != null; row = rows.next()) {
                addRow(out, name, row, h);
            }
        }
        return out.finish(name, "rows with columns " + columns(options) + " after the header line");
    }

    private static void addRow(Collector out, String name, Row row, Header h) {
        if (row.error() != null) {
            out.reject(name, row.line(), row.error());
        } else if (row.fields().size() != h.names().size()) {
            out.reject(name, row.line(), "wrong number of columns: expected " + h.names().size() + " ("
                    + String.join(", ", h.names()) + "), found " + row.fields().size());
        } else {
            String pair = h.pair() < 0 ? null : row.fields().get(h.pair());
            out.accept(name, row.line(), row.fields().get(h.text()), pair, row.fields().get(h.label()));
        }
    }

    /** Column positions found in a header line; {@code pair} is -1 for single texts. */
    private record Header(List<String> names, int text, int label, int pair) {

        static Header locate(String file, Row header, DataOptions options) {
            if (header.error() != null) {
                throw new InvalidDataException(file, header.line(), "header line: " + header.error());
            }
            List<String> names = header.fields().stream().map(String::trim).toList();
            int text = indexOf(names, options.textColumn());
            int label = indexOf(names, options.labelColumn());
            if (text < 0 || label < 0) {
                throw new InvalidDataException(file, header.line(), missingColumns(names, options, text, label));
            }
            int pair = options.textPairs() ? indexOf(names, options.textPairColumn()) : -1;
            if (options.textPairs() && pair < 0) {
                throw new InvalidDataException(file, header.line(), "missing header column '"
                        + options.textPairColumn() + "' of the second texts (data.text-pair-column; columns found: "
                        + shorten(String.join(", ", names)) + ")");
            }
            return new Header(names, text, label, pair);
        }

        private static int indexOf(List<String> names, String wanted) {
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).equalsIgnoreCase(wanted)) {
                    return i;
                }
            }
            return -1;
        }

        private static String missingColumns(List<String> names, DataOptions o, int text, int label) {
            List<String> missing = new ArrayList<>();
            if (text < 0) {
                missing.add("'" + o.textColumn() + "'");
            }
            if (label < 0) {
                missing.add("'" + o.labelColumn() + "'");
            }
            boolean looksLikeData = names.stream().anyMatch(n -> DATA_LIKE.contains(n.toLowerCase(Locale.ROOT)));
            String hint = looksLikeData
                    ? "; this looks like a data row: the first line must be a header naming the columns"
                    : "; configure the text and label column names to match";
            return "missing header column " + String.join(" and ", missing) + " (columns found: "
                    + shorten(String.join(", ", names)) + ")" + hint;
        }
    }

    // ---- JSON Lines ------------------------------------------------------------------------------

    private static ReadResult readJsonLines(DataSource source, DataOptions options) throws IOException {
        String name = source.location();
        Collector out = new Collector(options);
        try (Utf8Lines lines = new Utf8Lines(source.open())) {
            for (Utf8Lines.Line l = lines.next(); l != null; l = lines.next()) {
                if (!l.isBlank()) {
                    addJsonLine(out, name, l, options);
                }
            }
        }
        return out.finish(name, "one JSON object per line with keys " + columns(options));
    }

    private static void addJsonLine(Collector out, String name, Utf8Lines.Line l, DataOptions o) {
        if (l.error() != null) {
            out.reject(name, l.number(), l.error());
            return;
        }
        JsonNode node;
        try {
            node = JSON.readTree(l.text());
        } catch (JacksonException e) {
            out.reject(name, l.number(), invalidJson(l.text(), e));
            return;
        }
        String problem = jsonProblem(node, o);
        if (problem != null) {
            out.reject(name, l.number(), problem);
            return;
        }
        JsonNode label = node.get(o.labelColumn());
        String text = node.get(o.textColumn()).asText();
        String pair = o.textPairs() ? node.get(o.textPairColumn()).asText() : null;
        if (label.isArray()) {
            List<String> names = new ArrayList<>();
            label.forEach(v -> names.add(scalarText(v)));
            out.accept(name, l.number(), text, pair, names, true);
        } else {
            out.accept(name, l.number(), text, pair, scalarText(label));
        }
    }

    /** A JSON string's text, or a number written as data usually means it ({@code 1.0} as {@code 1}). */
    private static String scalarText(JsonNode v) {
        if (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()) && Math.abs(v.asDouble()) < 1e15) {
            return Long.toString(v.asLong());
        }
        return v.asText();
    }

    /** Why a parsed JSON line cannot be used, or null. */
    private static String jsonProblem(JsonNode node, DataOptions o) {
        if (!node.isObject()) {
            return "expected a JSON object (one per line, JSON Lines), found " + kind(node);
        }
        List<String> missing = new ArrayList<>();
        List<String> keys = o.textPairs() ? List.of(o.textColumn(), o.textPairColumn(), o.labelColumn())
                : List.of(o.textColumn(), o.labelColumn());
        for (String key : keys) {
            if (!node.has(key) || node.get(key).isNull()) {
                missing.add("'" + key + "'");
            }
        }
        if (!missing.isEmpty()) {
            List<String> found = new ArrayList<>();
            node.fieldNames().forEachRemaining(found::add);
            return "missing key " + String.join(" and ", missing) + " (keys found: " + shorten(String.join(", ", found)) + ")";
        }
        JsonNode text = node.get(o.textColumn());
        if (!text.isTextual()) {
            return "'" + o.textColumn() + "' must be a string, found " + kind(text);
        }
        if (o.textPairs() && !node.get(o.textPairColumn()).isTextual()) {
            return "'" + o.textPairColumn() + "' (the second text of the pair) must be a string, found "
                    + kind(node.get(o.textPairColumn()));
        }
        JsonNode label = node.get(o.labelColumn());
        if (label.isArray()) {
            for (JsonNode v : label) {
                if (!v.isTextual() && !v.isNumber()) {
                    return "'" + o.labelColumn() + "' holds " + kind(v) + "; a label list holds strings or numbers";
                }
            }
        } else if (!label.isTextual() && !label.isNumber()) {
            return "'" + o.labelColumn() + "' must be a string, a number or an array of them, found " + kind(label);
        }
        return null;
    }

    private static String invalidJson(String text, JacksonException e) {
        String hint = text.trim().startsWith("[")
                ? " (expected JSON Lines: one object per line, not a JSON array)" : "";
        long column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
        String firstLine = e.getOriginalMessage().lines().findFirst().orElse("");
        return "invalid JSON" + (column > 0 ? " at column " + column : "") + ": " + firstLine + hint;
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    // ---- folder of *.txt files -------------------------------------------------------------------

    private static ReadResult readFolder(DataSource source, DataOptions options) throws IOException {
        if (options.textPairs()) {
            throw new InvalidDataException(source.location(), "a folder data set holds single texts, but"
                    + " data.text-pair-column = '" + options.textPairColumn() + "' asks for text pairs; give pairs"
                    + " as a TSV, CSV or JSON Lines file");
        }
        Collector out = new Collector(options);
        Utf8 utf8 = new Utf8();
        DataSource.FolderLayout layout = source.folderLayout(options.classFolders(), options.followSymlinks());
        for (DataSource.FolderReview r : layout.reviews()) {
            Utf8.Decoded d = utf8.decode(r.bytes(), r.bytes().length, "file");
            if (d.error() != null) {
                out.reject(r.file().toString(), 0, d.error());
            } else {
                out.accept(r.file().toString(), 0, Utf8.stripBom(d.text()), r.labels(), r.labels().size() > 1);
            }
        }
        ReadResult result = out.finish(source.location(), "one review per *.txt file in one sub-folder per class");
        return result.withWarnings(layout.warnings());
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static String columns(DataOptions o) {
        String pair = o.textPairs() ? ", '" + o.textPairColumn() + "'" : "";
        return "'" + o.textColumn() + "'" + pair + " and '" + o.labelColumn() + "'";
    }

    private static String shorten(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
