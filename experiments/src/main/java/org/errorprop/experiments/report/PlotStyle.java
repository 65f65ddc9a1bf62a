package org.errorprop.experiments.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The look shared by every line plot: each group of series gets the next colour of a fixed palette
 * and its members successive dash patterns, so the same data always draws the same image.
 */
final class PlotStyle {
    /**
     * Okabe and Ito's qualitative palette (Color Universal Design, 2008), told apart under the common
     * colour-vision deficiencies; its yellow, faint on white, comes last, then two greys.
     */
    static final Color[] PALETTE = {
        new Color(0x0072b2), new Color(0xd55e00), new Color(0x009e73), new Color(0xe69f00),
        new Color(0xcc79a7), new Color(0x56b4e9), new Color(0x000000), new Color(0xf0e442),
        new Color(0x777777), new Color(0xbbbbbb)
    };

    /** Solid, dashed, dotted, dash-dot: the curves within one group. */
    static final BasicStroke[] DASHES = {
        new BasicStroke(2f),
        new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f),
        new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 4f}, 0f),
        new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 4f, 2f, 4f}, 0f)
    };

    private PlotStyle() {
    }

    static XYSeriesCollection dataset(List<Series> series) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (Series s : series) {
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (int i = 0; i < s.x().length; i++) {
                xy.add(s.x()[i], s.y()[i]);
            }
            dataset.addSeries(xy);
        }
        return dataset;
    }

    static XYLineAndShapeRenderer renderer(List<Series> series, boolean inLegend) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        Map<String, Integer> groups = new LinkedHashMap<>();
        Map<String, Integer> seenInGroup = new HashMap<>();
        for (int i = 0; i < series.size(); i++) {
            String group = series.get(i).group();
            int colour = groups.computeIfAbsent(group, g -> groups.size());
            int variant = seenInGroup.merge(group, 1, Integer::sum) - 1;
            renderer.setSeriesPaint(i, PALETTE[colour % PALETTE.length]);
            renderer.setSeriesStroke(i, DASHES[variant % DASHES.length]);
            renderer.setSeriesVisibleInLegend(i, inLegend);
            renderer.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
        }
        return renderer;
    }

    /**
     * A linear axis whose tick labels ignore the JVM's locale ("0.95", never "0,95"), like every number
     * errorprop writes; {@code integers} restricts ticks to whole numbers (epochs, layers).
     */
    static NumberAxis numberAxis(String label, boolean integers) {
        NumberAxis axis = new NumberAxis(label);
        axis.setStandardTickUnits(integers ? NumberAxis.createIntegerTickUnits(Locale.ROOT)
                : NumberAxis.createStandardTickUnits(Locale.ROOT));
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }

    /** A logarithmic axis with ticks at 1-2-5 steps or powers of ten, labelled {@code 0.5} or {@code 10⁻³}. */
    static LogAxis logAxis(String label) {
        return new ReadableLogAxis(label);
    }

    static void paperWhite(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
    }
}
