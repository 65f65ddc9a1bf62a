package org.errorprop.methods.synthetic;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.linalg.Workspaces;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.ActivationLayer;
import org.errorprop.framework.network.BatchNorm;
import org.errorprop.framework.network.Block;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.network.Linear;
import org.errorprop.framework.network.Mode;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.optim.Optimizer;
import org.errorprop.framework.optim.OptimizerSpec;
import org.errorprop.framework.state.StateReader;
import org.errorprop.framework.state.StateWriter;
import org.errorprop.framework.random.RandomStreams;

/**
 * A synthesizer that is an ordinary small network on {@code [h, y]} (or {@code h} alone when
 * unconditioned): with no hidden layer it is the linear {@code hA + yB + C}; with hidden layers an MLP
 * whose hidden layers are linear, BatchNorm, ReLU (the form of the DNI reference implementations). The
 * output layer starts at zero, so the first synthetic gradients are zero, as Jaderberg et al.
 * prescribe; hidden layers are drawn like forward layers from the given streams.
 *
 * <p>The synthesizer's BatchNorm always normalises with the statistics of the batch at hand, in
 * prediction and in fitting alike, so the function that produces the signal is the function that is
 * fitted. Its running statistics are never used, and its momentum is 0 so they never change either:
 * computing a signal changes no state. Measured on the reference network (unconditioned SG at the last
 * hidden boundary, seeds 1-3): see paper-notes/decisions/ADR-0005.
 */
public final class NetworkSynthesizer implements Synthesizer {
    private final int width;
    private final int labelWidth;
    private final Network network;
    private final Optimizer optimizer;
    private final DMatrixRMaj input = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj residual = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj activationGradient = new DMatrixRMaj(1, 1);

    /**
     * @param width      width of {@code h} (and of the synthetic gradient)
     * @param labelWidth width of {@code y}; 0 for an unconditioned synthesizer
     * @param hidden     hidden widths; empty for the linear form
     * @param random     streams for the hidden layers' initial weights
     */
    public NetworkSynthesizer(int width, int labelWidth, List<Integer> hidden, OptimizerSpec optimizer,
                              RandomStreams random, Compute compute) {
        this.width = width;
        this.labelWidth = labelWidth;
        List<Block> blocks = new ArrayList<>();
        int in = width + labelWidth;
        for (int j = 0; j < hidden.size(); j++) {
            Linear linear = new Linear("synthesizer/layer-" + (j + 1), in, hidden.get(j), false, compute);
            Initializer.UNIFORM_FAN_IN.fill(linear.weight().value(), random.startOf("synthesizer/layer-" + (j + 1)));
            blocks.add(new Block("synthesizer/layer-" + (j + 1), linear,
                    List.of(new BatchNorm("synthesizer/layer-" + (j + 1) + "/batchnorm", hidden.get(j),
                            BatchNorm.DEFAULT_EPSILON, 0.0, compute),
                            new ActivationLayer(Activation.RELU, hidden.get(j), compute))));
            in = hidden.get(j);
        }
        blocks.add(new Block("synthesizer/output", new Linear("synthesizer/output", in, width, true, compute), List.of()));
        this.network = new Network(blocks, compute);
        this.optimizer = optimizer.attach(network.parameters(), compute);
    }

