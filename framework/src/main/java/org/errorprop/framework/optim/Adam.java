package org.errorprop.framework.optim;

import java.util.List;
import java.util.Locale;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.parallel.RangeTask;
import org.errorprop.framework.parallel.WorkSplitter;
import org.errorprop.framework.state.StateReader;
import org.errorprop.framework.state.StateWriter;

/**
 * Adam (Kingma and Ba 2015) with bias correction, as PyTorch computes it:
 * {@code m ← β₁m + (1−β₁)g}, {@code v ← β₂v + (1−β₂)g²},
 * {@code θ ← θ − η m̂ / (√v̂ + ε)} with {@code m̂ = m/(1−β₁ᵗ)}, {@code v̂ = v/(1−β₂ᵗ)}.
 */
public record Adam(double learningRate, double beta1, double beta2, double epsilon, double l2)
        implements OptimizerSpec {

    public Adam {
        OptimizerSpec.requireValid(learningRate, l2);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
            throw new InvalidInputException("Adam needs beta1, beta2 in [0, 1) and epsilon > 0");
        }
    }

    /** The usual defaults {@code β₁ = 0.9, β₂ = 0.999, ε = 1e-8}, no penalty. */
    public static Adam withLearningRate(double learningRate) {
        return new Adam(learningRate, 0.9, 0.999, 1e-8, 0.0);
    }

    @Override
    public Optimizer attach(List<Parameter> parameters, Compute compute) {
        return new AdamState(this, parameters, compute.splitter());
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "adam(lr=%s, beta1=%s, beta2=%s, eps=%s, l2=%s)", learningRate, beta1,
                beta2, epsilon, l2);
    }

    /**
     * The moments and the update. Large parameters are updated in ranges on the {@link Compute}'s
     * splitter: each element's update reads and writes only that element, so the ranges change nothing in
     * the numbers.
     */
    private static final class AdamState implements Optimizer {
        private final Adam spec;
        private final List<Parameter> parameters;
        private final double[][] first;
        private final double[][] second;
        private final WorkSplitter splitter;
        private final RangeTask updateRange = this::updateRange;
        private int steps;
        // the step's constants and the parameter being updated, read by updateRange
        private double stepSize;
        private double secondCorrection;
        private double decay;
        private double gradientScale;
        private int current;

        AdamState(Adam spec, List<Parameter> parameters, WorkSplitter splitter) {
            this.splitter = splitter;
            this.spec = spec;
            this.parameters = List.copyOf(parameters);
            this.first = new double[this.parameters.size()][];
            this.second = new double[this.parameters.size()][];
            for (int j = 0; j < this.parameters.size(); j++) {
                int size = this.parameters.get(j).value().getNumElements();
                first[j] = new double[size];
                second[j] = new double[size];
            }
        }

        @Override
        public void step(double learningRateFactor, double gradientScale) {
            steps++;
            this.gradientScale = gradientScale;
            stepSize = spec.learningRate * learningRateFactor / (1 - Math.pow(spec.beta1, steps));
            secondCorrection = 1.0 / Math.sqrt(1 - Math.pow(spec.beta2, steps));
            for (int j = 0; j < parameters.size(); j++) {
                Parameter p = parameters.get(j);
                decay = p.decays() ? spec.l2 : 0.0;
                current = j;
                int size = first[j].length;
                splitter.forEachRangeIfLarge(size, size, updateRange);
            }
        }

        /** The step count, and each parameter's moments under {@code first-moment/<name>}, {@code second-moment/<name>}. */
        @Override
        public void exportState(StateWriter out) {
            out.longs("steps", new long[] {steps});
            for (int j = 0; j < parameters.size(); j++) {
                out.doubles("first-moment/" + parameters.get(j).name(), first[j]);
                out.doubles("second-moment/" + parameters.get(j).name(), second[j]);
            }
        }

        @Override
        public void importState(StateReader in) {
            long[] count = new long[1];
            in.longs("steps", count);
            if (count[0] < 0 || count[0] > Integer.MAX_VALUE) {
                throw new org.errorprop.framework.InvalidInputException("the saved Adam step count " + count[0]
                        + " is out of range");
            }
            for (int j = 0; j < parameters.size(); j++) {
                in.doubles("first-moment/" + parameters.get(j).name(), first[j]);
                in.doubles("second-moment/" + parameters.get(j).name(), second[j]);
            }
            steps = (int) count[0];
        }

        /**
         * The gradient scaled, the moments and the value of elements {@code [from, to)}, one pass. Every element is
         * loaded into a local before anything is stored: the compiler cannot tell that the four arrays are distinct,
         * and otherwise reloads {@code m[i]} and {@code v[i]} after each store (measured: 0.9 against 1.13 ns per
         * element with the former separate scaling pass).
         */
        private void updateRange(int from, int to) {
            Parameter p = parameters.get(current);
            double b1 = spec.beta1;
            double b2 = spec.beta2;
            double epsilon = spec.epsilon;
            double size = stepSize;
            double correction = secondCorrection;
            double l2 = decay;
            double scale = gradientScale;
            double[] value = p.value().data;
            double[] gradient = p.gradient().data;
            double[] m = first[current];
            double[] v = second[current];
            for (int i = from; i < to; i++) {
                double scaled = gradient[i] * scale;
                double theta = value[i];
                double g = scaled + l2 * theta;
                double mi = b1 * m[i] + (1 - b1) * g;
                double vi = b2 * v[i] + (1 - b2) * g * g;
                gradient[i] = scaled;
                m[i] = mi;
                v[i] = vi;
                value[i] = theta - size * mi / (Math.sqrt(vi) * correction + epsilon);
            }
        }
    }
}
