package org.errorprop.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Panels side by side: one per entry, wider with more panels; no panels is an error. */
class LinePlotTest {

    @Test
    void onePanelPerEntry(@TempDir Path directory) throws IOException {
        Map<String, List<Series>> panels = new LinkedHashMap<>();
        for (String depth : List.of("3 layers", "10 layers", "20 layers", "50 layers")) {
            panels.put(depth, List.of(new Series("backprop", new double[] {1, 2, 3}, new double[] {1, 0.5, 0.2}),
                    new Series("single SG", new double[] {1, 2, 3}, new double[] {1.2, 0.7, 0.3})));
        }
        Path file = directory.resolve("panels.png");
        LinePlot.of("curves", "step", "loss").withLogY().writePanelsPng(file, panels);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(4 * 330, image.getWidth());
        assertEquals(600, image.getHeight());
    }

    @Test
    void noPanelsIsAnError(@TempDir Path directory) {
        assertThrows(IllegalArgumentException.class,
                () -> LinePlot.of("curves", "step", "loss").writePanelsPng(directory.resolve("x.png"), Map.of()));
    }
}
