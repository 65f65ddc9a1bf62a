package org.errorprop.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.errorprop.framework.InvalidInputException;
import org.junit.jupiter.api.Test;

class PipelineThroughputModelTest {

    @Test
    void fittingTwoStagesOfAKnownModelGivesItsRateAndCutBack() {
        PipelineThroughputModel truth = new PipelineThroughputModel(2e-11, 3e-4);
        double lowerFlops = 4e8;
        double upperFlops = 6e8;
        List<Double> seconds = truth.stageSeconds(List.of(lowerFlops, upperFlops));
        PipelineThroughputModel fitted = PipelineThroughputModel.fit(seconds.get(0), lowerFlops, seconds.get(1),
                upperFlops);
        assertEquals(truth.secondsPerFlop(), fitted.secondsPerFlop(), 1e-25);
        assertEquals(truth.cutSeconds(), fitted.cutSeconds(), 1e-15);
    }

    @Test
    void theSlowestStageSetsThePaceWhenEveryStageHasACoreAndTheCoresDoWhenTheyAreShared() {
        PipelineThroughputModel model = new PipelineThroughputModel(1e-9, 0);
        List<Double> stages = List.of(1e6, 3e6, 2e6);  // 1, 3 and 2 ms per batch
        assertEquals(100 / 3e-3, model.samplesPerSecond(stages, 3, 100), 1e-6);
        assertEquals(100 / 6e-3, model.samplesPerSecond(stages, 1, 100), 1e-6, "one core runs all the work");
        assertEquals(100 / 3e-3, model.samplesPerSecond(stages, 2, 100), 1e-6, "6 ms over 2 cores: the 3 ms stage paces");
        // the control: a prediction that ignored the bottleneck would say 3 cores give 3x one core; it does not
        assertTrue(model.samplesPerSecond(stages, 3, 100) < 3 * model.samplesPerSecond(stages, 1, 100));
    }

    @Test
    void aCutAddsItsCostToTheStageBelowItOnly() {
        PipelineThroughputModel model = new PipelineThroughputModel(1e-9, 5e-4);
        assertEquals(List.of(1.5e-3, 2.5e-3, 1e-3), model.stageSeconds(List.of(1e6, 2e6, 1e6)));
    }

    @Test
    void stageFlopsSumTheBlocksBetweenCutsAndBlockFlopsMatchTheBenchmarksCount() {
        assertEquals(List.of(3.0, 12.0), PipelineThroughputModel.stageFlops(new double[] {1, 2, 3, 4, 5}, List.of(2)));
        BenchmarkNetwork network = new BenchmarkNetwork(8, 512, 128);
        double total = 0;
        for (double f : PipelineThroughputModel.blockFlops(network)) {
            total += f;
        }
        assertEquals(network.flopsPerStep(false), total, 1e-6 * total);
    }

    @Test
    void aFitWithoutWorkIsRefused() {
        assertThrows(InvalidInputException.class, () -> PipelineThroughputModel.fit(1e-3, 1e8, 0, 1e8));
        assertEquals(0, PipelineThroughputModel.fit(1e-4, 1e8, 2e-3, 1e8).cutSeconds(), "a cut cheaper than nothing is 0");
    }
}
