package dev.bertune.report;

import dev.bertune.metrics.RocPoint;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * PNG charts for a training run. Rendering is headless (the {@code java.awt.headless} property is forced to
 * {@code true} when this class initialises, before any AWT toolkit use). Every file is written atomically.
 */
public final class Plots {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    public static final int CURVES_WIDTH = 1200;
    public static final int CURVES_HEIGHT = 500;
    public static final int ROC_SIZE = 600;
    public static final int CONFUSION_SIZE = 500;

    private static final Color TRAIN_COLOR = new Color(31, 119, 180);
    private static final Color VAL_COLOR = new Color(255, 127, 14);
    private static final Color GRID_COLOR = new Color(220, 220, 220);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private Plots() {
    }

    /**
     * Two panels side by side (loss, accuracy), 1200x500: train ({@code loss}, {@code accuracy}) and validation
     * ({@code val_loss}, {@code val_accuracy}) per epoch. Missing or NaN values are skipped; a series with no value
     * at all is omitted. Epochs are numbered from 1 in list order.
     */
    public static void trainingCurves(Path png, List<Map<String, Double>> history) throws IOException {
        List<Map<String, Double>> h = history == null ? List.of() : history;
        JFreeChart loss = curveChart("Loss", "loss", h, "loss", "val_loss");
        JFreeChart accuracy = curveChart("Accuracy", "accuracy", h, "accuracy", "val_accuracy");
        BufferedImage image = new BufferedImage(CURVES_WIDTH, CURVES_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, CURVES_WIDTH, CURVES_HEIGHT);
            int half = CURVES_WIDTH / 2;
            loss.draw(g, new Rectangle2D.Double(0, 0, half, CURVES_HEIGHT));
            accuracy.draw(g, new Rectangle2D.Double(half, 0, CURVES_WIDTH - half, CURVES_HEIGHT));
        } finally {
            g.dispose();
        }
        AtomicFiles.writePng(png, image);
    }

    /** ROC curve with the chance diagonal, AUC in title and legend, 600x600. NaN points are skipped. */
    public static void roc(Path png, List<RocPoint> curve, double auc) throws IOException {
        String aucText = Double.isNaN(auc) ? "n/a" : String.format(Locale.ROOT, "%.4f", auc);
        XYSeries rocSeries = new XYSeries("ROC (AUC = " + aucText + ")", false, true);
        if (curve != null) {
            for (RocPoint p : curve) {
                if (Double.isFinite(p.fpr()) && Double.isFinite(p.tpr())) {
                    rocSeries.add(p.fpr(), p.tpr());
                }
            }
        }
        XYSeries chance = new XYSeries("chance", false, true);
        chance.add(0.0, 0.0);
        chance.add(1.0, 1.0);
        XYSeriesCollection dataset = new XYSeriesCollection();
        dataset.addSeries(rocSeries);
        dataset.addSeries(chance);

        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, TRAIN_COLOR);
        renderer.setSeriesStroke(0, new BasicStroke(2.5f));
        renderer.setSeriesPaint(1, Color.GRAY);
        renderer.setSeriesStroke(1, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 6f}, 0f));
        NumberAxis x = unitAxis("False positive rate");
        NumberAxis y = unitAxis("True positive rate");
        XYPlot plot = new XYPlot(dataset, x, y, renderer);
        stylePlot(plot);
        JFreeChart chart = chart("ROC curve (AUC = " + aucText + ")", plot);
        writeChart(png, chart, ROC_SIZE, ROC_SIZE);
    }

    /**
     * 2x2 confusion-matrix heat map, 500x500. Rows are the true label (negative, positive), columns the predicted
     * label; each cell shows its count and its share of the row, and is shaded by that share.
     */
    public static void confusionMatrix(Path png, long tp, long fp, long tn, long fn) throws IOException {
        if (tp < 0 || fp < 0 || tn < 0 || fn < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
        int size = CONFUSION_SIZE;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, size, size);

            int cell = 170;
            int gridX = 120;
            int gridY = 70;
            g.setColor(Color.BLACK);
            g.setFont(TITLE_FONT);
            drawCentered(g, "Confusion matrix", gridX + cell, 42);

            long[][] counts = {{tn, fp}, {fn, tp}};
            String[][] names = {{"TN", "FP"}, {"FN", "TP"}};
            String[] classes = {"negative", "positive"};
            for (int row = 0; row < 2; row++) {
                long rowTotal = counts[row][0] + counts[row][1];
                for (int col = 0; col < 2; col++) {
                    double share = rowTotal == 0 ? 0.0 : (double) counts[row][col] / rowTotal;
                    int cx = gridX + col * cell;
                    int cy = gridY + row * cell;
                    g.setColor(heat(share));
                    g.fillRect(cx, cy, cell, cell);
                    g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
                    drawCentered(g, names[row][col], cx + cell / 2.0, cy + 40);
                    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 28));
                    drawCentered(g, Long.toString(counts[row][col]), cx + cell / 2.0, cy + cell / 2.0 + 10);
                    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
                    String pct = rowTotal == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100.0 * share);
                    drawCentered(g, pct + " of row", cx + cell / 2.0, cy + cell / 2.0 + 40);
                }
            }
            g.setColor(Color.DARK_GRAY);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(gridX, gridY, 2 * cell, 2 * cell);
            g.drawLine(gridX + cell, gridY, gridX + cell, gridY + 2 * cell);
            g.drawLine(gridX, gridY + cell, gridX + 2 * cell, gridY + cell);

            g.setColor(Color.BLACK);
            g.setFont(LABEL_FONT);
            for (int i = 0; i < 2; i++) {
                drawCentered(g, classes[i], gridX + i * cell + cell / 2.0, gridY + 2 * cell + 25);
                drawRotated(g, classes[i], gridX - 18, gridY + i * cell + cell / 2.0);
            }
            g.setFont(LABEL_FONT.deriveFont(Font.BOLD));
            drawCentered(g, "Predicted label", gridX + cell, gridY + 2 * cell + 58);
            drawRotated(g, "True label", gridX - 55, gridY + cell);
        } finally {
            g.dispose();
        }
        AtomicFiles.writePng(png, image);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static JFreeChart curveChart(String title, String yLabel, List<Map<String, Double>> history,
                                         String trainKey, String valKey) {
        XYSeries train = new XYSeries("train", true, false);
        XYSeries val = new XYSeries("validation", true, false);
        for (int i = 0; i < history.size(); i++) {
            Map<String, Double> epoch = history.get(i);
            if (epoch == null) {
                continue;
            }
            addIfFinite(train, i + 1, epoch.get(trainKey));
            addIfFinite(val, i + 1, epoch.get(valKey));
        }
        XYSeriesCollection dataset = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (XYSeries s : List.of(train, val)) {
            if (s.getItemCount() == 0) {
                continue;
            }
            int idx = dataset.getSeriesCount();
            dataset.addSeries(s);
            renderer.setSeriesPaint(idx, s == train ? TRAIN_COLOR : VAL_COLOR);
            renderer.setSeriesStroke(idx, new BasicStroke(2f));
        }
        NumberAxis x = new NumberAxis("epoch");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setRange(0.75, Math.max(1, history.size()) + 0.25);
        styleAxis(x);
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(false);
        styleAxis(y);
        XYPlot plot = new XYPlot(dataset, x, y, renderer);
        plot.setNoDataMessage("no data");
        stylePlot(plot);
        return chart(title, plot);
    }

    private static void addIfFinite(XYSeries series, int epoch, Double value) {
        if (value != null && Double.isFinite(value)) {
            series.add(epoch, value);
        }
    }

    private static NumberAxis unitAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setRange(-0.01, 1.01);
        styleAxis(axis);
        return axis;
    }

    private static void styleAxis(NumberAxis axis) {
        axis.setLabelFont(LABEL_FONT);
        axis.setTickLabelFont(TICK_FONT);
    }

    private static void stylePlot(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID_COLOR);
        plot.setRangeGridlinePaint(GRID_COLOR);
        plot.setOutlinePaint(Color.GRAY);
    }

    private static JFreeChart chart(String title, XYPlot plot) {
        JFreeChart chart = new JFreeChart(title, TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setPosition(RectangleEdge.BOTTOM);
        chart.getLegend().setItemFont(LABEL_FONT);
        chart.setTextAntiAlias(true);
        chart.setAntiAlias(true);
        TextTitle t = chart.getTitle();
        t.setPaint(Color.BLACK);
        return chart;
    }

    private static void writeChart(Path png, JFreeChart chart, int width, int height) throws IOException {
        AtomicFiles.writePng(png, chart.createBufferedImage(width, height, BufferedImage.TYPE_INT_RGB, null));
    }

    /** White to dark blue ("Blues"-like) for share in [0, 1]. */
    private static Color heat(double share) {
        double t = Math.max(0, Math.min(1, share));
        int r = (int) Math.round(247 + (8 - 247) * t);
        int gr = (int) Math.round(251 + (48 - 251) * t);
        int b = (int) Math.round(255 + (107 - 255) * t);
        return new Color(r, gr, b);
    }

    private static void drawCentered(Graphics2D g, String text, double cx, double baselineY) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, (float) (cx - fm.stringWidth(text) / 2.0), (float) baselineY);
    }

    /** Text rotated 90 degrees counter-clockwise, centred vertically on cy, baseline at x. */
    private static void drawRotated(Graphics2D g, String text, double x, double cy) {
        AffineTransform saved = g.getTransform();
        g.translate(x, cy);
        g.rotate(-Math.PI / 2);
        drawCentered(g, text, 0, 0);
        g.setTransform(saved);
    }
}
