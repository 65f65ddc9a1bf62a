package org.errorprop.framework.training;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.network.Block;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.state.StateReader;
import org.errorprop.framework.state.StateWriter;
import org.errorprop.framework.state.Stateful;

/**
 * Measures, on the side, how the signals of a step compare with the true gradients. The true
 * {@code ∂L/∂h_k} comes from a full backprop pass run before the method's own pass on the same forward
 * trace; it is copied away and never used for an update (the method's pass overwrites every gradient
 * it computes). Accumulates per-boundary sums until {@link #finishEpoch}. With a signal at the output
 * boundary, boundary {@code K} (the number of blocks) compares {@code δ̂_p} with {@code ∂L/∂p}.
 */
final class SignalProbe implements Stateful {
    private final Network network;
    private final DMatrixRMaj[] trueGradients;
    private final double[] cosineSum;
    private final int[] cosineCount;
    private final double[] ratioSum;
    private final int[] ratioCount;
    private final double[] learningLossSum;
    private final int[] learningLossCount;
    private int probed;

    /** @param withOutput whether a signal sits at the output boundary, to be probed as boundary {@code K} */
    SignalProbe(Network network, boolean withOutput) {
        this.network = network;
        int boundaries = network.shape().boundaries() + (withOutput ? 1 : 0);
        this.trueGradients = new DMatrixRMaj[boundaries + 1];
        for (int k = 1; k <= boundaries; k++) {
            trueGradients[k] = new DMatrixRMaj(1, 1);
        }
        this.cosineSum = new double[boundaries + 1];
        this.cosineCount = new int[boundaries + 1];
        this.ratioSum = new double[boundaries + 1];
        this.ratioCount = new int[boundaries + 1];
        this.learningLossSum = new double[boundaries + 1];
        this.learningLossCount = new int[boundaries + 1];
    }

    /** Runs backprop from {@code outputError} down to boundary 1 and keeps every {@code ∂L/∂h_k}. */
    void recordTrueGradients(DMatrixRMaj outputError) {
        int blocks = network.shape().blocks();
        if (trueGradients.length > blocks) {
            trueGradients[blocks].setTo(outputError);
        }
        DMatrixRMaj current = outputError;
        for (int k = blocks; k >= 2; k--) {
            Block block = network.block(k);
            current = block.backward(current);
            trueGradients[k - 1].setTo(current);
        }
        probed++;
    }

    void compare(int k, DMatrixRMaj signal) {
        DMatrixRMaj truth = trueGradients[k];
        double dot = 0;
        double signalSquares = 0;
        double truthSquares = 0;
        for (int i = 0, n = truth.getNumElements(); i < n; i++) {
            dot += signal.data[i] * truth.data[i];
            signalSquares += signal.data[i] * signal.data[i];
            truthSquares += truth.data[i] * truth.data[i];
        }
        if (signalSquares > 0 && truthSquares > 0) {
            cosineSum[k] += dot / Math.sqrt(signalSquares * truthSquares);
            cosineCount[k]++;
        }
        if (truthSquares > 0) {
            ratioSum[k] += Math.sqrt(signalSquares / truthSquares);
            ratioCount[k]++;
        }
    }

    void recordLearningLoss(int k, java.util.OptionalDouble learningLoss) {
        if (learningLoss.isPresent()) {
            learningLossSum[k] += learningLoss.getAsDouble();
            learningLossCount[k]++;
        }
    }

    EpochDiagnostics finishEpoch(int epoch) {
        List<BoundaryDiagnostics> boundaries = new ArrayList<>();
        for (int k = 1; k < trueGradients.length; k++) {
            boundaries.add(new BoundaryDiagnostics(k, mean(cosineSum[k], cosineCount[k]), mean(ratioSum[k], ratioCount[k]),
                    mean(learningLossSum[k], learningLossCount[k]), probed));
            cosineSum[k] = 0;
            cosineCount[k] = 0;
            ratioSum[k] = 0;
            ratioCount[k] = 0;
            learningLossSum[k] = 0;
            learningLossCount[k] = 0;
        }
        probed = 0;
        List<Double> norms = new ArrayList<>();
        for (Block block : network.blocks()) {
            double squares = 0;
            DMatrixRMaj w = block.linear().weight().value();
            for (int i = 0, n = w.getNumElements(); i < n; i++) {
                squares += w.data[i] * w.data[i];
            }
            norms.add(Math.sqrt(squares));
        }
        return new EpochDiagnostics(epoch, boundaries, norms);
    }

    /** The sums and counts of the epoch so far (all zero right after {@link #finishEpoch}). */
    @Override
    public void exportState(StateWriter out) {
        out.doubles("cosine-sum", cosineSum);
        out.longs("cosine-count", widened(cosineCount));
        out.doubles("ratio-sum", ratioSum);
        out.longs("ratio-count", widened(ratioCount));
        out.doubles("learning-loss-sum", learningLossSum);
        out.longs("learning-loss-count", widened(learningLossCount));
        out.longs("probed-steps", new long[] {probed});
    }

    @Override
    public void importState(StateReader in) {
        in.doubles("cosine-sum", cosineSum);
        narrowInto(in, "cosine-count", cosineCount);
        in.doubles("ratio-sum", ratioSum);
        narrowInto(in, "ratio-count", ratioCount);
        in.doubles("learning-loss-sum", learningLossSum);
        narrowInto(in, "learning-loss-count", learningLossCount);
        int[] steps = new int[1];
        narrowInto(in, "probed-steps", steps);
        probed = steps[0];
    }

    private static long[] widened(int[] counts) {
        long[] wide = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            wide[i] = counts[i];
        }
        return wide;
    }

    private static void narrowInto(StateReader in, String name, int[] counts) {
        long[] wide = new long[counts.length];
        in.longs(name, wide);
        for (int i = 0; i < counts.length; i++) {
            if (wide[i] < 0 || wide[i] > Integer.MAX_VALUE) {
                throw new org.errorprop.framework.InvalidInputException("the saved state's '" + name + "' holds "
                        + wide[i] + ", not a count");
            }
            counts[i] = (int) wide[i];
        }
    }

    private static double mean(double sum, int count) {
        return count == 0 ? Double.NaN : sum / count;
    }
}
