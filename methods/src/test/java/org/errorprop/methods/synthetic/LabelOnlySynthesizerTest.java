package org.errorprop.methods.synthetic;

import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.loss.SquaredError;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.optim.Sgd;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.Method;
import org.errorprop.framework.training.TrainingStep;
import org.errorprop.methods.SgPlacement;
import org.errorprop.methods.SynthesizerKind;
import org.errorprop.methods.contract.Rig;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The label-only synthesizer {@code SG(y) = yB + C} (Supp. Fig. 9 e–h): its prediction, its one fitting
 * step, its zero Jacobian in {@code h}, what it converges to (the per-class mean target), and its wiring
 * into {@code csg} and its rejection by unconditioned {@code sg}.
 */
class LabelOnlySynthesizerTest {
    private static final Compute COMPUTE = Compute.sequential();


    /** Three examples of classes 0, 2, 0 (one-hot over 3 classes), activations of width 2. */
    private static final DMatrixRMaj LABELS = new DMatrixRMaj(new double[][] {{1, 0, 0}, {0, 0, 1}, {1, 0, 0}});
    private static final DMatrixRMaj H = new DMatrixRMaj(new double[][] {{0.3, -1.2}, {2.0, 0.5}, {-0.7, 0.9}});

    @Test
    void predictsTheLabelsRowOfBPlusC() {
        LabelOnlySynthesizer synthesizer = new LabelOnlySynthesizer(2, 3, new Sgd(0.1, 0), COMPUTE);
        assertEquals(List.of("synthesizer/B", "synthesizer/C"),
                synthesizer.parameters().stream().map(p -> p.name()).toList());
        assertTrue(Rig.allZero(synthesizer.predict(H, LABELS)), "zero-initialised");
        DMatrixRMaj b = synthesizer.parameters().get(0).value();
        DMatrixRMaj c = synthesizer.parameters().get(1).value();
        b.setData(new double[] {1, 2, 3, 4, 5, 6});
        c.setData(new double[] {0.5, -0.25});
        DMatrixRMaj prediction = synthesizer.predict(H, LABELS);
        // One-hot rows select a row of B; every sum here is exact in binary floating point.
        double[][] expected = {{1.5, 1.75}, {5.5, 5.75}, {1.5, 1.75}};
        for (int r = 0; r < 3; r++) {
            for (int j = 0; j < 2; j++) {
                assertEquals(expected[r][j], prediction.get(r, j), 0.0);
            }
        }
    }

    /**
     * From zero, one SGD step of rate η on the batch mean of ‖SG − t‖² moves row c of B to
     * {@code (2η/n) Σ_{r in c} t_r} and C to {@code (2η/n) Σ_r t_r}. With η = 0.375, n = 3 these are
     * {@code 0.25 Σ t}: exact for the dyadic targets used, so the comparison is exact.
     */
    @Test
    void oneFittingStepFromZeroIsTheHandDerivedGradientStep() {
        LabelOnlySynthesizer synthesizer = new LabelOnlySynthesizer(2, 3, new Sgd(0.375, 0), COMPUTE);
        DMatrixRMaj target = new DMatrixRMaj(new double[][] {{1, 2}, {-4, 8}, {3, -2}});
        double loss = synthesizer.fit(H, LABELS, target, 1.0);
        assertEquals((1 + 4 + 16 + 64 + 9 + 4) / 3.0, loss, 0.0, "mean ‖0 − t‖² before the step");
        DMatrixRMaj b = synthesizer.parameters().get(0).value();
        DMatrixRMaj c = synthesizer.parameters().get(1).value();
        assertEquals(1.0, b.get(0, 0), 0.0);   // 0.25 (1 + 3)
        assertEquals(0.0, b.get(0, 1), 0.0);   // 0.25 (2 − 2)
        assertEquals(0.0, b.get(1, 0), 0.0);   // class 1 absent
        assertEquals(0.0, b.get(1, 1), 0.0);
        assertEquals(-1.0, b.get(2, 0), 0.0);  // 0.25 (−4)
        assertEquals(2.0, b.get(2, 1), 0.0);   // 0.25 (8)
        assertEquals(0.0, c.get(0, 0), 0.0);   // 0.25 (1 − 4 + 3)
        assertEquals(2.0, c.get(0, 1), 0.0);   // 0.25 (2 + 8 − 2)
    }

    @Test
    void itsJacobianInTheActivationIsZero() {
        LabelOnlySynthesizer synthesizer = new LabelOnlySynthesizer(2, 3, new Sgd(0.1, 0), COMPUTE);
        DMatrixRMaj target = new DMatrixRMaj(new double[][] {{1, 2}, {-4, 8}, {3, -2}});
        for (int s = 0; s < 3; s++) {
            synthesizer.fit(H, LABELS, target, 1.0);
        }
        assertTrue(Rig.maxAbs(synthesizer.predict(H, LABELS)) > 0, "trained away from zero");
        DMatrixRMaj pulled = synthesizer.pullBack(H, LABELS, target);
        assertEquals(3, pulled.numRows);
        assertEquals(2, pulled.numCols);
        assertTrue(Rig.allZero(pulled), "v ∂SG/∂h = 0");
        assertTrue(Rig.allZero(synthesizer.lossGradientWrtActivation(H, LABELS, target)), "∂L_SG/∂h = 0");
    }