    /** {@code SG(h, y)}; BatchNorm in batch-statistics mode, which with momentum 0 changes nothing. */
    private DMatrixRMaj forward(DMatrixRMaj h, DMatrixRMaj y) {
        int rows = h.numRows;
        int columns = width + labelWidth;
        Workspaces.fit(input, rows, columns);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(h.data, r * width, input.data, r * columns, width);
            if (labelWidth > 0) {
                System.arraycopy(y.data, r * labelWidth, input.data, r * columns + width, labelWidth);
            }
        }
        return network.forward(input, Mode.TRAIN);
    }

    @Override
    public DMatrixRMaj predict(DMatrixRMaj activation, DMatrixRMaj labels) {
        return forward(activation, labels);
    }

    /** Writes {@code SG − t} into the residual workspace and returns {@code Σ‖SG − t‖²}. */
    private double residual(DMatrixRMaj prediction, DMatrixRMaj target) {
        Workspaces.fit(residual, prediction.numRows, prediction.numCols);
        double squares = 0;
        for (int i = 0, n = prediction.getNumElements(); i < n; i++) {
            double d = prediction.data[i] - target.data[i];
            residual.data[i] = d;
            squares += d * d;
        }
        return squares;
    }

    /** Back-propagates {@code scale · (SG − t)} through the synthesizer; returns {@code ∂/∂input}. */
    private DMatrixRMaj backward(double scale) {
        DMatrixRMaj preActivation = backwardToFirstPreActivation(scale);
        Block first = network.blocks().get(0);
        return first.linear().backward(preActivation);
    }

    /**
     * Back-propagates {@code scale · (SG − t)} to the first linear map's output and leaves every parameter's
     * gradient but the first map's; returns the error there. Training needs no gradient below that, so
     * {@link #fit} stops here and spares a product the size of the forward one.
     */
    private DMatrixRMaj backwardToFirstPreActivation(double scale) {
        for (int i = 0, n = residual.getNumElements(); i < n; i++) {
            residual.data[i] *= scale;
        }
        DMatrixRMaj current = residual;
        List<Block> blocks = network.blocks();
        for (int j = blocks.size() - 1; j >= 1; j--) {
            current = blocks.get(j).backward(current);
        }
        return blocks.get(0).backwardToPreActivation(current);
    }

    @Override
    public double fit(DMatrixRMaj activation, DMatrixRMaj labels, DMatrixRMaj target, double learningRateFactor) {
        DMatrixRMaj prediction = forward(activation, labels);
        int rows = prediction.numRows;
        double loss = residual(prediction, target) / rows;
        // ∂/∂SG of the batch mean of ‖SG − t‖² is 2(SG − t)/rows.
        DMatrixRMaj firstError = backwardToFirstPreActivation(2.0 / rows);
        network.blocks().get(0).linear().computeParameterGradients(firstError);
        optimizer.step(learningRateFactor);
        return loss;
    }

    @Override
    public DMatrixRMaj lossGradientWrtActivation(DMatrixRMaj activation, DMatrixRMaj labels, DMatrixRMaj target) {
        DMatrixRMaj prediction = forward(activation, labels);
        residual(prediction, target);
        return activationPart(backward(2.0), activation.numRows);
    }

    @Override
    public DMatrixRMaj pullBack(DMatrixRMaj activation, DMatrixRMaj labels, DMatrixRMaj outputGradient) {
        DMatrixRMaj prediction = forward(activation, labels);
        Workspaces.fit(residual, prediction.numRows, prediction.numCols);
        System.arraycopy(outputGradient.data, 0, residual.data, 0, prediction.getNumElements());
        return activationPart(backward(1.0), activation.numRows);
    }

    /** The first {@code width} columns of {@code ∂/∂[h, y]}: the part that flows into {@code h}. */
    private DMatrixRMaj activationPart(DMatrixRMaj inputGradient, int rows) {
        int columns = width + labelWidth;
        Workspaces.fit(activationGradient, rows, width);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(inputGradient.data, r * columns, activationGradient.data, r * width, width);
        }
        return activationGradient;
    }

    @Override
    public List<Parameter> parameters() {
        return network.parameters();
    }

    /** Its small network's state (weights, BatchNorm's) under {@code network}, its optimiser's under {@code optimizer}. */
    @Override
    public void exportState(StateWriter out) {
        network.exportState(out.under("network"));
        optimizer.exportState(out.under("optimizer"));
    }

    @Override
    public void importState(StateReader in) {
        network.importState(in.under("network"));
        optimizer.importState(in.under("optimizer"));
    }
}
