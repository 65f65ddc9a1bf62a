package org.errorprop.methods;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.loss.SoftmaxCrossEntropy;
import org.errorprop.framework.loss.SquaredError;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.optim.Sgd;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.methods.contract.FixedBoundary;
import org.errorprop.methods.contract.Rig;
import org.errorprop.methods.feedback.Kickback;
import org.errorprop.methods.shallow.Shallow;
import org.errorprop.methods.synthetic.NetworkSynthesizer;
import org.errorprop.methods.synthetic.SyntheticGradientSignal;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signals whose numbers follow from their definition on one boundary, without a training step around them. */
class SignalsOnAFixedBoundaryTest {
    private static final Compute COMPUTE = Compute.sequential();

    private static final SplittableRandom RANDOM = new SplittableRandom(12);

    @Test
    void shallowsSignalIsZeroEveryTimeEvenAfterTheCallerWroteIntoTheLastOne() {
        NetworkShape shape = new NetworkShape(List.of(3, 4, 2));
        ErrorSignal zero = new Shallow().assign(shape, Rig.context(1, new Sgd(0.1, 0))).get(0);
        FixedBoundary at = new FixedBoundary(1, Rig.uniform(5, 4, RANDOM, 1.0), null);
        DMatrixRMaj first = zero.signal(at);
        assertEquals(5, first.numRows);
        assertEquals(4, first.numCols);
        Arrays.fill(first.data, 0, first.getNumElements(), 3.0);
        assertTrue(Rig.allZero(zero.signal(at)));
    }

    /** With weight w and no propagation, the signal is w · SG(h), entry by entry (one product, exact). */
    @Test
    void aWeightedSyntheticGradientIsTheWeightTimesThePrediction() {
        NetworkSynthesizer linear = new NetworkSynthesizer(3, 0, List.of(), new Sgd(0.1, 0), new RandomStreams(2), COMPUTE);
        for (Parameter p : linear.parameters()) {
            for (int i = 0; i < p.value().getNumElements(); i++) {
                p.value().data[i] = RANDOM.nextDouble(-1, 1);
            }
        }
        FixedBoundary at = new FixedBoundary(1, Rig.uniform(4, 3, RANDOM, 1.0), null);
        DMatrixRMaj prediction = Rig.copy(linear.predict(at.activation(), null));
        DMatrixRMaj weighted = new SyntheticGradientSignal(linear, false, 2.5, 0).signal(at);
        assertTrue(Rig.maxAbs(prediction) > 0);
        for (int i = 0; i < prediction.getNumElements(); i++) {
            assertEquals(2.5 * prediction.data[i], weighted.data[i], 0.0, "entry " + i);
        }
        DMatrixRMaj plain = new SyntheticGradientSignal(linear, false, 1.0, 0).signal(at);
        assertTrue(Rig.identical(prediction, plain));
    }

    @Test
    void kickbacksSignalVanishesUnderSoftmaxCrossEntropyOnly() {
        assertTrue(Kickback.vanishesUnder(new SoftmaxCrossEntropy(), 1));
        assertTrue(Kickback.vanishesUnder(new SoftmaxCrossEntropy(), 10));
        assertEquals(false, Kickback.vanishesUnder(new SquaredError(), 10));
    }
}
