package org.errorprop.experiments.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heat-map grid keeps its colour bar's labels inside the image: every pixel of a border band
 * {@value #BAND} pixels wide stays white, which clipped text (drawn up to or past the edge) breaks.
 */
class HeatmapGridTest {
    private static final int BAND = 3;

    private static boolean whiteBorder(BufferedImage image) {
        int white = Color.WHITE.getRGB();
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                boolean inBand = x < BAND || y < BAND || x >= image.getWidth() - BAND
                        || y >= image.getHeight() - BAND;
                if (inBand && image.getRGB(x, y) != white) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void theColourBarAndItsLabelFitInTheImage(@TempDir Path directory) throws IOException {
        for (int rows : new int[] {1, 4}) {
            double[][] cell = {{0, 0.5}, {1.5, 2}};
            double[][][][] cells = new double[rows][3][][];
            for (double[][][] row : cells) {
                Arrays.fill(row, cell);
            }
            Path file = directory.resolve("grid-" + rows + ".png");
            new HeatmapGrid("RDMs", Collections.nCopies(rows, "backprop"), List.of("layer 1", "layer 2",
                    "layer 3"), HeatmapGrid.ColourRange.SHARED, "1 − correlation (a long scale label)", 40)
                    .writePng(file, cells, 0, 2);
            assertTrue(whiteBorder(ImageIO.read(file.toFile())), rows + " rows: something touches the edge");
        }
    }

    @Test
    void theBorderCheckSeesClippedText() {
        BufferedImage image = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 200, 100);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("1 − correlation", 150, 98);
        g.dispose();
        assertFalse(whiteBorder(image));
    }
}
