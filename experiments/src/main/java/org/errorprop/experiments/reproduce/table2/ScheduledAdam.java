package org.errorprop.experiments.reproduce.table2;

import java.util.List;
import org.errorprop.framework.network.Parameter;

/**
 * Adam with the framework's formula ({@link org.errorprop.framework.optim.Adam}: bias-corrected, β₁ = 0.9,
 * β₂ = 0.999, ε = 1e-8, no penalty) but a learning rate given at every step, so that the quick scale can anneal
 * it; the framework's Adam fixes its rate at construction. With a constant rate the two agree bit for bit
 * (a unit test checks it).
 */
final class ScheduledAdam {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final List<Parameter> parameters;
    private final double[][] first;
    private final double[][] second;
    private int steps;

    ScheduledAdam(List<Parameter> parameters) {
        this.parameters = List.copyOf(parameters);
        first = new double[this.parameters.size()][];
        second = new double[this.parameters.size()][];
        for (int j = 0; j < this.parameters.size(); j++) {
            int size = this.parameters.get(j).value().getNumElements();
            first[j] = new double[size];
            second[j] = new double[size];
        }
    }

    /** One update from the parameters' current gradients with learning rate {@code learningRate}. */
    void step(double learningRate) {
        steps++;
        double stepSize = learningRate / (1 - Math.pow(BETA1, steps));
        double secondCorrection = 1.0 / Math.sqrt(1 - Math.pow(BETA2, steps));
        for (int j = 0; j < parameters.size(); j++) {
            double[] value = parameters.get(j).value().data;
            double[] gradient = parameters.get(j).gradient().data;
            double[] m = first[j];
            double[] v = second[j];
            for (int i = 0; i < m.length; i++) {
                double g = gradient[i];
                m[i] = BETA1 * m[i] + (1 - BETA1) * g;
                v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
                value[i] -= stepSize * m[i] / (Math.sqrt(v[i]) * secondCorrection + EPSILON);
            }
        }
    }
}
