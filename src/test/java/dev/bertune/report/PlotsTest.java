package dev.bertune.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.metrics.BinaryMetrics;
import dev.bertune.metrics.RocPoint;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    @Test
    void trainingCurvesPngWithValidationLines() throws IOException {
        Path png = dir.resolve("curves.png");
        Plots.trainingCurves(png, List.of(
                epoch(0.62, 0.66, 0.45, 0.80),
                epoch(0.35, 0.86, 0.33, 0.87),
                epoch(0.21, 0.92, 0.31, 0.89)));
        BufferedImage img = readPng(png, 1200, 500);
        assertEquals("true", System.getProperty("java.awt.headless"));
        assertTrue(countNear(img, 31, 119, 180) > 200, "train lines (blue) drawn");
        assertTrue(countNear(img, 255, 127, 14) > 200, "validation lines (orange) drawn");
        // both panels have content: blue pixels in the left and in the right half
        assertTrue(countNear(img.getSubimage(0, 0, 600, 500), 31, 119, 180) > 100);
        assertTrue(countNear(img.getSubimage(600, 0, 600, 500), 31, 119, 180) > 100);
        assertNoTempFiles();
    }

    @Test
    void trainingCurvesWithoutValidationKeysOrWithOneEpoch() throws IOException {
        Map<String, Double> only = new LinkedHashMap<>();
        only.put("loss", 0.5);
        only.put("accuracy", 0.75);
        Path png = dir.resolve("sub/curves.png"); // parent folder created on demand
        Plots.trainingCurves(png, List.of(only));
        BufferedImage img = readPng(png, 1200, 500);
        assertEquals(0, countNear(img, 255, 127, 14), "no validation series drawn");
        assertTrue(countNear(img, 31, 119, 180) > 20, "train marker drawn");
        Plots.trainingCurves(dir.resolve("empty.png"), List.of());
        readPng(dir.resolve("empty.png"), 1200, 500);
    }

    @Test
    void rocPngIsSquare() throws IOException {
        float[] p = {0.1f, 0.4f, 0.35f, 0.8f, 0.65f, 0.2f};
        int[] y = {0, 0, 1, 1, 1, 0};
        List<RocPoint> curve = BinaryMetrics.rocCurve(p, y);
        Path png = dir.resolve("roc.png");
        Plots.roc(png, curve, BinaryMetrics.auc(p, y));
        BufferedImage img = readPng(png, 600, 600);
        assertTrue(countNear(img, 31, 119, 180) > 300, "ROC line drawn");
        // undefined AUC / curve with NaN rates still renders
        Plots.roc(png, BinaryMetrics.rocCurve(new float[] {0.3f}, new int[] {1}), Double.NaN);
        readPng(png, 600, 600);
        assertNoTempFiles();
    }

    @Test
    void confusionMatrixRowsAreTrueLabelsShadedByRowShare() throws IOException {
        Path png = dir.resolve("confusion.png");
        Files.writeString(png, "old content"); // overwritten atomically
        Plots.confusionMatrix(png, 70, 10, 90, 30); // tp, fp, tn, fn
        BufferedImage img = readPng(png, 500, 500);
        // cell corners (away from text): grid origin (120, 70), cell size 170
        int tn = brightness(img.getRGB(125, 75));        // row negative, col negative: 90%
        int fp = brightness(img.getRGB(125 + 170, 75));  // row negative, col positive: 10%
        int fn = brightness(img.getRGB(125, 75 + 170));  // row positive, col negative: 30%
        int tp = brightness(img.getRGB(125 + 170, 75 + 170)); // row positive, col positive: 70%
        assertTrue(tn < tp && tp < fn && fn < fp, "shade order " + tn + " " + tp + " " + fn + " " + fp);
        assertNoTempFiles();
    }

    private static Map<String, Double> epoch(double loss, double acc, double valLoss, double valAcc) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", loss);
        m.put("accuracy", acc);
        m.put("val_loss", valLoss);
        m.put("val_accuracy", valAcc);
        return m;
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

    private static long countNear(BufferedImage img, int r, int g, int b) {
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                if (Math.abs(((rgb >> 16) & 0xff) - r) < 20 && Math.abs(((rgb >> 8) & 0xff) - g) < 20
                        && Math.abs((rgb & 0xff) - b) < 20) {
                    n++;
                }
            }
        }
        return n;
    }

    private static int brightness(int rgb) {
        return ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
    }

    private void assertNoTempFiles() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
        }
    }
}
