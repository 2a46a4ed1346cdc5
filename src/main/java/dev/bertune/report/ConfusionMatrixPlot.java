package dev.bertune.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The K x K confusion-matrix heat map of {@link Plots#confusionMatrix(java.nio.file.Path, List, long[][])}: rows
 * are the true label, columns the predicted label, each cell shaded by its share of its row and labelled with its
 * count (and, for up to {@value #SHARES_UP_TO} labels, that share in percent). The cell size shrinks from
 * {@value #MAX_CELL} px (up to {@value #FULL_CELL_UP_TO} labels) to {@value #MIN_CELL} px (from
 * {@value #MIN_CELL_AT} labels) so that the matrix side grows with K, fonts shrinking along.
 */
final class ConfusionMatrixPlot {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    static final String TITLE = "Confusion matrix (rows: true, columns: predicted)";
    static final int MAX_CELL = 90;
    static final int MIN_CELL = 28;
    static final int FULL_CELL_UP_TO = 4;
    static final int MIN_CELL_AT = 30;
    static final int SHARES_UP_TO = 12;
    static final int MAX_NAME_CHARS = 18;

    private static final float MAX_NAME_FONT = 14f;
    private static final float MIN_NAME_FONT = 10f;
    private static final float MAX_COUNT_FONT = 26f;
    private static final float MIN_COUNT_FONT = 10f;
    private static final double COUNT_FONT_PER_CELL_PX = 0.33;
    private static final float SMALLEST_FONT = 7f;
    private static final float FONT_STEP = 1f;
    private static final float SHARE_FONT_RATIO = 0.65f;
    private static final float MIN_SHARE_FONT = 9f;
    private static final double DARK_CELL_SHARE = 0.5;
    private static final int MARGIN = 20;
    private static final int GAP = 8;
    private static final int CELL_PADDING = 3;
    private static final Color ZERO_COUNT_COLOR = new Color(150, 150, 150);
    private static final Font AXIS_TITLE_FONT = Plots.LABEL_FONT.deriveFont(Font.BOLD);
    private static final String ELLIPSIS = Plots.TICK_FONT.canDisplay('\u2026') ? "\u2026" : "...";

    private ConfusionMatrixPlot() {
    }

    /**
     * Where everything goes.
     *
     * @param cell          nominal cell side in px (cells are this or a pixel less or more, the grid being whole)
     * @param gridSize      side of the grid in px
     * @param gridX         left edge of the grid
     * @param gridY         top edge of the grid
     * @param width         image width
     * @param height        image height
     * @param names         label names as drawn (truncated)
     * @param nameFont      font of the label names
     * @param rotateColumns whether the column names are drawn vertically
     * @param nameExtent    widest drawn name, px
     * @param columnNames   height of the band of column names below the grid, px
     */
    record Layout(double cell, int gridSize, int gridX, int gridY, int width, int height, List<String> names,
                  Font nameFont, boolean rotateColumns, int nameExtent, int columnNames) {

        /** Left (or top) edge of column (or row) {@code i}, {@code 0..K}, from the grid's origin. */
        int edge(int i) {
            return (int) Math.round((double) i * gridSize / names.size());
        }

        /** Centre of column (or row) {@code i} from the grid's origin. */
        double centre(int i) {
            return (edge(i) + edge(i + 1)) / 2.0;
        }
    }

    /** Renders the heat map; {@code counts} is K x K with K = labels.size() (checked by the caller). */
    static BufferedImage render(List<String> labels, long[][] counts) {
        Layout layout = layout(labels);
        BufferedImage image = new BufferedImage(layout.width(), layout.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, layout.width(), layout.height());
            g.setColor(Color.BLACK);
            g.setFont(Plots.TITLE_FONT);
            Plots.drawCentered(g, TITLE, layout.width() / 2.0, MARGIN + g.getFontMetrics().getAscent());
            drawCells(g, layout, counts);
            drawNames(g, layout);
            drawAxisTitles(g, layout);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** The layout for these labels. */
    static Layout layout(List<String> labels) {
        int k = labels.size();
        double cell = cellSize(k);
        int gridSize = (int) Math.round(k * cell);
        double t = (cell - MIN_CELL) / (MAX_CELL - MIN_CELL);
        Font nameFont = sized(Plots.TICK_FONT, MIN_NAME_FONT + t * (MAX_NAME_FONT - MIN_NAME_FONT));
        List<String> names = new ArrayList<>(k);
        for (String label : labels) {
            names.add(truncate(label, MAX_NAME_CHARS));
        }
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            FontMetrics nameMetrics = g.getFontMetrics(nameFont);
            int nameExtent = 0;
            for (String name : names) {
                nameExtent = Math.max(nameExtent, nameMetrics.stringWidth(name));
            }
            boolean rotate = nameExtent > cell - 2 * CELL_PADDING;
            int titleHeight = g.getFontMetrics(Plots.TITLE_FONT).getHeight();
            int titleWidth = g.getFontMetrics(Plots.TITLE_FONT).stringWidth(TITLE);
            int axisTitleHeight = g.getFontMetrics(AXIS_TITLE_FONT).getHeight();
            int columnNames = rotate ? nameExtent : nameMetrics.getHeight();
            int left = MARGIN + axisTitleHeight + GAP + nameExtent + GAP;
            int contentWidth = left + gridSize + MARGIN;
            int width = Math.max(contentWidth, titleWidth + 2 * MARGIN);
            int gridX = left + (width - contentWidth) / 2;
            int gridY = MARGIN + titleHeight + GAP;
            int height = gridY + gridSize + GAP + columnNames + GAP + axisTitleHeight + MARGIN;
            return new Layout(cell, gridSize, gridX, gridY, width, height, List.copyOf(names), nameFont, rotate,
                    nameExtent, columnNames);
        } finally {
            g.dispose();
        }
    }

    /**
     * Nominal cell side for K labels: {@value #MAX_CELL} px up to {@value #FULL_CELL_UP_TO} labels, then a power
     * law reaching {@value #MIN_CELL} px at {@value #MIN_CELL_AT} labels, then {@value #MIN_CELL} px. The exponent
     * is below 1, so the grid side K * cell grows strictly with K (by 11 px or more a label up to 30 labels).
     */
    static double cellSize(int k) {
        if (k <= FULL_CELL_UP_TO) {
            return MAX_CELL;
        }
        double exponent = Math.log((double) MAX_CELL / MIN_CELL) / Math.log((double) MIN_CELL_AT / FULL_CELL_UP_TO);
        return Math.max(MIN_CELL, MAX_CELL * Math.pow((double) FULL_CELL_UP_TO / k, exponent));
    }

    /** {@code text} cut to {@code max} characters ending in an ellipsis when it is longer, else as is. */
    static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, max - ELLIPSIS.length()).stripTrailing() + ELLIPSIS;
    }

    private static void drawCells(Graphics2D g, Layout layout, long[][] counts) {
        int k = layout.names().size();
        for (int row = 0; row < k; row++) {
            long rowTotal = 0;
            for (long c : counts[row]) {
                rowTotal += c;
            }
            for (int col = 0; col < k; col++) {
                double share = rowTotal == 0 ? 0.0 : (double) counts[row][col] / rowTotal;
                int x = layout.gridX() + layout.edge(col);
                int y = layout.gridY() + layout.edge(row);
                int w = layout.edge(col + 1) - layout.edge(col);
                int h = layout.edge(row + 1) - layout.edge(row);
                g.setColor(Plots.heat(share));
                g.fillRect(x, y, w, h);
                g.setColor(Plots.GRID_COLOR);
                g.drawRect(x, y, w, h);
                String pct = k > SHARES_UP_TO ? null : rowTotal == 0 ? "n/a" : percent(share);
                drawCellText(g, layout, x + w / 2.0, y + h / 2.0, counts[row][col], share, pct);
            }
        }
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(layout.gridX(), layout.gridY(), layout.gridSize(), layout.gridSize());
    }

    /** The count (and the row share when {@code pct} is not null), centred on (cx, cy). */
    private static void drawCellText(Graphics2D g, Layout layout, double cx, double cy, long count, double share,
                                     String pct) {
        double cell = layout.cell();
        int room = (int) cell - 2 * CELL_PADDING;
        double countSize = Math.max(MIN_COUNT_FONT, Math.min(MAX_COUNT_FONT, cell * COUNT_FONT_PER_CELL_PX));
        String countText = Long.toString(count);
        Font countFont = fit(g, sized(Plots.TITLE_FONT, countSize), countText, room);
        Color ink = share > DARK_CELL_SHARE ? Color.WHITE : count == 0 ? ZERO_COUNT_COLOR : Color.BLACK;
        g.setColor(ink);
        FontMetrics cm = g.getFontMetrics(countFont);
        if (pct == null) {
            g.setFont(countFont);
            Plots.drawCentered(g, countText, cx, cy + (cm.getAscent() - cm.getDescent()) / 2.0);
            return;
        }
        double pctSize = Math.max(MIN_SHARE_FONT, countSize * SHARE_FONT_RATIO);
        Font pctFont = fit(g, sized(Plots.TICK_FONT, pctSize), pct, room);
        FontMetrics pm = g.getFontMetrics(pctFont);
        int block = cm.getAscent() + CELL_PADDING + pm.getAscent();
        double top = cy - block / 2.0;
        g.setFont(countFont);
        Plots.drawCentered(g, countText, cx, top + cm.getAscent());
        g.setFont(pctFont);
        Plots.drawCentered(g, pct, cx, top + block);
    }

    private static void drawNames(Graphics2D g, Layout layout) {
        g.setColor(Color.BLACK);
        g.setFont(layout.nameFont());
        FontMetrics fm = g.getFontMetrics();
        double centring = (fm.getAscent() - fm.getDescent()) / 2.0;
        int gridBottom = layout.gridY() + layout.gridSize();
        for (int i = 0; i < layout.names().size(); i++) {
            String name = layout.names().get(i);
            double rowCentre = layout.gridY() + layout.centre(i);
            float right = layout.gridX() - GAP;
            g.drawString(name, right - fm.stringWidth(name), (float) (rowCentre + centring));
            double colCentre = layout.gridX() + layout.centre(i);
            if (layout.rotateColumns()) {
                AffineTransform saved = g.getTransform();
                g.translate(colCentre, gridBottom + GAP);
                g.rotate(-Math.PI / 2);
                g.drawString(name, (float) -fm.stringWidth(name), (float) centring);
                g.setTransform(saved);
            } else {
                Plots.drawCentered(g, name, colCentre, gridBottom + GAP + fm.getAscent());
            }
        }
    }

    private static void drawAxisTitles(Graphics2D g, Layout layout) {
        g.setColor(Color.BLACK);
        g.setFont(AXIS_TITLE_FONT);
        FontMetrics fm = g.getFontMetrics();
        int gridBottom = layout.gridY() + layout.gridSize();
        double gridCentreX = layout.gridX() + layout.gridSize() / 2.0;
        double baseline = gridBottom + GAP + layout.columnNames() + GAP + fm.getAscent();
        Plots.drawCentered(g, "Predicted label", gridCentreX, baseline);
        int left = layout.gridX() - GAP - layout.nameExtent() - GAP - fm.getHeight();
        Plots.drawRotated(g, "True label", left + fm.getAscent(), layout.gridY() + layout.gridSize() / 2.0);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * share);
    }

    /** {@code base} at {@code size} rounded to whole points (hinted glyphs render crisper there). */
    private static Font sized(Font base, double size) {
        return base.deriveFont((float) Math.round(size));
    }

    /** {@code font} shrunk in one-point steps until {@code text} fits {@code room} px (or it is tiny). */
    private static Font fit(Graphics2D g, Font font, String text, int room) {
        Font f = font;
        while (g.getFontMetrics(f).stringWidth(text) > room && f.getSize2D() > SMALLEST_FONT) {
            f = f.deriveFont(f.getSize2D() - FONT_STEP);
        }
        return f;
    }
}
