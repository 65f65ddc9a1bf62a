package org.errorprop.experiments.report;

import java.awt.BasicStroke;
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
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Learning curves as a PNG: loss above, accuracy below, sharing the epoch axis, one line per series.
 * Each group of series gets the next colour of a fixed palette and its members successive dash
 * patterns, so the same data always draws the same image.
 */
public final class CurvePlot {
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)
    };

    /** Solid, dashed, dotted, dash-dot: the curves within one group. */
    private static final BasicStroke[] DASHES = {
        new BasicStroke(2f),
        new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f),
        new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 4f}, 0f),
        new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 4f, 2f, 4f}, 0f)
    };

    private CurvePlot() {
    }

    /** Learning curves: loss above, accuracy below. */
    public static void writePng(Path file, String title, String xLabel, List<Series> losses, List<Series> accuracies) {
        writePng(file, title, xLabel, "loss", losses, "accuracy", accuracies);
    }

    /** Two panels over one x axis; the legend names the upper panel's series, drawn alike below. */
    public static void writePng(Path file, String title, String xLabel, String upperLabel, List<Series> upper,
                                String lowerLabel, List<Series> lower) {
        NumberAxis xAxis = new NumberAxis(xLabel);
        xAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        xAxis.setAutoRangeIncludesZero(false);
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
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (Series s : series) {
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (int i = 0; i < s.x().length; i++) {
                xy.add(s.x()[i], s.y()[i]);
            }
            dataset.addSeries(xy);
        }
        NumberAxis yAxis = new NumberAxis(yLabel);
        yAxis.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        java.util.Map<String, Integer> groups = new java.util.LinkedHashMap<>();
        java.util.Map<String, Integer> seenInGroup = new java.util.HashMap<>();
        for (int i = 0; i < series.size(); i++) {
            String group = series.get(i).group();
            int colour = groups.computeIfAbsent(group, g -> groups.size());
            int variant = seenInGroup.merge(group, 1, Integer::sum) - 1;
            renderer.setSeriesPaint(i, PALETTE[colour % PALETTE.length]);
            renderer.setSeriesStroke(i, DASHES[variant % DASHES.length]);
            renderer.setSeriesVisibleInLegend(i, !lowerPanel);
            renderer.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-3, -3, 6, 6));
        }
        XYPlot plot = new XYPlot(dataset, null, yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        return plot;
    }
}
