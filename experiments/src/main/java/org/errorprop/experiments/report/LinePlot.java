package org.errorprop.experiments.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;

/**
 * One panel of curves as a PNG, styled by {@link PlotStyle}; optionally a logarithmic y axis (for
 * losses and gaps spanning decades) and dotted vertical markers (for example where synthesizers sit).
 *
 * @param title    the plot's title
 * @param xLabel   the x axis
 * @param yLabel   the y axis
 * @param logY     a logarithmic y axis; non-positive values are then left out of the drawing
 * @param xMarkers x positions marked by dotted vertical lines
 */
public record LinePlot(String title, String xLabel, String yLabel, boolean logY, List<Double> xMarkers) {

    public LinePlot {
        xMarkers = List.copyOf(xMarkers);
    }

    /** A linear-axes plot without markers. */
    public static LinePlot of(String title, String xLabel, String yLabel) {
        return new LinePlot(title, xLabel, yLabel, false, List.of());
    }

    public LinePlot withLogY() {
        return new LinePlot(title, xLabel, yLabel, true, xMarkers);
    }

    public LinePlot withMarkers(List<Double> positions) {
        return new LinePlot(title, xLabel, yLabel, logY, positions);
    }

    public void writePng(Path file, List<Series> series) {
        writePng(file, series, 900, 600);
    }

    public void writePng(Path file, List<Series> series, int width, int height) {
        XYPlot plot = new XYPlot(null, PlotStyle.numberAxis(xLabel, false), yAxis(), null);
        addCurves(plot, series, true);
        save(file, plot, width, height);
    }

    /**
     * One panel per entry of {@code panels} (its key names the panel on its x axis), side by side over one
     * shared y axis, for curves that crowd one panel (learning curves over several depths, say). Within
     * every panel the i-th series takes the i-th colour, so give each panel its series in the same order;
     * the legend shows the first panel's names.
     */
    public void writePanelsPng(Path file, Map<String, List<Series>> panels) {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("no panels to draw");
        }
        CombinedRangeXYPlot combined = new CombinedRangeXYPlot(yAxis());
        combined.setGap(14);
        boolean first = true;
        for (Map.Entry<String, List<Series>> panel : panels.entrySet()) {
            XYPlot plot = new XYPlot(null, PlotStyle.numberAxis(panel.getKey() + ": " + xLabel, false), null, null);
            addCurves(plot, panel.getValue(), first);
            combined.add(plot, 1);
            first = false;
        }
        save(file, combined, Math.max(900, 330 * panels.size()), 600);
    }

    private ValueAxis yAxis() {
        return logY ? PlotStyle.logAxis(yLabel) : PlotStyle.numberAxis(yLabel, false);
    }

    private void addCurves(XYPlot plot, List<Series> series, boolean inLegend) {
        List<Series> drawn = logY ? series.stream().map(LinePlot::positivePart).toList() : series;
        plot.setDataset(PlotStyle.dataset(drawn));
        plot.setRenderer(PlotStyle.renderer(drawn, inLegend));
        PlotStyle.paperWhite(plot);
        for (double x : xMarkers) {
            ValueMarker marker = new ValueMarker(x, Color.DARK_GRAY, new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0f));
            plot.addDomainMarker(marker);
        }
    }

    private void save(Path file, Plot plot, int width, int height) {
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        try {
            ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + file, e);
        }
    }

    private static Series positivePart(Series s) {
        int kept = 0;
        for (double y : s.y()) {
            if (y > 0) {
                kept++;
            }
        }
        double[] x = new double[kept];
        double[] y = new double[kept];
        for (int i = 0, j = 0; i < s.y().length; i++) {
            if (s.y()[i] > 0) {
                x[j] = s.x()[i];
                y[j++] = s.y()[i];
            }
        }
        return new Series(s.name(), s.group(), x, y);
    }
}
