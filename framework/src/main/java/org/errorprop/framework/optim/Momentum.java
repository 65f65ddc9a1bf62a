package org.errorprop.framework.optim;

import java.util.List;
import java.util.Locale;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.state.StateReader;
import org.errorprop.framework.state.StateWriter;

/** Heavy ball: {@code v ← μ v + (g + λθ)}, {@code θ ← θ − η v}, velocities start at zero. */
public record Momentum(double learningRate, double momentum, double l2) implements OptimizerSpec {

    public Momentum {
        OptimizerSpec.requireValid(learningRate, l2);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new InvalidInputException("momentum must be in [0, 1), was " + momentum);
        }
    }

    @Override
    public Optimizer attach(List<Parameter> parameters, Compute compute) {
        List<Parameter> bound = List.copyOf(parameters);
        double[][] velocity = new double[bound.size()][];
        for (int j = 0; j < bound.size(); j++) {
            velocity[j] = new double[bound.get(j).value().getNumElements()];
        }
        return new Optimizer() {
            @Override
            public void step(double factor, double gradientScale) {
                double rate = learningRate * factor;
                for (int j = 0; j < bound.size(); j++) {
                    Parameter p = bound.get(j);
                    double decay = p.decays() ? l2 : 0.0;
                    double[] value = p.value().data;
                    double[] gradient = p.gradient().data;
                    double[] v = velocity[j];
                    for (int i = 0; i < v.length; i++) {
                        double g = gradient[i] * gradientScale;
                        gradient[i] = g;
                        v[i] = momentum * v[i] + g + decay * value[i];
                        value[i] -= rate * v[i];
                    }
                }
            }

            /** Each parameter's velocity, under {@code velocity/<parameter name>}. */
            @Override
            public void exportState(StateWriter out) {
                for (int j = 0; j < bound.size(); j++) {
                    out.doubles("velocity/" + bound.get(j).name(), velocity[j]);
                }
            }

            @Override
            public void importState(StateReader in) {
                for (int j = 0; j < bound.size(); j++) {
                    in.doubles("velocity/" + bound.get(j).name(), velocity[j]);
                }
            }
        };
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "momentum(lr=%s, mu=%s, l2=%s)", learningRate, momentum, l2);
    }
}
