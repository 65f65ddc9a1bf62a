package org.errorprop.experiments.run;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.errorprop.experiments.spec.RunSpec;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.Method;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.training.EpochDiagnostics;
import org.errorprop.framework.training.EpochMetrics;
import org.errorprop.framework.training.StepResult;
import org.errorprop.framework.training.SequentialTraining;
import org.errorprop.framework.training.TrainingListener;
import org.errorprop.framework.training.TrainingStep;

/**
 * Trains the network a {@link RunSpec} describes on prepared (normalised) data, in the sequential
 * schedule. The network's weights come from the stream {@code "init/..."} and the data order from
 * {@code "data/shuffle"}, so two methods with one seed start from the same weights and see the same batches.
 */
public final class TrainingRun {
    public RunResult train(RunSpec spec, DataSplit data, TrainingListener listener, LongSupplier clock) {
        Method method = spec.rule().create();
        RandomStreams random = new RandomStreams(spec.seed());
        Network network = spec.architecture(data.train().inputWidth(), data.train().outputWidth()).build(random);
        TrainingStep step = new TrainingStep(network, spec.loss().loss(), method, spec.optimizerSpec(),
                new MethodContext(random.child("method"), spec.signalOptimizerSpec()));
        List<EpochDiagnostics> diagnostics = new ArrayList<>();
        TrainingListener collecting = new TrainingListener() {
            @Override
            public void stepFinished(int epoch, int s, int stepsPerEpoch, StepResult result) {
                listener.stepFinished(epoch, s, stepsPerEpoch, result);
            }

            @Override
            public void epochFinished(EpochMetrics metrics) {
                listener.epochFinished(metrics);
            }

            @Override
            public void diagnosticsFinished(EpochDiagnostics epoch) {
                diagnostics.add(epoch);
                listener.diagnosticsFinished(epoch);
            }
        };
        List<EpochMetrics> history = new SequentialTraining(network, spec.loss().loss(), step, random, clock,
                spec.probeEvery()).run(data, spec.training(), collecting);
        return new RunResult(history, diagnostics);
    }

    /** Steps per epoch for a training split of {@code examples}. */
    public static long stepsPerEpoch(int examples, int batchSize) {
        return (examples + batchSize - 1) / batchSize;
    }
}
