package org.errorprop.experiments.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Learning curves as a PNG: loss above, accuracy below, sharing the epoch axis, one line per series.
 * Series are styled by {@link PlotStyle}: one colour per group, one dash pattern per member.
 */
public final class CurvePlot {
    private CurvePlot() {
    }

    /** Learning curves: loss above, accuracy below. */
    public static void writePng(Path file, String title, String xLabel, List<Series> losses, List<Series> accuracies) {
        writePng(file, title, xLabel, "loss", losses, "accuracy", accuracies);
    }

    /** Two panels over one x axis; the legend names the upper panel's series, drawn alike below. */
    public static void writePng(Path file, String title, String xLabel, String upperLabel, List<Series> upper,
                                String lowerLabel, List<Series> lower) {
        NumberAxis xAxis = PlotStyle.numberAxis(xLabel, true);
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(xAxis);
        combined.setGap(12);
        combined.add(panel(upperLabel, upper, false), 1);
        combined.add(panel(lowerLabel, lower, true), 1);
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 15), combined, true);
        chart.setBackgroundPaint(Color.WHITE);
        try {
            ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 700);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + file, e);
        }
    }

    private static XYPlot panel(String yLabel, List<Series> series, boolean lowerPanel) {
        XYSeriesCollection dataset = PlotStyle.dataset(series);
        NumberAxis yAxis = PlotStyle.numberAxis(yLabel, false);
        XYLineAndShapeRenderer renderer = PlotStyle.renderer(series, !lowerPanel);
        XYPlot plot = new XYPlot(dataset, null, yAxis, renderer);
        PlotStyle.paperWhite(plot);
        return plot;
    }
}