    /**
     * Least squares on one-hot labels plus a bias fits each class's mean target. Full-batch SGD on this
     * quadratic contracts the error by at least {@code |1 − ηλ|} per step over the Hessian's non-zero
     * eigenvalues λ (the B/C redundancy is a flat direction that does not change predictions); with η = 0.2
     * and 2000 steps the predictions sit at the class means to well below 1e-9, far above rounding (~1e-15).
     */
    @Test
    void convergesToThePerClassMeanTarget() {
        SplittableRandom random = new SplittableRandom(3);
        int rows = 12;
        DMatrixRMaj labels = new DMatrixRMaj(rows, 3);
        DMatrixRMaj h = Rig.uniform(rows, 2, random, 1.0);
        DMatrixRMaj target = Rig.uniform(rows, 2, random, 1.0);
        double[][] sum = new double[3][2];
        int[] count = new int[3];
        for (int r = 0; r < rows; r++) {
            labels.set(r, r % 3, 1.0);
            count[r % 3]++;
            for (int j = 0; j < 2; j++) {
                sum[r % 3][j] += target.get(r, j);
            }
        }
        LabelOnlySynthesizer synthesizer = new LabelOnlySynthesizer(2, 3, new Sgd(0.2, 0), COMPUTE);
        for (int s = 0; s < 2000; s++) {
            synthesizer.fit(h, labels, target, 1.0);
        }
        DMatrixRMaj prediction = synthesizer.predict(h, labels);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < 2; j++) {
                assertEquals(sum[r % 3][j] / count[r % 3], prediction.get(r, j), 1e-9);
            }
        }
        // The hypothesis "it fits any target" fails when targets differ within a class: the residual stays
        // at the within-class variance, which is positive for these random targets.
        double residual = synthesizer.fit(h, labels, target, 1.0);
        assertTrue(residual > 0.01, "within-class spread cannot be fitted, residual " + residual);
    }

    @Test
    void csgBuildsItAtTheChosenBoundariesAndTrains() {
        SyntheticGradientOptions options = SyntheticGradientOptions.DEFAULTS.withSynthesizer(SynthesizerKind.LABEL_ONLY)
                .withPlacement(SgPlacement.ALL);
        Method csg = SyntheticGradients.conditioned(options);
        List<ErrorSignal> signals = csg.assign(NetworkShape.of(4, 6, 5, 3), Rig.context(7, new Sgd(0.05, 0)));
        assertEquals(2, signals.size());
        for (ErrorSignal signal : signals) {
            SyntheticGradientSignal sg = assertInstanceOf(SyntheticGradientSignal.class, signal);
            assertInstanceOf(LabelOnlySynthesizer.class, sg.synthesizer());
        }

        Network network = new Architecture(4, List.of(6, 5), 3, Activation.RELU, false, true, false,
                Initializer.UNIFORM_FAN_IN).build(new org.errorprop.framework.random.RandomStreams(7), COMPUTE);
        Method method = SyntheticGradients.conditioned(options);
        TrainingStep step = Rig.step(network, new SquaredError(), method, new Sgd(0.05, 0), 7);
        SplittableRandom random = new SplittableRandom(7);
        DMatrixRMaj x = Rig.uniform(8, 4, random, 1.0);
        DMatrixRMaj y = Rig.oneHot(8, 3, random);
        for (int s = 0; s < 3; s++) {
            step.run(x, y);
        }
        Synthesizer first = ((SyntheticGradientSignal) step.signalAt(1)).synthesizer();
        assertTrue(Rig.maxAbs(first.predict(new DMatrixRMaj(8, 6), y)) > 0,
                "after learning, the label-only SG at boundary 1 gives a non-zero signal");
    }

    @Test
    void unconditionedSgRejectsItWithAMessageNamingCsg() {
        Method sg = SyntheticGradients.unconditioned(
                SyntheticGradientOptions.DEFAULTS.withSynthesizer(SynthesizerKind.LABEL_ONLY).withPlacement(SgPlacement.ALL));
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> sg.assign(NetworkShape.of(4, 6, 5, 3), Rig.context(7, new Sgd(0.05, 0))));
        assertTrue(error.getMessage().contains("label-only") && error.getMessage().contains("csg"), error.getMessage());
        assertThrows(InvalidInputException.class, () -> new LabelOnlySynthesizer(4, 0, new Sgd(0.05, 0), COMPUTE));
    }
}
