package org.errorprop.experiments.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A function of two variables as a colour map over a regular grid, with curves and points drawn on top
 * (paths of training runs, critical sets) and a colour bar: the look of the paper's Figure 6.
 *
 * @param title  the plot's title
 * @param xLabel the first variable
 * @param yLabel the second variable
 * @param zLabel what the colours measure
 */
public record SurfacePlot(String title, String xLabel, String yLabel, String zLabel) {

    /**
     * @param xs       grid abscissae, increasing and evenly spaced
     * @param ys       grid ordinates, increasing and evenly spaced
     * @param z        {@code z[i][j]} at {@code (xs[i], ys[j])}
     * @param overlays curves drawn over the map; one colour per {@link Series#group()}, one legend entry per
     *                 group (a one-point series is drawn as a ring)
     */
    public void writePng(Path file, double[] xs, double[] ys, double[][] z, List<Series> overlays) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double[][] cells = new double[3][xs.length * ys.length];
        for (int i = 0; i < xs.length; i++) {
            for (int j = 0; j < ys.length; j++) {
                int k = i * ys.length + j;
                cells[0][k] = xs[i];
                cells[1][k] = ys[j];
                cells[2][k] = z[i][j];
                min = Math.min(min, z[i][j]);
                max = Math.max(max, z[i][j]);
            }
        }
        double[] bounds = max > min ? new double[] {min, max} : new double[] {min - 0.5, max + 0.5};
        DefaultXYZDataset surface = new DefaultXYZDataset();
        surface.addSeries(zLabel, cells);
        XYBlockRenderer blocks = new XYBlockRenderer();
        blocks.setBlockWidth(xs.length > 1 ? xs[1] - xs[0] : 1);
        blocks.setBlockHeight(ys.length > 1 ? ys[1] - ys[0] : 1);
        PaintScale scale = new RampScale(bounds[0], bounds[1]);
        blocks.setPaintScale(scale);
        blocks.setDefaultSeriesVisibleInLegend(false);

        NumberAxis xAxis = PlotStyle.numberAxis(xLabel, false);
        xAxis.setRange(xs[0], xs[xs.length - 1]);
        NumberAxis yAxis = PlotStyle.numberAxis(yLabel, false);
        yAxis.setRange(ys[0], ys[ys.length - 1]);
        XYPlot plot = new XYPlot(surface, xAxis, yAxis, blocks);
        XYSeriesCollection curves = PlotStyle.dataset(overlays);
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
        Color[] overlayColours = {Color.WHITE, new Color(0xff4040), Color.BLACK, new Color(0x40c0ff),
            new Color(0xffa040), new Color(0xff80ff)};
        java.util.Map<String, Integer> groups = new java.util.LinkedHashMap<>();
        for (int i = 0; i < overlays.size(); i++) {
            int before = groups.size();
            int colour = groups.computeIfAbsent(overlays.get(i).group(), g -> groups.size());
            lines.setSeriesPaint(i, overlayColours[colour % overlayColours.length]);
            lines.setSeriesVisibleInLegend(i, groups.size() > before);
            boolean point = overlays.get(i).x().length == 1;
            lines.setSeriesStroke(i, new BasicStroke(2.5f));
            lines.setSeriesShapesVisible(i, point);
            lines.setSeriesShape(i, new Ellipse2D.Double(-6, -6, 12, 12));
            lines.setSeriesShapesFilled(i, false);
        }
        plot.setDataset(1, curves);
        plot.setRenderer(1, lines);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setBackgroundPaint(Color.WHITE);

        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, true);
        NumberAxis scaleAxis = PlotStyle.numberAxis(zLabel, false);
        scaleAxis.setRange(bounds[0], bounds[1]);
        PaintScaleLegend legend = new PaintScaleLegend(scale, scaleAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setStripWidth(14);
        legend.setMargin(4, 8, 40, 4);
        chart.addSubtitle(legend);
        chart.setBackgroundPaint(Color.WHITE);
        try {
            ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 750);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + file, e);
        }
    }

    /** The colour ramp of {@link HeatmapGrid} as a JFreeChart paint scale. */
    private record RampScale(double lower, double upper) implements PaintScale {
        @Override
        public double getLowerBound() {
            return lower;
        }

        @Override
        public double getUpperBound() {
            return upper;
        }

        @Override
        public Paint getPaint(double value) {
            return HeatmapGrid.colour(value, new double[] {lower, upper});
        }
    }
}
