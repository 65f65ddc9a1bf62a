package org.errorprop.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;

/** Log-axis ticks at values a reader expects, labelled without computer notation. */
class ReadableLogAxisTest {

    @Test
    void aDecadeAndAHalfOfLossGetsOneTwoFiveTicks() {
        // the training-loss range whose ticks used to read 2.5E0, 2E0, 1.6E0, ..., 7.9E-1, 6.3E-1
        assertEquals(List.of(0.1, 0.2, 0.5, 1.0, 2.0), ReadableLogAxis.tickValues(0.063, 2.5));
    }

    @Test
    void lessThanADecadeGetsEveryDigit() {
        assertEquals(List.of(0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0), ReadableLogAxis.tickValues(0.25, 1.1));
    }

    @Test
    void aRangeBetweenTwoDigitsGetsEvenTicks() {
        // 0.3 and 0.4 both fall outside: without a fallback the axis would have no labels at all
        assertEquals(List.of(0.32, 0.34, 0.36, 0.38), ReadableLogAxis.tickValues(0.31, 0.39));
    }

    @Test
    void manyDecadesGetAtMostTwelvePowersOfTen() {
        List<Double> ticks = ReadableLogAxis.tickValues(1e-18, 1e5);
        assertTrue(ticks.size() <= 12 && ticks.size() >= 8, ticks.toString());
        assertEquals(1e-18, ticks.get(0));
        for (int i = 1; i < ticks.size(); i++) {
            assertEquals(100.0, ticks.get(i) / ticks.get(i - 1), 1e-9, "every second decade: " + ticks);
        }
    }

    @Test
    void theAxisDrawsThoseTicksWithReadableLabels() {
        ReadableLogAxis axis = new ReadableLogAxis("loss");
        axis.setRange(0.063, 2.5);
        Graphics2D g = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB).createGraphics();
        @SuppressWarnings("unchecked")
        List<ValueTick> ticks = axis.refreshTicksVertical(g, new Rectangle2D.Double(0, 0, 400, 400),
                RectangleEdge.LEFT);
        g.dispose();
        assertEquals(List.of("0.1", "0.2", "0.5", "1", "2"), ticks.stream().map(ValueTick::getText).toList());
    }
}
