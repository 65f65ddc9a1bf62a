package org.errorprop.methods;

import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.optim.Sgd;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.LockingProfile;
import org.errorprop.framework.signal.Method;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.signal.SignalNeed;
import org.errorprop.framework.training.TrainingStep;
import org.errorprop.methods.signsymmetric.SignSymmetricFeedback;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The README's worked example of adding a rule. Sign-symmetric feedback carries the error with
 * {@code sign(W)·mean|W|}; when every weight of {@code W} has the same magnitude that matrix is
 * {@code W} itself, so the rule must then reproduce backprop bit for bit (the same product of the same
 * numbers) in a step taken from such weights, and differ from it when the magnitudes differ. The
 * magnitude 0.25 is a power of two, so its mean over any number of weights is exact.
 */
class SignSymmetricFeedbackTest {
    private static final Compute COMPUTE = Compute.sequential();


    private static Network network(boolean equalMagnitudes) {
        Network network = new Architecture(5, List.of(4, 3), 2, Activation.TANH, true, false, false,
                Initializer.UNIFORM_FAN_IN).build(new RandomStreams(11), COMPUTE);
        if (equalMagnitudes) {
            for (int k = 2; k <= 3; k++) {
                DMatrixRMaj w = network.block(k).linear().weight().value();
                for (int i = 0; i < w.getNumElements(); i++) {
                    w.data[i] = w.data[i] >= 0 ? 0.25 : -0.25;
                }
            }
        }
        return network;
    }

    private static double[] trainedParameters(Method method, boolean equalMagnitudes) {
        Network network = network(equalMagnitudes);
        Sgd sgd = new Sgd(0.05, 0.0);
        TrainingStep step = new TrainingStep(network, LossFunction.SQUARED_ERROR.loss(), method, sgd,
                new MethodContext(new RandomStreams(3), sgd, COMPUTE));
        RandomGenerator data = new RandomStreams(5).startOf("x");
        DMatrixRMaj x = new DMatrixRMaj(6, 5);
        DMatrixRMaj y = new DMatrixRMaj(6, 2);
        for (int i = 0; i < x.getNumElements(); i++) {
            x.data[i] = data.nextGaussian() + i * 0.01;
        }
        for (int i = 0; i < y.getNumElements(); i++) {
            y.data[i] = Math.sin(i);
        }
        // One step: after it the magnitudes of W are no longer equal.
        step.run(x, y);
        return network.parameters().stream().map(Parameter::value)
                .flatMapToDouble(m -> java.util.Arrays.stream(m.data, 0, m.getNumElements())).toArray();
    }

    @Test
    void withEqualMagnitudesItIsBackprop() {
        assertArrayEquals(trainedParameters(MethodCatalog.standard().create("backprop"), true),
                trainedParameters(new SignSymmetricFeedback(), true));
    }

    @Test
    void withUnequalMagnitudesItIsNotBackprop() {
        assertFalse(java.util.Arrays.equals(trainedParameters(MethodCatalog.standard().create("backprop"), false),
                trainedParameters(new SignSymmetricFeedback(), false)));
    }

    @Test
    void isRegisteredAndLockedLikeFeedbackAlignment() {
        Method method = MethodCatalog.standard().create(SignSymmetricFeedback.NAME);
        var signals = method.assign(network(false).shape(), new MethodContext(new RandomStreams(1), new Sgd(0.1, 0), COMPUTE));
        assertEquals(2, signals.size());
        assertEquals(java.util.Set.of(SignalNeed.UPSTREAM_SIGNAL), signals.get(0).needs());
        assertEquals(new LockingProfile(true, true, false), signals.get(0).locking());
    }
}
