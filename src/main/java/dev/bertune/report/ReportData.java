package dev.bertune.report;

import dev.bertune.metrics.ClassReport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything {@link ReportWriter} puts into {@code report.md}. Null collections are treated as empty; all maps keep
 * their iteration order (pass a {@link LinkedHashMap} to control row order). The record holds unmodifiable copies.
 *
 * @param runId         run identifier
 * @param title         report title (defaults to "Training report" when null/blank)
 * @param configSummary configuration key to value
 * @param dataSummary   data facts (e.g. "train examples" to "20000")
 * @param timings       phase to human-readable duration
 * @param history       one map per epoch (e.g. loss, accuracy, val_loss, val_accuracy)
 * @param finalMetrics  split name (e.g. "validation", "test") to metric name to value
 * @param perClass      split name to the per-class (or per-label) figures, for multi-class and multi-label runs
 * @param images        image file names relative to the run directory
 */
public record ReportData(String runId, String title, Map<String, String> configSummary,
                         Map<String, String> dataSummary, Map<String, String> timings,
                         List<Map<String, Double>> history, Map<String, Map<String, Double>> finalMetrics,
                         Map<String, List<ClassReport>> perClass, List<String> images, List<String> warnings) {

    /** Without warnings. */
    public ReportData(String runId, String title, Map<String, String> configSummary, Map<String, String> dataSummary,
                      Map<String, String> timings, List<Map<String, Double>> history,
                      Map<String, Map<String, Double>> finalMetrics, Map<String, List<ClassReport>> perClass,
                      List<String> images) {
        this(runId, title, configSummary, dataSummary, timings, history, finalMetrics, perClass, images, List.of());
    }

    /** Without per-class figures. */
    public ReportData(String runId, String title, Map<String, String> configSummary, Map<String, String> dataSummary,
                      Map<String, String> timings, List<Map<String, Double>> history,
                      Map<String, Map<String, Double>> finalMetrics, List<String> images) {
        this(runId, title, configSummary, dataSummary, timings, history, finalMetrics, Map.of(), images);
    }

    public ReportData {
        runId = runId == null ? "" : runId;
        title = title == null || title.isBlank() ? "Training report" : title;
        configSummary = copy(configSummary);
        dataSummary = copy(dataSummary);
        timings = copy(timings);
        List<Map<String, Double>> h = new ArrayList<>();
        if (history != null) {
            for (Map<String, Double> epoch : history) {
                h.add(copy(epoch));
            }
        }
        history = Collections.unmodifiableList(h);
        Map<String, Map<String, Double>> fm = new LinkedHashMap<>();
        if (finalMetrics != null) {
            finalMetrics.forEach((split, metrics) -> fm.put(split, copy(metrics)));
        }
        finalMetrics = Collections.unmodifiableMap(fm);
        perClass = perClass == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(perClass));
        images = images == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(images));
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    private static <V> Map<String, V> copy(Map<String, V> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
