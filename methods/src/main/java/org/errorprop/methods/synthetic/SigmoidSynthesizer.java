package org.errorprop.methods.synthetic;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.linalg.Blas;
import org.errorprop.framework.linalg.Workspaces;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.optim.Optimizer;
import org.errorprop.framework.optim.OptimizerSpec;
import org.errorprop.framework.state.StateReader;
import org.errorprop.framework.optim.TrainedParameters;
import org.errorprop.framework.state.StateWriter;

/**
 * The log-loss synthesizer of the paper's §2.7, {@code SG(h, y) = d ∘ σ(hA) + yB + C}: the gradient of
 * a log loss with respect to a logit is {@code σ(p) − y}, a near-step function on separable data that
 * the linear form cannot follow. {@code d} is read as a learned per-unit scale (the paper prints
 * {@code d} without defining it). {@code d}, {@code B} and {@code C} start at zero, so the first
 * synthetic gradient is zero; {@code A} is drawn like a forward weight matrix. Starting {@code A} at zero
 * too would be a saddle: the gradient of {@code A} is proportional to {@code d}, and those of {@code d}
 * and {@code C} to the batch sum of the targets, which is exactly zero below a BatchNorm layer.
 */
public final class SigmoidSynthesizer implements Synthesizer {
    private final int width;
    private final int labelWidth;
    private final Parameter a;
    private final Parameter d;
    private final Parameter b;
    private final Parameter c;
    private final Optimizer optimizer;
    private final Blas blas;
    private final DMatrixRMaj squashed = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj output = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj residual = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj preActivationGradient = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj activationGradient = new DMatrixRMaj(1, 1);

    /** @param random the stream {@code A} is drawn from */
    public SigmoidSynthesizer(int width, int labelWidth, OptimizerSpec optimizer,
                              org.apache.commons.math3.random.RandomGenerator random, Compute compute) {
        this.width = width;
        this.labelWidth = labelWidth;
        this.a = Parameter.zeros("synthesizer/A", width, width, true);
        org.errorprop.framework.network.Initializer.UNIFORM_FAN_IN.fill(a.value(), random);
        this.d = Parameter.zeros("synthesizer/d", 1, width, false);
        this.b = labelWidth > 0 ? Parameter.zeros("synthesizer/B", labelWidth, width, true) : null;
        this.c = Parameter.zeros("synthesizer/C", 1, width, false);
        this.blas = compute.blas();
        this.optimizer = optimizer.attach(parameters(), compute);
    }

    @Override
    public DMatrixRMaj predict(DMatrixRMaj h, DMatrixRMaj y) {
        int rows = h.numRows;
        Workspaces.fit(squashed, rows, width);
        Workspaces.fit(output, rows, width);
        blas.multiply(h, a.value(), squashed);
        if (b != null) {
            blas.multiply(y, b.value(), output);
        } else {
            java.util.Arrays.fill(output.data, 0, output.getNumElements(), 0.0);
        }
        double[] dv = d.value().data;
        double[] cv = c.value().data;
        for (int r = 0, at = 0; r < rows; r++) {
            for (int j = 0; j < width; j++, at++) {
                double s = Activation.SIGMOID.apply(squashed.data[at]);
                squashed.data[at] = s;
                output.data[at] += dv[j] * s + cv[j];
            }
        }
        return output;
    }

    /** Residual {@code scale (SG − t)}, and {@code ∂/∂(hA)}; returns {@code Σ‖SG − t‖²}. */
    private double backwardToPreActivation(DMatrixRMaj h, DMatrixRMaj y, DMatrixRMaj target, double scale) {
        DMatrixRMaj prediction = predict(h, y);
        int rows = h.numRows;
        Workspaces.fit(residual, rows, width);
        Workspaces.fit(preActivationGradient, rows, width);
        double squares = 0;
        double[] dv = d.value().data;
        for (int r = 0, at = 0; r < rows; r++) {
            for (int j = 0; j < width; j++, at++) {
                double diff = prediction.data[at] - target.data[at];
                squares += diff * diff;
                double res = scale * diff;
                residual.data[at] = res;
                double s = squashed.data[at];
                preActivationGradient.data[at] = res * dv[j] * s * (1 - s);
            }
        }
        return squares;
    }

    @Override
    public double fit(DMatrixRMaj h, DMatrixRMaj y, DMatrixRMaj target, double learningRateFactor) {
        int rows = h.numRows;
        double loss = backwardToPreActivation(h, y, target, 2.0 / rows) / rows;
        blas.multiplyTransposeA(h, preActivationGradient, a.gradient());
        if (b != null) {
            blas.multiplyTransposeA(y, residual, b.gradient());
        }
        double[] gd = d.gradient().data;
        double[] gc = c.gradient().data;
        java.util.Arrays.fill(gd, 0.0);
        java.util.Arrays.fill(gc, 0.0);
        for (int r = 0, at = 0; r < rows; r++) {
            for (int j = 0; j < width; j++, at++) {
                gd[j] += residual.data[at] * squashed.data[at];
                gc[j] += residual.data[at];
            }
        }
        optimizer.step(learningRateFactor);
        return loss;
    }

    @Override
    public DMatrixRMaj lossGradientWrtActivation(DMatrixRMaj h, DMatrixRMaj y, DMatrixRMaj target) {
        backwardToPreActivation(h, y, target, 2.0);
        Workspaces.fit(activationGradient, h.numRows, width);
        blas.multiplyTransposeB(preActivationGradient, a.value(), activationGradient);
        return activationGradient;
    }

    @Override
    public DMatrixRMaj pullBack(DMatrixRMaj h, DMatrixRMaj y, DMatrixRMaj outputGradient) {
        predict(h, y);
        int rows = h.numRows;
        Workspaces.fit(preActivationGradient, rows, width);
        double[] dv = d.value().data;
        for (int r = 0, at = 0; r < rows; r++) {
            for (int j = 0; j < width; j++, at++) {
                double s = squashed.data[at];
                preActivationGradient.data[at] = outputGradient.data[at] * dv[j] * s * (1 - s);
            }
        }
        Workspaces.fit(activationGradient, rows, width);
        blas.multiplyTransposeB(preActivationGradient, a.value(), activationGradient);
        return activationGradient;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(List.of(a, d));
        if (b != null) {
            all.add(b);
        }
        all.add(c);
        return List.copyOf(all);
    }

    /** {@code A}, {@code d}, {@code B} (when conditioned) and {@code C} by name; the optimiser's under {@code optimizer}. */
    @Override
    public void exportState(StateWriter out) {
        TrainedParameters.exportState(parameters(), optimizer, out);
    }

    @Override
    public void importState(StateReader in) {
        TrainedParameters.importState(parameters(), optimizer, in);
    }
}
