package org.errorprop.experiments.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A grid of heat maps as a PNG: one row per label of {@code rowLabels}, one column per label of
 * {@code columnLabels}, each cell a matrix drawn with a perceptually ordered colour map (dark blue
 * low, yellow high). With {@link ColourRange#PER_CELL} every cell is stretched over its own range
 * (the paper's Figure 2: "only the shape matters"); with {@link ColourRange#SHARED} one range covers
 * every cell and a colour bar gives its values.
 *
 * @param title        the image's title
 * @param rowLabels    labels down the left edge
 * @param columnLabels labels along the top
 * @param range        how values map to colours
 * @param scaleLabel   what the colours measure, shown beside the colour bar
 * @param cellPixels   side of each cell in pixels
 */
public record HeatmapGrid(String title, List<String> rowLabels, List<String> columnLabels, ColourRange range,
                          String scaleLabel, int cellPixels) {

    /** How matrix values map to colours. */
    public enum ColourRange {
        /** Each cell from its own minimum (dark) to its own maximum (bright). */
        PER_CELL,
        /** One minimum and maximum over all cells, shown on a colour bar. */
        SHARED
    }

    private static final Color[] ANCHORS = {
        new Color(0x440154), new Color(0x3b528b), new Color(0x21918c), new Color(0x5ec962), new Color(0xfde725)
    };
    private static final int MARGIN = 12;
    private static final int BAR_WIDTH = 16;
    private static final int BAR_TICKS = 5;

    public HeatmapGrid {
        rowLabels = List.copyOf(rowLabels);
        columnLabels = List.copyOf(columnLabels);
        if (cellPixels < 8) {
            throw new IllegalArgumentException("cells need at least 8 pixels, got " + cellPixels);
        }
    }

    /**
     * Draws {@code cells[row][column]} (each a rectangular matrix; {@code null} leaves the cell blank).
     * Non-finite values are drawn grey.
     */
    public void writePng(Path file, double[][][][] cells) {
        draw(file, cells, range == ColourRange.SHARED ? bounds(cells) : null);
    }

    /**
     * Like {@link #writePng(Path, double[][][][])} with one fixed range {@code [lowest, highest]} for every
     * cell and a colour bar (values outside are drawn at the ends), for quantities with a natural range
     * such as {@code 1 − correlation ∈ [0, 2]}.
     */
    public void writePng(Path file, double[][][][] cells, double lowest, double highest) {
        if (range != ColourRange.SHARED || !(highest > lowest)) {
            throw new IllegalArgumentException("a fixed range needs ColourRange.SHARED and highest > lowest");
        }
        draw(file, cells, new double[] {lowest, highest});
    }

    private void draw(Path file, double[][][][] cells, double[] shared) {
        if (cells.length != rowLabels.size()) {
            throw new IllegalArgumentException(cells.length + " rows of cells for " + rowLabels.size() + " labels");
        }
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 16);
        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D measure = probe.createGraphics();
        FontMetrics labels = measure.getFontMetrics(labelFont);
        int rowLabelWidth = rowLabels.stream().mapToInt(labels::stringWidth).max().orElse(0) + MARGIN;
        measure.dispose();
        int titleHeight = 30;
        int columnLabelHeight = 20;
        int gap = 4;
        // the bar is at least as tall as its scale label, which is written along it
        int barHeight = Math.max(Math.max(120, labels.stringWidth(scaleLabel) + 8),
                Math.min(rowLabels.size() * (cellPixels + gap) - gap, 400));
        int colourBarWidth = shared == null ? 0 : colourBarWidth(labels, shared);
        int width = MARGIN + rowLabelWidth + columnLabels.size() * (cellPixels + gap) + colourBarWidth + MARGIN;
        int footer = range == ColourRange.PER_CELL ? 22 : 0;
        int height = titleHeight + columnLabelHeight + rowLabels.size() * (cellPixels + gap) + footer + MARGIN;
        if (shared != null) {
            // the bar's lowest tick label hangs half a line below the bar
            height = Math.max(height, titleHeight + columnLabelHeight + barHeight + labels.getHeight() + MARGIN);
        }

        BufferedImage image = new BufferedImage(width, Math.max(height, 200), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(titleFont);
        g.drawString(title, MARGIN, 21);
        g.setFont(labelFont);
        int left = MARGIN + rowLabelWidth;
        int top = titleHeight + columnLabelHeight;
        for (int c = 0; c < columnLabels.size(); c++) {
            String label = columnLabels.get(c);
            int x = left + c * (cellPixels + gap) + (cellPixels - labels.stringWidth(label)) / 2;
            g.drawString(label, x, top - 6);
        }
        for (int r = 0; r < rowLabels.size(); r++) {
            int y = top + r * (cellPixels + gap);
            g.setColor(Color.BLACK);
            g.drawString(rowLabels.get(r), MARGIN, y + cellPixels / 2 + 4);
            if (cells[r].length > columnLabels.size()) {
                throw new IllegalArgumentException("row " + r + " has " + cells[r].length + " cells for "
                        + columnLabels.size() + " column labels");
            }
            for (int c = 0; c < cells[r].length; c++) {
                if (cells[r][c] != null) {
                    double[] b = shared != null ? shared : bounds(new double[][][][] {{cells[r][c]}});
                    drawCell(image, cells[r][c], left + c * (cellPixels + gap), y, b);
                }
            }
        }
        if (shared != null) {
            drawColourBar(g, labels, left + columnLabels.size() * (cellPixels + gap) + MARGIN, top, barHeight, shared);
        } else {
            g.setColor(Color.DARK_GRAY);
            g.drawString("colours stretched per cell (dark: its minimum, bright: its maximum)" 
                    + (scaleLabel.isEmpty() ? "" : "; " + scaleLabel), left, height - MARGIN);
        }
        g.dispose();
        try {
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write heat map " + file, e);
        }
    }

    private void drawCell(BufferedImage image, double[][] matrix, int x0, int y0, double[] bounds) {
        int rows = matrix.length;
        int columns = rows == 0 ? 0 : matrix[0].length;
        if (rows == 0 || columns == 0) {
            return;
        }
        for (int py = 0; py < cellPixels; py++) {
            int i = (int) ((long) py * rows / cellPixels);
            for (int px = 0; px < cellPixels; px++) {
                int j = (int) ((long) px * columns / cellPixels);
                image.setRGB(x0 + px, y0 + py, colour(matrix[i][j], bounds).getRGB());
            }
        }
    }

    /** The colour bar's strip, tick labels and (rotated) scale label, side by side, with their gaps. */
    private int colourBarWidth(FontMetrics labels, double[] bounds) {
        int widest = 0;
        for (double value : barTicks(bounds)) {
            widest = Math.max(widest, labels.stringWidth(ReadableNumbers.text(value)));
        }
        return MARGIN + BAR_WIDTH + 6 + widest + (scaleLabel.isEmpty() ? 0 : 10 + labels.getHeight());
    }

    /** Five evenly spaced values from the lower bound to the upper. */
    private static double[] barTicks(double[] bounds) {
        double[] ticks = new double[BAR_TICKS];
        for (int i = 0; i < BAR_TICKS; i++) {
            ticks[i] = bounds[0] + (bounds[1] - bounds[0]) * i / (BAR_TICKS - 1);
        }
        return ticks;
    }

    private void drawColourBar(Graphics2D g, FontMetrics labels, int x, int y, int barHeight, double[] bounds) {
        for (int p = 0; p < barHeight; p++) {
            double value = bounds[1] - (bounds[1] - bounds[0]) * p / Math.max(1, barHeight - 1);
            g.setColor(colour(value, bounds));
            g.fillRect(x, y + p, BAR_WIDTH, 1);
        }
        g.setColor(Color.BLACK);
        g.drawRect(x, y, BAR_WIDTH, barHeight);
        int widest = 0;
        for (double value : barTicks(bounds)) {
            String text = ReadableNumbers.text(value);
            widest = Math.max(widest, labels.stringWidth(text));
            int tickY = y + (int) Math.round((bounds[1] - value) / (bounds[1] - bounds[0]) * barHeight);
            g.drawLine(x + BAR_WIDTH, tickY, x + BAR_WIDTH + 3, tickY);
            g.drawString(text, x + BAR_WIDTH + 6, tickY + labels.getAscent() / 2 - 1);
        }
        if (!scaleLabel.isEmpty()) {
            // read from bottom to top beside the tick labels, centred on the bar
            Graphics2D rotated = (Graphics2D) g.create();
            rotated.translate(x + BAR_WIDTH + 6 + widest + 10 + labels.getAscent(), y + barHeight / 2.0);
            rotated.rotate(-Math.PI / 2);
            rotated.drawString(scaleLabel, -labels.stringWidth(scaleLabel) / 2f, 0f);
            rotated.dispose();
        }
    }

    /** Minimum and maximum over the finite values; a constant image gets a unit-wide range. */
    private static double[] bounds(double[][][][] cells) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[][][] row : cells) {
            for (double[][] cell : row) {
                if (cell == null) {
                    continue;
                }
                for (double[] line : cell) {
                    for (double v : line) {
                        if (Double.isFinite(v)) {
                            min = Math.min(min, v);
                            max = Math.max(max, v);
                        }
                    }
                }
            }
        }
        if (!(min <= max)) {
            return new double[] {0, 1};
        }
        return max > min ? new double[] {min, max} : new double[] {min - 0.5, max + 0.5};
    }

    /** The colour map: piecewise-linear through five anchors of a viridis-like ramp. */
    static Color colour(double value, double[] bounds) {
        if (!Double.isFinite(value)) {
            return Color.GRAY;
        }
        double t = (value - bounds[0]) / (bounds[1] - bounds[0]);
        t = Math.max(0, Math.min(1, t)) * (ANCHORS.length - 1);
        int k = Math.min((int) t, ANCHORS.length - 2);
        double f = t - k;
        Color a = ANCHORS[k];
        Color b = ANCHORS[k + 1];
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }
}
