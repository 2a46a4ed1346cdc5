package dev.bertune.report;

import dev.bertune.AtomicFiles;
import dev.bertune.metrics.ClassReport;
import dev.bertune.metrics.RocPoint;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
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
    /** Width of {@link #perLabelF1}. */
    public static final int BARS_WIDTH = 900;

    private static final int BARS_MIN_HEIGHT = 300;
    private static final int BARS_FRAME_HEIGHT = 130; // title, F1 axis, margins
    private static final int BAR_ROW_HEIGHT = 26;
    private static final float CATEGORY_WIDTH_RATIO = 0.4f;
    private static final double MAX_BAR_WIDTH = 0.1; // share of the axis, so that 2 labels do not make slabs
    private static final double BAR_LABEL_OFFSET = 4;
    private static final double PLOT_INSET = 4;
    private static final double RIGHT_TICK_ROOM = 20; // half the "1.0" tick label sticks out right of the plot
    /** From this F1 on, the value is written inside the bar's end (white), else just after it. */
    private static final double LABEL_INSIDE_FROM = 0.5;
    private static final double CATEGORY_AXIS_MARGIN = 0.02;
    private static final double UNIT_TICK = 0.1;
    private static final int LEGEND_NAME_CHARS = 30;
    private static final int ROCS_LEGEND_WIDTH = 280;
    private static final int ROCS_FRAME_HEIGHT = 120;
    private static final int LEGEND_ROW_HEIGHT = 20;
    private static final int PALETTE_SIZE = 18;
    /** Curves 19 to 36 reuse the palette, drawn dashed so that they differ from curves 1 to 18. */
    private static final BasicStroke SECOND_CYCLE_STROKE = new BasicStroke(2f, BasicStroke.CAP_BUTT,
            BasicStroke.JOIN_MITER, 10f, new float[] {10f, 3f}, 0f);
    /** matplotlib's tab20 without its greys (grey is the chance line): tab10, then the light companions. */
    private static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(188, 189, 34),
        new Color(23, 190, 207),
        new Color(174, 199, 232), new Color(255, 187, 120), new Color(152, 223, 138), new Color(255, 152, 150),
        new Color(197, 176, 213), new Color(196, 156, 148), new Color(247, 182, 210), new Color(219, 219, 141),
        new Color(158, 218, 229),
    };

    private static final Color TRAIN_COLOR = new Color(31, 119, 180);
    private static final Color VAL_COLOR = new Color(255, 127, 14);
    static final Color GRID_COLOR = new Color(220, 220, 220);
    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private Plots() {
    }

    /**
     * Two panels side by side (loss, accuracy), 1200x500: train ({@code loss}, {@code accuracy}) and validation
     * ({@code val_loss}, {@code val_accuracy}) per epoch. Missing or NaN values are skipped; a series with no value
     * at all is omitted. Epochs are numbered from 1 in list order.
     */
    public static void trainingCurves(Path png, List<Map<String, Double>> history) throws IOException {
        trainingCurves(png, history, "accuracy");
    }

    /**
     * {@link #trainingCurves(Path, List)} with another metric than accuracy in the right panel ({@code metric} and
     * {@code val_<metric>}, e.g. {@code micro_f1} for a multi-label run).
     */
    public static void trainingCurves(Path png, List<Map<String, Double>> history, String metric) throws IOException {
        List<Map<String, Double>> h = history == null ? List.of() : history;
        JFreeChart loss = curveChart("Loss", "loss", h, "loss", "val_loss");
        String title = metric.equals("accuracy") ? "Accuracy" : metric.replace('_', ' ');
        JFreeChart accuracy = curveChart(title, metric.replace('_', ' '), h, metric, "val_" + metric);
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

    /**
     * K x K confusion-matrix heat map: rows are the true label, columns the predicted label, label names on both
     * axes (column names drawn vertically when they do not fit a cell; names over 18 characters end in an ellipsis).
     * Each cell is shaded by its share of its row (the recall view) and shows its count, plus that share in percent
     * for up to 12 labels. The image is sized from K: cells shrink from 90 px to 28 px at 30 labels, so the matrix
     * side still grows with K.
     *
     * @param labels class names, K of them, index order
     * @param counts {@code counts[true][predicted]}, K x K, all {@code >= 0}
     */
    public static void confusionMatrix(Path png, List<String> labels, long[][] counts) throws IOException {
        if (labels == null || labels.isEmpty() || counts == null || counts.length != labels.size()) {
            throw new IllegalArgumentException("need one row of counts per label");
        }
        for (long[] row : counts) {
            if (row == null || row.length != labels.size()) {
                throw new IllegalArgumentException("counts must be " + labels.size() + " x " + labels.size());
            }
            for (long c : row) {
                if (c < 0) {
                    throw new IllegalArgumentException("counts must be >= 0");
                }
            }
        }
        AtomicFiles.writePng(png, ConfusionMatrixPlot.render(List.copyOf(labels), counts));
    }

    /**
     * Horizontal bar chart of the per-label F1, one bar per report in the order given, on a 0..1 axis, each
     * category named like {@code acting (n=54)} (its support) and each bar labelled with its F1. The width is
     * {@value #BARS_WIDTH} px; the height grows with the number of labels.
     */
    public static void perLabelF1(Path png, String title, List<ClassReport> reports) throws IOException {
        List<ClassReport> rs = reports == null ? List.of() : reports;
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        for (int i = 0; i < rs.size(); i++) {
            ClassReport r = rs.get(i);
            String name = ConfusionMatrixPlot.truncate(r.label(), LEGEND_NAME_CHARS) + " (n=" + r.support() + ")";
            dataset.addValue(r.f1(), "F1", new Category(i, name));
        }
        CategoryAxis names = new CategoryAxis(null);
        names.setTickLabelFont(TICK_FONT);
        names.setMaximumCategoryLabelWidthRatio(CATEGORY_WIDTH_RATIO);
        names.setLowerMargin(CATEGORY_AXIS_MARGIN);
        names.setUpperMargin(CATEGORY_AXIS_MARGIN);
        NumberAxis f1 = unitAxis("F1");
        f1.setRange(0.0, 1.0);
        f1.setTickUnit(unitTicks());
        CategoryPlot plot = new CategoryPlot(dataset, names, f1, new F1BarRenderer());
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(GRID_COLOR);
        plot.setOutlinePaint(Color.GRAY);
        plot.setInsets(new RectangleInsets(PLOT_INSET, PLOT_INSET, PLOT_INSET, RIGHT_TICK_ROOM));
        plot.setNoDataMessage("no labels");
        JFreeChart chart = chart(title == null ? "F1 per label" : title, plot);
        chart.removeLegend();
        int height = Math.max(BARS_MIN_HEIGHT, BARS_FRAME_HEIGHT + BAR_ROW_HEIGHT * rs.size());
        writeChart(png, chart, BARS_WIDTH, height);
    }

    /**
     * One ROC curve per label in one chart, with the dashed chance diagonal; each legend entry reads like
     * {@code acting (AUC 0.912)}. Labels whose AUC is NaN or missing are skipped, as are NaN points. Curves take
     * 18 colours (matplotlib's tab20 without its greys) in turn, dashed on the second round; the legend is on the
     * right, and the height grows with it.
     *
     * @param curves ROC curve per label, in legend order
     * @param aucs   AUC per label
     */
    public static void rocCurves(Path png, Map<String, List<RocPoint>> curves, Map<String, Double> aucs)
            throws IOException {
        XYSeriesCollection dataset = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        Map<String, List<RocPoint>> cs = curves == null ? Map.of() : curves;
        Map<String, Double> as = aucs == null ? Map.of() : aucs;
        for (Map.Entry<String, List<RocPoint>> e : cs.entrySet()) {
            Double auc = as.get(e.getKey());
            if (auc == null || Double.isNaN(auc) || e.getValue() == null) {
                continue;
            }
            String name = String.format(Locale.ROOT, "%s (AUC %.3f)",
                    ConfusionMatrixPlot.truncate(e.getKey(), LEGEND_NAME_CHARS), auc);
            int idx = dataset.getSeriesCount();
            dataset.addSeries(rocSeries(name, e.getValue()));
            renderer.setSeriesPaint(idx, PALETTE[idx % PALETTE_SIZE]);
            renderer.setSeriesStroke(idx, idx / PALETTE_SIZE % 2 == 0 ? new BasicStroke(2f) : SECOND_CYCLE_STROKE);
        }
        int drawn = dataset.getSeriesCount();
        XYSeries chance = new XYSeries("chance", false, true);
        chance.add(0.0, 0.0);
        chance.add(1.0, 1.0);
        dataset.addSeries(chance);
        renderer.setSeriesPaint(drawn, Color.GRAY);
        renderer.setSeriesStroke(drawn, dashed());
        NumberAxis x = unitAxis("False positive rate");
        NumberAxis y = unitAxis("True positive rate");
        x.setTickUnit(unitTicks());
        y.setTickUnit(unitTicks());
        XYPlot plot = new XYPlot(dataset, x, y, renderer);
        stylePlot(plot);
        JFreeChart chart = chart("ROC curves, one label against the rest", plot);
        chart.getLegend().setPosition(RectangleEdge.RIGHT);
        chart.getLegend().setItemFont(TICK_FONT);
        int height = Math.max(ROC_SIZE, ROCS_FRAME_HEIGHT + LEGEND_ROW_HEIGHT * (drawn + 1));
        writeChart(png, chart, ROC_SIZE + ROCS_LEGEND_WIDTH, height);
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

    private static JFreeChart chart(String title, Plot plot) {
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
    static Color heat(double share) {
        double t = Math.max(0, Math.min(1, share));
        int r = (int) Math.round(247 + (8 - 247) * t);
        int gr = (int) Math.round(251 + (48 - 251) * t);
        int b = (int) Math.round(255 + (107 - 255) * t);
        return new Color(r, gr, b);
    }

    static void drawCentered(Graphics2D g, String text, double cx, double baselineY) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, (float) (cx - fm.stringWidth(text) / 2.0), (float) baselineY);
    }

    /** Text rotated 90 degrees counter-clockwise, centred vertically on cy, baseline at x. */
    static void drawRotated(Graphics2D g, String text, double x, double cy) {
        AffineTransform saved = g.getTransform();
        g.translate(x, cy);
        g.rotate(-Math.PI / 2);
        drawCentered(g, text, 0, 0);
        g.setTransform(saved);
    }

    private static XYSeries rocSeries(String name, List<RocPoint> curve) {
        XYSeries series = new XYSeries(name, false, true);
        for (RocPoint p : curve) {
            if (Double.isFinite(p.fpr()) && Double.isFinite(p.tpr())) {
                series.add(p.fpr(), p.tpr());
            }
        }
        return series;
    }

    /** Ticks every 0.1, written with one decimal. */
    private static NumberTickUnit unitTicks() {
        return new NumberTickUnit(UNIT_TICK, new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
    }

    private static BasicStroke dashed() {
        return new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 6f}, 0f);
    }

    /**
     * Flat bars in the first palette colour, each labelled with its F1: inside the bar's end in white for a long
     * bar, just after its end in black for a short one (the plot clips at 1.0, where an outside label would vanish).
     */
    private static final class F1BarRenderer extends BarRenderer {
        private static final long serialVersionUID = 1L;
        private static final ItemLabelPosition INSIDE_END = new ItemLabelPosition(ItemLabelAnchor.INSIDE3,
                TextAnchor.CENTER_RIGHT);
        private static final ItemLabelPosition AFTER_END = new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3,
                TextAnchor.CENTER_LEFT);

        F1BarRenderer() {
            setSeriesPaint(0, TRAIN_COLOR);
            setBarPainter(new StandardBarPainter());
            setShadowVisible(false);
            setDrawBarOutline(false);
            setMaximumBarWidth(MAX_BAR_WIDTH);
            setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                    new DecimalFormat("0.000", DecimalFormatSymbols.getInstance(Locale.ROOT))));
            setDefaultItemLabelFont(TICK_FONT);
            setDefaultItemLabelsVisible(true);
            setItemLabelAnchorOffset(BAR_LABEL_OFFSET);
        }

        @Override
        public ItemLabelPosition getPositiveItemLabelPosition(int row, int column) {
            return inside(row, column) ? INSIDE_END : AFTER_END;
        }

        @Override
        public Paint getItemLabelPaint(int row, int column) {
            return inside(row, column) ? Color.WHITE : Color.BLACK;
        }

        private boolean inside(int row, int column) {
            Number value = getPlot().getDataset().getValue(row, column);
            return value != null && value.doubleValue() >= LABEL_INSIDE_FROM;
        }
    }

    /**
     * A bar-chart category: its position keeps two labels apart even when their shown names agree (after
     * truncation), and it shows as its name.
     */
    private record Category(int index, String name) implements Comparable<Category> {
        @Override
        public int compareTo(Category other) {
            return Integer.compare(index, other.index);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
