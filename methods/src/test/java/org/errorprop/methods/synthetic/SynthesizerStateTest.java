package org.errorprop.methods.synthetic;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.optim.Sgd;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.methods.contract.Rig;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The synthesizers' state as reports and replays see it: parameter names, the named streams the MLP's hidden
 * layers are drawn from, the signal exposing its synthesizer's parameters, and the label-only form's zero
 * Jacobian whatever a caller did with the last matrix it returned.
 */
class SynthesizerStateTest {
    private static final Compute COMPUTE = Compute.sequential();


    @Test
    void anMlpSynthesizersLayersAreNamedAndDrawnFromTheirOwnStreams() {
        RandomStreams streams = new RandomStreams(8);
        NetworkSynthesizer mlp = new NetworkSynthesizer(3, 2, List.of(4, 5), new Sgd(0.1, 0), streams, COMPUTE);
        List<String> names = mlp.parameters().stream().map(Parameter::name).toList();
        assertEquals(List.of("synthesizer/layer-1/weight", "synthesizer/layer-1/batchnorm/scale",
                "synthesizer/layer-1/batchnorm/shift", "synthesizer/layer-2/weight",
                "synthesizer/layer-2/batchnorm/scale", "synthesizer/layer-2/batchnorm/shift",
                "synthesizer/output/weight", "synthesizer/output/bias"), names);
        for (int layer = 1; layer <= 2; layer++) {
            DMatrixRMaj drawn = mlp.parameters().get(3 * (layer - 1)).value();
            DMatrixRMaj expected = new DMatrixRMaj(drawn.numRows, drawn.numCols);
            Initializer.UNIFORM_FAN_IN.fill(expected, new RandomStreams(8).startOf("synthesizer/layer-" + layer));
            assertTrue(Rig.identical(expected, drawn), "layer " + layer + " is drawn from synthesizer/layer-" + layer);
        }
        assertTrue(Rig.allZero(mlp.parameters().get(6).value()), "the output layer starts at zero");
    }

    @Test
    void aSyntheticGradientSignalExposesItsSynthesizersParameters() {
        NetworkSynthesizer linear = new NetworkSynthesizer(3, 0, List.of(), new Sgd(0.1, 0), new RandomStreams(1), COMPUTE);
        SyntheticGradientSignal signal = new SyntheticGradientSignal(linear, false, 1, 0);
        assertEquals(linear.parameters(), signal.parameters());
        assertEquals(2, signal.parameters().size());
        assertSame(linear, signal.synthesizer());
    }

    /** Zeros of h's shape every time, even after the caller wrote into the previous result. */
    @Test
    void theLabelOnlyFormsJacobianIsZeroEveryTime() {
        LabelOnlySynthesizer s = new LabelOnlySynthesizer(3, 2, new Sgd(0.1, 0), COMPUTE);
        SplittableRandom random = new SplittableRandom(4);
        DMatrixRMaj h = Rig.uniform(4, 3, random, 1.0);
        DMatrixRMaj y = Rig.oneHot(4, 2, random);
        DMatrixRMaj first = s.pullBack(h, y, Rig.uniform(4, 3, random, 1.0));
        Arrays.fill(first.data, 0, first.getNumElements(), 5.0);
        DMatrixRMaj again = s.pullBack(h, y, Rig.uniform(4, 3, random, 1.0));
        assertEquals(4, again.numRows);
        assertEquals(3, again.numCols);
        assertTrue(Rig.allZero(again), "pullBack after a scribble");
        Arrays.fill(again.data, 0, again.getNumElements(), 5.0);
        assertTrue(Rig.allZero(s.lossGradientWrtActivation(h, y, Rig.uniform(4, 3, random, 1.0))),
                "lossGradientWrtActivation after a scribble");
    }
}
