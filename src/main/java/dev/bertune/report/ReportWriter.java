package dev.bertune.report;

import dev.bertune.AtomicFiles;
import dev.bertune.metrics.ClassReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes {@code report.md} (GitHub-flavoured Markdown) into a run directory, atomically.
 *
 * <p>Sections, in order: title and run id, Configuration, Data, Metrics (one row per metric, one column per split,
 * 4 decimals; {@code count} as an integer), Training history (one row per epoch), Timings and Plots (images
 * embedded with {@code ![name](file)}). Empty sections say so instead of showing an empty table.
 */
public final class ReportWriter {

    public static final String FILE_NAME = "report.md";
    private static final String MISSING = "—";

    private ReportWriter() {
    }

    /** Writes {@code runDir/report.md} and returns its path. */
    public static Path write(Path runDir, ReportData data) throws IOException {
        Path target = runDir.resolve(FILE_NAME);
        AtomicFiles.writeString(target, render(data));
        return target;
    }

    /** The Markdown text {@link #write} would write. */
    public static String render(ReportData data) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(inline(data.title())).append("\n\n");
        md.append("Run id: `").append(data.runId().replace("`", "'")).append("`\n\n");
        if (!data.warnings().isEmpty()) {
            md.append("## Warnings\n\n");
            data.warnings().forEach(w -> md.append("> **Warning:** ").append(inline(w)).append("\n>\n"));
            md.append('\n');
        }

        md.append("## Configuration\n\n");
        keyValueTable(md, "Setting", data.configSummary());

        md.append("## Data\n\n");
        keyValueTable(md, "Item", data.dataSummary());

        md.append("## Metrics\n\n");
        metricsTable(md, data.finalMetrics());
        data.perClass().forEach((part, reports) -> perClassTable(md, part, reports));

        md.append("## Training history\n\n");
        historyTable(md, data.history());

        md.append("## Timings\n\n");
        keyValueTable(md, "Phase", data.timings());

        md.append("## Plots\n\n");
        if (data.images().isEmpty()) {
            md.append("_No plots._\n\n");
        } else {
            for (String image : data.images()) {
                md.append("![").append(altText(image)).append("](").append(link(image)).append(")\n\n");
            }
        }
        return md.toString();
    }

    private static void keyValueTable(StringBuilder md, String keyHeader, Map<String, String> rows) {
        if (rows.isEmpty()) {
            md.append("_None._\n\n");
            return;
        }
        row(md, List.of(keyHeader, "Value"));
        separator(md, 2);
        rows.forEach((k, v) -> row(md, List.of(k, v == null ? MISSING : v)));
        md.append('\n');
    }

    private static void metricsTable(StringBuilder md, Map<String, Map<String, Double>> metrics) {
        Set<String> names = new LinkedHashSet<>();
        metrics.values().forEach(m -> names.addAll(m.keySet()));
        if (names.isEmpty()) {
            md.append("_None._\n\n");
            return;
        }
        List<String> header = new ArrayList<>();
        header.add("Metric");
        header.addAll(metrics.keySet());
        row(md, header);
        separator(md, header.size());
        for (String name : names) {
            List<String> cells = new ArrayList<>();
            cells.add(name);
            for (Map<String, Double> split : metrics.values()) {
                cells.add(number(name, split.get(name)));
            }
            row(md, cells);
        }
        md.append('\n');
    }

    /** Precision, recall, F1, support and AUC of each class (or label) of one part. */
    private static void perClassTable(StringBuilder md, String part, List<ClassReport> reports) {
        md.append("### Per label (").append(inline(part)).append(")\n\n");
        row(md, List.of("Label", "Precision", "Recall", "F1", "Support", "Predicted", "AUC"));
        separator(md, 7);
        for (ClassReport r : reports) {
            row(md, List.of(r.label(), number("precision", r.precision()), number("recall", r.recall()),
                    number("f1", r.f1()), Long.toString(r.support()), Long.toString(r.predicted()),
                    number("auc", r.auc())));
        }
        md.append('\n');
    }

    private static void historyTable(StringBuilder md, List<Map<String, Double>> history) {
        if (history.isEmpty()) {
            md.append("_None._\n\n");
            return;
        }
        Set<String> names = new LinkedHashSet<>();
        history.forEach(m -> names.addAll(m.keySet()));
        names.remove("epoch");
        List<String> header = new ArrayList<>();
        header.add("epoch");
        header.addAll(names);
        row(md, header);
        separator(md, header.size());
        for (int i = 0; i < history.size(); i++) {
            Map<String, Double> epoch = history.get(i);
            List<String> cells = new ArrayList<>();
            Double e = epoch.get("epoch");
            cells.add(e != null && Double.isFinite(e) ? number("epoch", e) : Integer.toString(i + 1));
            for (String name : names) {
                cells.add(number(name, epoch.get(name)));
            }
            row(md, cells);
        }
        md.append('\n');
    }

    /** 4 decimals; integer for counts/epochs/steps; "n/a" for NaN; a dash when missing. */
    static String number(String name, Double value) {
        if (value == null) {
            return MISSING;
        }
        if (value.isNaN()) {
            return "n/a";
        }
        if (value.isInfinite()) {
            return value > 0 ? "inf" : "-inf";
        }
        String n = name.toLowerCase(Locale.ROOT);
        boolean integral = n.equals("count") || n.equals("epoch") || n.equals("step") || n.endsWith("_count")
                || n.equals("examples");
        if (integral && value == Math.rint(value)) {
            return Long.toString(value.longValue());
        }
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static void row(StringBuilder md, List<String> cells) {
        md.append('|');
        for (String c : cells) {
            md.append(' ').append(cell(c)).append(" |");
        }
        md.append('\n');
    }

    private static void separator(StringBuilder md, int columns) {
        md.append('|');
        md.append(" --- |".repeat(columns));
        md.append('\n');
    }

    /** Table-cell text: no line breaks, pipes escaped. */
    private static String cell(String s) {
        return inline(s).replace("|", "\\|");
    }

    private static String inline(String s) {
        return s == null ? "" : s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    private static String altText(String image) {
        String name = image.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            name = name.substring(0, dot);
        }
        return name.replace('_', ' ').replace('-', ' ').replace("[", "").replace("]", "");
    }

    /** Link destination; wrapped in angle brackets when it contains spaces or parentheses. */
    private static String link(String image) {
        String path = image.replace('\\', '/');
        if (path.matches(".*[\\s()<>].*")) {
            return "<" + path.replace("<", "%3C").replace(">", "%3E") + ">";
        }
        return path;
    }
}
