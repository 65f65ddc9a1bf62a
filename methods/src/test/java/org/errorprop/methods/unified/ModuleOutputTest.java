package org.errorprop.methods.unified;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.optim.Sgd;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.SignalNeed;
import org.errorprop.methods.contract.FixedBoundary;
import org.errorprop.methods.contract.Rig;
import org.errorprop.methods.synthetic.NetworkSynthesizer;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each module output reads, for its value and for its pull-back, and the values of the fixed ones. */
class ModuleOutputTest {
    private static final Compute COMPUTE = Compute.sequential();

    private static final SplittableRandom RANDOM = new SplittableRandom(5);

    @Test
    void theIdentityReadsTheActivationAndPullsBackUnchanged() {
        ModuleOutput identity = ModuleOutput.identity();
        FixedBoundary at = new FixedBoundary(1, Rig.uniform(3, 2, RANDOM, 1.0), null);
        assertEquals(Set.of(SignalNeed.OWN_ACTIVATION), identity.needs());
        assertEquals(Set.of(), identity.pullBackNeeds());
        assertSame(at.activation(), identity.value(at));
        DMatrixRMaj v = Rig.uniform(3, 2, RANDOM, 1.0);
        assertSame(v, identity.pullBack(at, v));
    }

    /** {@code hA} and {@code v Aᵀ} with entries that are small integers: every product and sum is exact. */
    @Test
    void aFixedLinearOutputIsTheProductWithItsMatrix() {
        DMatrixRMaj a = new DMatrixRMaj(new double[][] {{1, 2, 0}, {-1, 3, 1}});
        ModuleOutput linear = ModuleOutput.fixedLinear(a, COMPUTE.blas());
        assertEquals(Set.of(SignalNeed.OWN_ACTIVATION), linear.needs());
        assertEquals(Set.of(), linear.pullBackNeeds());
        FixedBoundary at = new FixedBoundary(1, new DMatrixRMaj(new double[][] {{2, 1}, {0, -1}}), null);
        DMatrixRMaj value = linear.value(at);
        assertTrue(Rig.identical(new DMatrixRMaj(new double[][] {{1, 7, 1}, {1, -3, -1}}), value), value.toString());
        DMatrixRMaj pulled = linear.pullBack(at, new DMatrixRMaj(new double[][] {{1, 0, 1}, {0, 1, 0}}));
        assertTrue(Rig.identical(new DMatrixRMaj(new double[][] {{1, 0}, {2, 3}}), pulled), pulled.toString());
    }

    @Test
    void aSynthesizerOutputReadsTheLabelsOnlyWhenConditioned() {
        NetworkSynthesizer synthesizer = new NetworkSynthesizer(2, 2, List.of(), new Sgd(0.1, 0), new RandomStreams(3), COMPUTE);
        ModuleOutput conditioned = ModuleOutput.synthesizer(synthesizer, true);
        assertEquals(Set.of(SignalNeed.OWN_ACTIVATION, SignalNeed.LABEL), conditioned.needs());
        assertEquals(Set.of(SignalNeed.OWN_ACTIVATION, SignalNeed.LABEL), conditioned.pullBackNeeds());
        NetworkSynthesizer unconditionedSynthesizer = new NetworkSynthesizer(2, 0, List.of(), new Sgd(0.1, 0),
                new RandomStreams(3), COMPUTE);
        ModuleOutput unconditioned = ModuleOutput.synthesizer(unconditionedSynthesizer, false);
        assertEquals(Set.of(SignalNeed.OWN_ACTIVATION), unconditioned.needs());
        assertEquals(Set.of(SignalNeed.OWN_ACTIVATION), unconditioned.pullBackNeeds());
    }
}
