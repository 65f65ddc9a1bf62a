package org.errorprop.methods.synthetic;

import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.linalg.Blas;
import org.errorprop.framework.linalg.Workspaces;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.optim.Optimizer;
import org.errorprop.framework.optim.OptimizerSpec;
import org.errorprop.framework.state.StateReader;
import org.errorprop.framework.optim.TrainedParameters;
import org.errorprop.framework.state.StateWriter;

/**
 * A synthesizer that reads only the labels, {@code SG(h, y) = yB + C}: the paper's Supp. Fig. 9 (e–h), "an
 * SG using only labels", which it likens to a per-label stale gradient model. With one-hot labels it
 * learns one gradient vector per class ({@code B}'s row plus {@code C}), the running fit of the class's
 * mean target; it cannot tell two examples of a class apart. {@code B} and {@code C} start at zero, so
 * the first synthetic gradient is zero, as for the linear form.
 *
 * <p>Because it does not read {@code h}, its Jacobian with respect to {@code h} is zero: {@link #pullBack}
 * and {@link #lossGradientWrtActivation} return zeros of {@code h}'s shape. It needs labels: an
 * unconditioned {@code sg} with this form would be the constant {@code C}, and is rejected.
 */
public final class LabelOnlySynthesizer implements Synthesizer {
    private final int width;
    private final Parameter b;
    private final Parameter c;
    private final Optimizer optimizer;
    private final Blas blas;
    private final DMatrixRMaj output = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj residual = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj activationGradient = new DMatrixRMaj(1, 1);

    /**
     * @param width      width of {@code h} and of the synthetic gradient
     * @param labelWidth width of {@code y}; must be positive
     */
    public LabelOnlySynthesizer(int width, int labelWidth, OptimizerSpec optimizer, Compute compute) {
        if (labelWidth <= 0) {
            throw new InvalidInputException("the label-only synthesizer SG(y) = yB + C reads only the labels; "
                    + "use it with the label-conditioned method csg, not with unconditioned sg");
        }
        this.width = width;
        this.b = Parameter.zeros("synthesizer/B", labelWidth, width, true);
        this.c = Parameter.zeros("synthesizer/C", 1, width, false);
        this.blas = compute.blas();
        this.optimizer = optimizer.attach(parameters(), compute);
    }

    @Override
    public DMatrixRMaj predict(DMatrixRMaj activation, DMatrixRMaj labels) {
        if (labels == null) {
            throw new IllegalArgumentException("the label-only synthesizer needs labels");
        }
        int rows = labels.numRows;
        Workspaces.fit(output, rows, width);
        blas.multiply(labels, b.value(), output);
        double[] cv = c.value().data;
        for (int r = 0, at = 0; r < rows; r++) {
            for (int j = 0; j < width; j++, at++) {
                output.data[at] += cv[j];
            }
        }
        return output;
    }

    @Override
    public double fit(DMatrixRMaj activation, DMatrixRMaj labels, DMatrixRMaj target, double learningRateFactor) {
        DMatrixRMaj prediction = predict(activation, labels);
        int rows = prediction.numRows;
        Workspaces.fit(residual, rows, width);
        double squares = 0;
        // ∂/∂SG of the batch mean of ‖SG − t‖² is 2(SG − t)/rows.
        double scale = 2.0 / rows;
        for (int i = 0, n = prediction.getNumElements(); i < n; i++) {
            double d = prediction.data[i] - target.data[i];
            squares += d * d;
            residual.data[i] = scale * d;
        }
        blas.multiplyTransposeA(labels, residual, b.gradient());
        double[] gc = c.gradient().data;
        Arrays.fill(gc, 0.0);
        for (int r = 0, at = 0; r < rows; r++) {
            for (int j = 0; j < width; j++, at++) {
                gc[j] += residual.data[at];
            }
        }
        optimizer.step(learningRateFactor);
        return squares / rows;
    }

    /** Zero: {@code L_SG} depends on {@code h} only through the fixed target. */
    @Override
    public DMatrixRMaj lossGradientWrtActivation(DMatrixRMaj activation, DMatrixRMaj labels, DMatrixRMaj target) {
        return zeros(activation.numRows);
    }

    /** Zero: {@code SG} does not read {@code h}. */
    @Override
    public DMatrixRMaj pullBack(DMatrixRMaj activation, DMatrixRMaj labels, DMatrixRMaj outputGradient) {
        return zeros(activation.numRows);
    }

    private DMatrixRMaj zeros(int rows) {
        Workspaces.fit(activationGradient, rows, width);
        Arrays.fill(activationGradient.data, 0, rows * width, 0.0);
        return activationGradient;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(b, c);
    }

    /** {@code B} and {@code C} by name, its optimiser's state under {@code optimizer}. */
    @Override
    public void exportState(StateWriter out) {
        TrainedParameters.exportState(parameters(), optimizer, out);
    }

    @Override
    public void importState(StateReader in) {
        TrainedParameters.importState(parameters(), optimizer, in);
    }
}
