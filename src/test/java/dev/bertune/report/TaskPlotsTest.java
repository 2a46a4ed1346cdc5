package dev.bertune.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.metrics.BinaryMetrics;
import dev.bertune.metrics.ClassReport;
import dev.bertune.metrics.RocPoint;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskPlotsTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** heat(1.0) and heat(0.0): the darkest and the lightest cell colours. */
    private static final int[] DARKEST = {8, 48, 107};
    private static final int[] LIGHTEST = {247, 251, 255};
    /** Offset into a cell that no text reaches, clear of the grid lines. */
    private static final int INSIDE = 3;

    @TempDir
    Path dir;

    @Test
    void confusionMatrixCellsAreShadedByRowShare() throws IOException {
        List<String> labels = List.of("acting", "plot", "soundtrack");
        long[][] counts = {{10, 0, 0}, {2, 6, 2}, {0, 0, 0}};
        Path png = dir.resolve("confusion.png");
        Files.writeString(png, "old content"); // replaced atomically
        Plots.confusionMatrix(png, labels, counts);
        ConfusionMatrixPlot.Layout layout = ConfusionMatrixPlot.layout(labels);
        BufferedImage img = readPng(png, layout.width(), layout.height());
        assertRgb(DARKEST, img, cellCorner(layout, 0, 0)); // share 1.0
        assertRgb(LIGHTEST, img, cellCorner(layout, 0, 1)); // share 0
        assertRgb(LIGHTEST, img, cellCorner(layout, 2, 2)); // empty row: share 0
        int diagonal = brightness(img, cellCorner(layout, 1, 1)); // 60%
        int offDiagonal = brightness(img, cellCorner(layout, 1, 0)); // 20%
        assertTrue(brightness(img, cellCorner(layout, 0, 0)) < diagonal && diagonal < offDiagonal
                && offDiagonal < brightness(img, cellCorner(layout, 0, 1)), "shade follows the row share");
        // the count is written in white in the dark cell: white pixels inside cell (0, 0)
        assertTrue(countNear(img, cellBox(layout, 0, 0), 255, 255, 255) > 20, "count drawn in the dark cell");
        // and in black in a light one
        assertTrue(countNear(img, cellBox(layout, 1, 0), 0, 0, 0) > 10, "count drawn in a light cell");
        assertNoTempFiles();
    }

    @Test
    void confusionMatrixGrowsWithTheNumberOfLabels() throws IOException {
        int previousWidth = 0;
        int previousHeight = 0;
        for (int k : new int[] {6, 12, 20, 30}) {
            List<String> labels = names(k);
            Path png = dir.resolve("confusion-" + k + ".png");
            Plots.confusionMatrix(png, labels, diagonal(k));
            ConfusionMatrixPlot.Layout layout = ConfusionMatrixPlot.layout(labels);
            BufferedImage img = readPng(png, layout.width(), layout.height());
            assertTrue(img.getWidth() > previousWidth && img.getHeight() > previousHeight, "K = " + k);
            previousWidth = img.getWidth();
            previousHeight = img.getHeight();
        }
        // the grid side grows with every label added, while the cells shrink to the minimum at 30 labels
        for (int k = 2; k <= 40; k++) {
            assertTrue(ConfusionMatrixPlot.layout(names(k + 1)).gridSize() > ConfusionMatrixPlot.layout(names(k))
                    .gridSize(), "grid at K = " + k);
        }
        assertEquals(ConfusionMatrixPlot.MAX_CELL, ConfusionMatrixPlot.cellSize(2), 0.0);
        assertEquals(ConfusionMatrixPlot.MIN_CELL, ConfusionMatrixPlot.cellSize(30), 1e-9);
    }

    @Test
    void thirtyLabelConfusionMatrixRenders() throws IOException {
        int k = 30;
        List<String> labels = names(k);
        long[][] counts = diagonal(k);
        counts[3][7] = 5; // row 3: 10 right, 5 as label 7
        Path png = dir.resolve("confusion-30.png");
        Plots.confusionMatrix(png, labels, counts);
        ConfusionMatrixPlot.Layout layout = ConfusionMatrixPlot.layout(labels);
        BufferedImage img = readPng(png, layout.width(), layout.height());
        assertTrue(layout.rotateColumns(), "long names are drawn vertically under narrow cells");
        assertTrue(layout.cell() <= 30);
        for (int i = 0; i < k; i++) {
            if (i != 3) {
                assertRgb(DARKEST, img, cellCorner(layout, i, i), "diagonal " + i);
            }
        }
        // row 3: 2/3 on the diagonal, 1/3 at column 7, 0 elsewhere
        assertTrue(brightness(img, cellCorner(layout, 2, 2)) < brightness(img, cellCorner(layout, 3, 3)));
        assertTrue(brightness(img, cellCorner(layout, 3, 3)) < brightness(img, cellCorner(layout, 3, 7)));
        assertTrue(brightness(img, cellCorner(layout, 3, 7)) < brightness(img, cellCorner(layout, 3, 8)));
        assertRgb(LIGHTEST, img, cellCorner(layout, 29, 0));
        // names are truncated to 18 characters with an ellipsis
        assertTrue(layout.names().stream().allMatch(n -> n.length() <= ConfusionMatrixPlot.MAX_NAME_CHARS));
        assertTrue(layout.names().get(0).endsWith("\u2026") || layout.names().get(0).endsWith("..."));
    }

    @Test
    void truncationKeepsShortNames() {
        assertEquals("acting", ConfusionMatrixPlot.truncate("acting", 18));
        String cut = ConfusionMatrixPlot.truncate("cinematography and lighting", 18);
        assertEquals(18, cut.length());
        assertTrue(cut.startsWith("cinematography an"));
    }

    @Test
    void confusionMatrixRejectsBadShapes() {
        Path png = dir.resolve("bad.png");
        assertThrows(IllegalArgumentException.class,
                () -> Plots.confusionMatrix(png, List.of("a", "b"), new long[][] {{1, 2}}));
        assertThrows(IllegalArgumentException.class,
                () -> Plots.confusionMatrix(png, List.of("a", "b"), new long[][] {{1, 2}, {3}}));
        assertThrows(IllegalArgumentException.class,
                () -> Plots.confusionMatrix(png, List.of("a", "b"), new long[][] {{1, 2}, {3, -1}}));
    }

    @Test
    void perLabelF1BarsAreAsLongAsTheirF1AndTheChartGrowsWithLabels() throws IOException {
        List<ClassReport> reports = List.of(
                report("acting", 1.0, 54), report("plot", 0.5, 20), report("soundtrack", 0.0, 3));
        Path png = dir.resolve("f1.png");
        Plots.perLabelF1(png, "F1 per label", reports);
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img);
        assertEquals(Plots.BARS_WIDTH, img.getWidth());
        // bars in the first palette blue: the F1 1.0 bar twice as long as the 0.5 one, the 0.0 one absent
        List<int[]> bars = bars(img);
        assertEquals(2, bars.size(), "two bars drawn");
        assertEquals(2.0, (double) bars.get(0)[2] / bars.get(1)[2], 0.05, "bar lengths");
        // the full bar's value is written (in white) inside it, not clipped away past the 1.0 end
        int[] full = bars.get(0);
        int[] inside = {full[3], full[0], full[4] - full[3], full[1] - full[0]};
        assertTrue(countNear(img, inside, 255, 255, 255) > 20, "F1 label inside the full bar");

        List<ClassReport> many = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            many.add(report("label " + i, i / 30.0, i));
        }
        Path big = dir.resolve("f1-30.png");
        Plots.perLabelF1(big, "F1 per label", many);
        BufferedImage bigImg = ImageIO.read(big.toFile());
        assertTrue(bigImg.getHeight() > img.getHeight(), "taller with more labels");
        assertEquals(29, bars(bigImg).size(), "one bar per label with F1 > 0");
        Plots.perLabelF1(dir.resolve("f1-empty.png"), null, List.of());
        assertNotNull(ImageIO.read(dir.resolve("f1-empty.png").toFile()));
        assertNoTempFiles();
    }

    @Test
    void rocCurvesDrawOneCurvePerDefinedLabel() throws IOException {
        float[] p = {0.1f, 0.4f, 0.35f, 0.8f, 0.65f, 0.2f};
        int[] a = {0, 0, 1, 1, 1, 0};
        int[] b = {1, 0, 0, 0, 1, 1};
        Map<String, List<RocPoint>> curves = new LinkedHashMap<>();
        Map<String, Double> aucs = new LinkedHashMap<>();
        curves.put("acting", BinaryMetrics.rocCurve(p, a));
        aucs.put("acting", BinaryMetrics.auc(p, a));
        curves.put("plot", BinaryMetrics.rocCurve(p, b));
        aucs.put("plot", BinaryMetrics.auc(p, b));
        Path png = dir.resolve("rocs.png");
        Plots.rocCurves(png, curves, aucs);
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img);
        assertTrue(countNear(img, full(img), 31, 119, 180) > 300, "first curve (blue) drawn");
        assertTrue(countNear(img, full(img), 255, 127, 14) > 300, "second curve (orange) drawn");

        // a label with NaN AUC is skipped: only the first colour remains
        int[] always = {1, 1, 1, 1, 1, 1};
        Map<String, List<RocPoint>> withUndefined = new LinkedHashMap<>();
        withUndefined.put("always", BinaryMetrics.rocCurve(p, always));
        withUndefined.put("acting", curves.get("acting"));
        Map<String, Double> undefinedAucs = Map.of("always", Double.NaN, "acting", aucs.get("acting"));
        Plots.rocCurves(png, withUndefined, undefinedAucs);
        BufferedImage skipped = ImageIO.read(png.toFile());
        assertTrue(countNear(skipped, full(skipped), 31, 119, 180) > 300, "acting drawn in the first colour");
        assertEquals(0, countNear(skipped, full(skipped), 255, 127, 14), "no second curve");
        assertNoTempFiles();
    }

    // ---------------------------------------------------------------------------------------------------------

    private static List<String> names(int k) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            names.add("cinematography and lighting " + i);
        }
        return names;
    }

    private static long[][] diagonal(int k) {
        long[][] counts = new long[k][k];
        for (int i = 0; i < k; i++) {
            counts[i][i] = 10;
        }
        return counts;
    }

    private static ClassReport report(String label, double f1, long support) {
        return new ClassReport(label, f1, f1, f1, support, support, Double.NaN);
    }

    /** Top-left pixel of cell (row, col), a few pixels in. */
    private static int[] cellCorner(ConfusionMatrixPlot.Layout layout, int row, int col) {
        return new int[] {layout.gridX() + layout.edge(col) + INSIDE, layout.gridY() + layout.edge(row) + INSIDE};
    }

    /** x, y, width, height of cell (row, col). */
    private static int[] cellBox(ConfusionMatrixPlot.Layout layout, int row, int col) {
        int x = layout.gridX() + layout.edge(col);
        int y = layout.gridY() + layout.edge(row);
        return new int[] {x + INSIDE, y + INSIDE, layout.edge(col + 1) - layout.edge(col) - 2 * INSIDE,
            layout.edge(row + 1) - layout.edge(row) - 2 * INSIDE};
    }

    private static int[] full(BufferedImage img) {
        return new int[] {0, 0, img.getWidth(), img.getHeight()};
    }

    /**
     * The horizontal bars in the first palette blue, top to bottom: first row, row after the last, length (the most
     * blue pixels in any of its rows), first column, column after the last.
     */
    private static List<int[]> bars(BufferedImage img) {
        List<int[]> bars = new ArrayList<>();
        int[] open = null;
        for (int y = 0; y < img.getHeight(); y++) {
            int blue = 0;
            for (int x = 0; x < img.getWidth(); x++) {
                if (near(img.getRGB(x, y), 31, 119, 180)) {
                    blue++;
                }
            }
            if (blue > 0 && open == null) {
                open = new int[] {y, y, 0, img.getWidth(), 0};
                bars.add(open);
            }
            if (blue == 0) {
                open = null;
                continue;
            }
            open[1] = y + 1;
            open[2] = Math.max(open[2], blue);
            for (int x = 0; x < img.getWidth(); x++) {
                if (near(img.getRGB(x, y), 31, 119, 180)) {
                    open[3] = Math.min(open[3], x);
                    open[4] = Math.max(open[4], x + 1);
                }
            }
        }
        return bars;
    }

    private static BufferedImage readPng(Path png, int width, int height) throws IOException {
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8), "PNG signature");
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, "ImageIO can decode " + png);
        assertEquals(width, img.getWidth());
        assertEquals(height, img.getHeight());
        return img;
    }

    private static void assertRgb(int[] expected, BufferedImage img, int[] at) {
        assertRgb(expected, img, at, "pixel " + at[0] + "," + at[1]);
    }

    private static void assertRgb(int[] expected, BufferedImage img, int[] at, String what) {
        int rgb = img.getRGB(at[0], at[1]);
        assertArrayEquals(expected, new int[] {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff}, what);
    }

    private static long countNear(BufferedImage img, int[] box, int r, int g, int b) {
        long n = 0;
        for (int y = box[1]; y < box[1] + box[3]; y++) {
            for (int x = box[0]; x < box[0] + box[2]; x++) {
                if (near(img.getRGB(x, y), r, g, b)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static boolean near(int rgb, int r, int g, int b) {
        return Math.abs(((rgb >> 16) & 0xff) - r) < 20 && Math.abs(((rgb >> 8) & 0xff) - g) < 20
                && Math.abs((rgb & 0xff) - b) < 20;
    }

    private static int brightness(BufferedImage img, int[] at) {
        int rgb = img.getRGB(at[0], at[1]);
        return ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
    }

    private void assertNoTempFiles() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
        }
    }
}
