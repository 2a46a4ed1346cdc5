package dev.bertune.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    @TempDir
    Path dir;

    @Test
    void writesAllSectionsWithTablesAndImages() throws IOException {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("model", "bert-base-uncased");
        config.put("learning rate", "2e-5");
        config.put("note", "a|b");
        Map<String, String> data = new LinkedHashMap<>();
        data.put("train examples", "20000");
        data.put("test examples", "25000");
        Map<String, String> timings = new LinkedHashMap<>();
        timings.put("training", "1h 02m 03s");
        timings.put("evaluation", "4m 10s");
        Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
        metrics.put("validation", metrics(0.2512345, 0.91234, 5000));
        Map<String, Double> test = metrics(0.27, 0.9001, 25000);
        test.put("auc", Double.NaN);
        metrics.put("test", test);
        Map<String, Double> e1 = new LinkedHashMap<>();
        e1.put("loss", 0.4);
        e1.put("accuracy", 0.8);
        e1.put("val_loss", 0.3);
        e1.put("val_accuracy", 0.87);
        Map<String, Double> e2 = new LinkedHashMap<>();
        e2.put("loss", 0.2);
        e2.put("accuracy", 0.93);

        ReportData report = new ReportData("run-20240101-1200", "IMDB sentiment", config, data, timings,
                List.of(e1, e2), metrics, List.of("training_curves.png", "roc.png", "confusion matrix.png"));
        Path md = ReportWriter.write(dir, report);
        assertEquals(dir.resolve("report.md"), md);
        String text = Files.readString(md);

        assertTrue(text.startsWith("# IMDB sentiment\n"), text);
        assertTrue(text.contains("`run-20240101-1200`"));
        assertInOrder(text, "## Configuration", "## Data", "## Metrics", "## Training history", "## Timings",
                "## Plots");
        assertTrue(text.contains("| model | bert-base-uncased |"));
        assertTrue(text.contains("| note | a\\|b |"), "pipes escaped in cells");
        assertTrue(text.contains("| train examples | 20000 |"));
        assertTrue(text.contains("| Metric | validation | test |"));
        assertTrue(text.contains("| loss | 0.2512 | 0.2700 |"));
        assertTrue(text.contains("| accuracy | 0.9123 | 0.9001 |"));
        assertTrue(text.contains("| auc | 0.9500 | n/a |"));
        assertTrue(text.contains("| count | 5000 | 25000 |"));
        assertTrue(text.contains("| epoch | loss | accuracy | val_loss | val_accuracy |"));
        assertTrue(text.contains("| 1 | 0.4000 | 0.8000 | 0.3000 | 0.8700 |"));
        assertTrue(text.contains("| 2 | 0.2000 | 0.9300 | — | — |"));
        assertTrue(text.contains("| training | 1h 02m 03s |"));
        assertTrue(text.contains("![training curves](training_curves.png)"));
        assertTrue(text.contains("![roc](roc.png)"));
        assertTrue(text.contains("![confusion matrix](<confusion matrix.png>)"));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(md), files.toList(), "only report.md, no temp files");
        }
    }

    @Test
    void emptyAndNullSectionsAreHandled() throws IOException {
        ReportData report = new ReportData("r1", null, null, Map.of(), null, null, null, null);
        String text = Files.readString(ReportWriter.write(dir, report));
        assertTrue(text.startsWith("# Training report\n"));
        assertTrue(text.contains("## Metrics\n\n_None._"));
        assertTrue(text.contains("_No plots._"));
        assertFalse(text.contains("!["));
    }

    private static Map<String, Double> metrics(double loss, double accuracy, long count) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", loss);
        m.put("accuracy", accuracy);
        m.put("auc", 0.95);
        m.put("count", (double) count);
        return m;
    }

    private static void assertInOrder(String text, String... parts) {
        int at = -1;
        for (String p : parts) {
            int i = text.indexOf(p);
            assertTrue(i > at, p + " missing or out of order");
            at = i;
        }
    }
}
