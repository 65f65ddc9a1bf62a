package org.errorprop.experiments.run;

import java.util.List;
import org.errorprop.framework.training.EpochMetrics;

/**
 * {@code metrics.csv}: a header and one row per epoch. Numbers are written with
 * {@link Double#toString}, which is locale-independent and round-trips exactly.
 */
public final class MetricsCsv {
    public static final String HEADER = "epoch,train_loss,train_accuracy,test_loss,test_accuracy,seconds";

    private MetricsCsv() {
    }

    public static String format(List<EpochMetrics> history) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (EpochMetrics m : history) {
            out.append(m.epoch()).append(',')
                    .append(m.trainLoss()).append(',')
                    .append(m.trainAccuracy()).append(',')
                    .append(m.testLoss()).append(',')
                    .append(m.testAccuracy()).append(',')
                    .append(m.seconds()).append('\n');
        }
        return out.toString();
    }
}
