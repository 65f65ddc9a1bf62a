package org.errorprop.framework.testing;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.network.Mode;
import org.errorprop.framework.network.Parameter;

/**
 * The gradient check of a {@link Differentiable}: for the scalar objective {@code L = Σ R ∘ f(x)}
 * with a fixed matrix {@code R}, {@code ∂L/∂f(x) = R}, so {@code backward(R)} must return
 * {@code ∂L/∂x} and leave {@code ∂L/∂θ} in every parameter. Both are compared with central
 * differences under {@link FiniteDifferences#TOLERANCE}; a mismatch throws {@link AssertionError}.
 *
 * <p>It also checks the parts of the layer contract that the comparison relies on: backward leaves
 * its argument and the parameter values unchanged, and it overwrites parameter gradients rather than
 * accumulating into them (a second forward and backward pass at the same point gives the same
 * numbers bit for bit).
 */
public final class GradientCheck {
    private GradientCheck() {
    }

    /**
     * @param f    the map; its state afterwards is that of a forward pass at {@code x}
     * @param x    the input batch, perturbed in place during the check and restored exactly
     * @param r    the weights {@code R}, same shape as {@code f(x)}
     * @param mode the mode of every forward pass
     */
    public static void check(Differentiable f, DMatrixRMaj x, DMatrixRMaj r, Mode mode) {
        f.forward(x, mode);
        DMatrixRMaj rBefore = r.copy();
        List<DMatrixRMaj> valuesBefore = new ArrayList<>();
        for (Parameter p : f.parameters()) {
            valuesBefore.add(p.value().copy());
        }
        DMatrixRMaj inputGradient = f.backward(r).copy();
        List<DMatrixRMaj> parameterGradients = new ArrayList<>();
        for (Parameter p : f.parameters()) {
            parameterGradients.add(p.gradient().copy());
        }
        if (!Matrices.identical(rBefore, r)) {
            throw new AssertionError(f + ": backward modified its argument");
        }
        for (int j = 0; j < valuesBefore.size(); j++) {
            if (!Matrices.identical(valuesBefore.get(j), f.parameters().get(j).value())) {
                throw new AssertionError(f + ": backward changed the value of " + f.parameters().get(j).name());
            }
        }

        f.forward(x, mode);
        DMatrixRMaj again = f.backward(r);
        if (!Matrices.identical(inputGradient, again)) {
            throw new AssertionError(f + ": a second backward pass at the same point gave a different input gradient");
        }
        for (int j = 0; j < parameterGradients.size(); j++) {
            if (!Matrices.identical(parameterGradients.get(j), f.parameters().get(j).gradient())) {
                throw new AssertionError(f + ": a second backward pass changed the gradient of "
                        + f.parameters().get(j).name() + " (accumulating instead of overwriting?)");
            }
        }

        DMatrixRMaj numericInput = FiniteDifferences.gradientOfWeightedOutput(x, () -> f.forward(x, mode), r);
        FiniteDifferences.assertClose(f + ": dL/dinput", inputGradient, numericInput);
        List<Parameter> parameters = f.parameters();
        for (int j = 0; j < parameters.size(); j++) {
            Parameter p = parameters.get(j);
            DMatrixRMaj numeric = FiniteDifferences.gradientOfWeightedOutput(p.value(), () -> f.forward(x, mode), r);
            FiniteDifferences.assertClose(f + ": dL/d" + p.name(), parameterGradients.get(j), numeric);
        }
    }
}
