package org.errorprop.methods.synthetic;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.loss.SquaredError;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.network.Mode;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.optim.Sgd;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.LockingProfile;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.signal.SignalNeed;
import org.errorprop.framework.training.TrainingStep;
import org.errorprop.methods.SgPlacement;
import org.errorprop.methods.SynthesizerKind;
import org.errorprop.methods.backprop.BackpropSignal;
import org.errorprop.methods.unified.TableOne;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A synthesizer at the output boundary ({@code --sg-at output}, Theorem 1's setting; ADR-0008): placed
 * there and nowhere else, unlocked like Table 1's SG column, trained on {@code ∂L/∂p}, and what the top
 * block learns from.
 */
class OutputSynthesizerTest {
    private static final Compute COMPUTE = Compute.sequential();

    private static final Architecture DEEP_LINEAR = new Architecture(3, List.of(4, 4), 2, Activation.IDENTITY, true,
            false, false, Initializer.SEMI_ORTHOGONAL);
    private static final Loss LOSS = new SquaredError();
    private static final int BATCH = 7;

    private static SyntheticGradients csgAt(SgPlacement placement) {
        return SyntheticGradients.conditioned(SyntheticGradientOptions.DEFAULTS.withSynthesizer(SynthesizerKind.LINEAR)
                .withPlacement(placement));
    }

    private static MethodContext context() {
        return new MethodContext(new RandomStreams(3), new Sgd(0.1, 0), COMPUTE);
    }

    @Test
    void outputIsAPlacementThatReadsBackAndCoversNoHiddenBoundary() {
        assertEquals(SgPlacement.OUTPUT, SgPlacement.parse(" output "));
        assertEquals("output", SgPlacement.OUTPUT.text());
        assertTrue(SgPlacement.OUTPUT.includesOutput());
        for (int k = 1; k <= 3; k++) {
            assertFalse(SgPlacement.OUTPUT.includes(k, 3));
        }
        for (SgPlacement other : List.of(SgPlacement.LAST_HIDDEN, SgPlacement.ALL, SgPlacement.at(List.of(1)))) {
            assertFalse(other.includesOutput(), other.text());
        }
    }

    @Test
    void theSynthesizerSitsAtTheOutputOnlyAndLeavesTheOutputBlockUnlocked() {
        NetworkShape shape = DEEP_LINEAR.shape();
        SyntheticGradients atOutput = csgAt(SgPlacement.OUTPUT);
        for (ErrorSignal hidden : atOutput.assign(shape, context())) {
            assertInstanceOf(BackpropSignal.class, hidden);
        }
        ErrorSignal output = atOutput.outputSignal(shape, context()).orElseThrow();
        assertEquals(EnumSet.of(SignalNeed.OWN_ACTIVATION, SignalNeed.LABEL), EnumSet.copyOf(output.needs()));
        assertEquals(Set.of(SignalNeed.OUTPUT_ERROR), output.learningNeeds());
        assertEquals(TableOne.SG.printedLocking(), output.locking());
        assertFalse(output.locking().updateLocked());
        // the chain rule at the output, for comparison, reads ∂L/∂p: update locked
        assertTrue(LockingProfile.of(Set.of(SignalNeed.OUTPUT_ERROR)).updateLocked());
        // SG+prop at the output needs its target to produce the signal: locked
        ErrorSignal prop = SyntheticGradients.withPropagation(SyntheticGradientOptions.DEFAULTS
                .withSynthesizer(SynthesizerKind.LINEAR).withPlacement(SgPlacement.OUTPUT))
                .outputSignal(shape, context()).orElseThrow();
        assertTrue(prop.needs().contains(SignalNeed.OUTPUT_ERROR));
        // every other placement leaves the output to the chain rule
        for (SgPlacement other : List.of(SgPlacement.LAST_HIDDEN, SgPlacement.ALL)) {
            assertTrue(csgAt(other).outputSignal(shape, context()).isEmpty(), other.text());
        }
    }

    /**
     * Step 1: the zero-initialised synthesizer gives {@code δ̂_p = 0}, so no block moves (SGD without decay),
     * and it fits {@code ∂L/∂p}: its loss is {@code mean_i ‖∂L_i/∂p_i‖²}. Step 2: it predicts something, and
     * the blocks move. A synthesizer fitted to anything else (here: the truth doubled) would report another loss.
     */
    @Test
    void theTopBlockLearnsFromTheSynthesizerAndTheSynthesizerFromTheOutputError() {
        Network network = DEEP_LINEAR.build(new RandomStreams(4), COMPUTE);
        TrainingStep step = new TrainingStep(network, LOSS, csgAt(SgPlacement.OUTPUT), new Sgd(0.1, 0), context());
        SplittableRandom random = new SplittableRandom(5);
        DMatrixRMaj x = new DMatrixRMaj(BATCH, 3);
        DMatrixRMaj y = new DMatrixRMaj(BATCH, 2);
        for (int i = 0; i < BATCH; i++) {
            for (int j = 0; j < 3; j++) {
                x.set(i, j, random.nextDouble(-1, 1));
            }
            y.set(i, i % 2, 1.0);
        }
        DMatrixRMaj p = network.forward(x, Mode.EVAL).copy();
        DMatrixRMaj g = new DMatrixRMaj(BATCH, 2);
        LOSS.outputError(p, y, g);
        double truthSquares = 0;
        for (double v : g.data) {
            truthSquares += v * v;
        }
        List<DMatrixRMaj> before = values(network);

        step.run(x, y);
        assertTrue(identical(before, values(network)), "a zero synthetic gradient moved a block");
        double loss = step.outputSignal().orElseThrow().learningLoss().orElseThrow();
        // the same squares summed in another order: a few ulps of a sum of 14 terms
        assertEquals(truthSquares / BATCH, loss, 1e-15 * truthSquares);
        assertNotEquals(4 * truthSquares / BATCH, loss, 1e-3 * truthSquares);

        step.run(x, y);
        assertFalse(identical(before, values(network)), "the synthesizer's gradient moved nothing");
    }

    private static boolean identical(List<DMatrixRMaj> a, List<DMatrixRMaj> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!java.util.Arrays.equals(a.get(i).data, b.get(i).data)) {
                return false;
            }
        }
        return true;
    }

    private static List<DMatrixRMaj> values(Network network) {
        List<DMatrixRMaj> values = new ArrayList<>();
        for (Parameter parameter : network.parameters()) {
            values.add(parameter.value().copy());
        }
        return values;
    }
}
