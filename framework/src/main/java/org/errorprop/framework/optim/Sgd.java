package org.errorprop.framework.optim;

import java.util.List;
import java.util.Locale;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.state.StateReader;
import org.errorprop.framework.state.StateWriter;

/** {@code θ ← θ − η (g + λθ)}. */
public record Sgd(double learningRate, double l2) implements OptimizerSpec {

    public Sgd {
        OptimizerSpec.requireValid(learningRate, l2);
    }

    @Override
    public Optimizer attach(List<Parameter> parameters, Compute compute) {
        List<Parameter> bound = List.copyOf(parameters);
        return new Optimizer() {
            @Override
            public void step(double factor, double gradientScale) {
                double rate = learningRate * factor;
                for (Parameter p : bound) {
                    double decay = p.decays() ? l2 : 0.0;
                    double[] value = p.value().data;
                    double[] gradient = p.gradient().data;
                    for (int i = 0, n = p.value().getNumElements(); i < n; i++) {
                        double g = gradient[i] * gradientScale;
                        gradient[i] = g;
                        value[i] -= rate * (g + decay * value[i]);
                    }
                }
            }

            /** Plain SGD keeps nothing between steps. */
            @Override
            public void exportState(StateWriter out) {
            }

            @Override
            public void importState(StateReader in) {
            }
        };
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "sgd(lr=%s, l2=%s)", learningRate, l2);
    }
}
