package org.errorprop.methods.unified;

import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.linalg.Blas;
import org.errorprop.framework.linalg.Workspaces;
import org.errorprop.framework.signal.Boundary;
import org.errorprop.framework.signal.SignalNeed;
import org.errorprop.methods.synthetic.Synthesizer;

/**
 * The output {@code s} of Table 1's module at boundary {@code k}: {@code h} (backprop), {@code hA}
 * (FA, DFA, Kickback, with a fixed {@code A}) or {@code SG(h, y)} (the synthetic-gradient columns),
 * together with its vector-Jacobian product {@code v ↦ v ∂s/∂h}.
 */
public interface ModuleOutput {

    /** What computing {@code s} reads. */
    Set<SignalNeed> needs();

    /** What computing {@code v ∂s/∂h} reads (nothing when {@code s} is linear in {@code h}). */
    Set<SignalNeed> pullBackNeeds();

    DMatrixRMaj value(Boundary at);

    /** {@code v ∂s/∂h}; reads only what {@link #pullBackNeeds()} lists. */
    DMatrixRMaj pullBack(Boundary at, DMatrixRMaj v);

    /** {@code s = h}. */
    static ModuleOutput identity() {
        return new LinearInActivation() {

            @Override
            public DMatrixRMaj value(Boundary at) {
                return at.activation();
            }

            @Override
            public DMatrixRMaj pullBack(Boundary at, DMatrixRMaj v) {
                return v;
            }
        };
    }

    /** {@code s = hA} for a fixed {@code A} ({@code width_k × m}), not trained. */
    static ModuleOutput fixedLinear(DMatrixRMaj a, Blas blas) {
        DMatrixRMaj product = new DMatrixRMaj(1, 1);
        DMatrixRMaj pulled = new DMatrixRMaj(1, 1);
        return new LinearInActivation() {

            @Override
            public DMatrixRMaj value(Boundary at) {
                DMatrixRMaj h = at.activation();
                Workspaces.fit(product, h.numRows, a.numCols);
                blas.multiply(h, a, product);
                return product;
            }

            @Override
            public DMatrixRMaj pullBack(Boundary at, DMatrixRMaj v) {
                Workspaces.fit(pulled, v.numRows, a.numRows);
                blas.multiplyTransposeB(v, a, pulled);
                return pulled;
            }
        };
    }

    /** {@code s = SG(h, y)} (or {@code SG(h)} when unconditioned), the synthesizer trained elsewhere. */
    static ModuleOutput synthesizer(Synthesizer synthesizer, boolean conditioned) {
        Set<SignalNeed> needs = conditioned ? Set.of(SignalNeed.OWN_ACTIVATION, SignalNeed.LABEL)
                : Set.of(SignalNeed.OWN_ACTIVATION);
        return new ModuleOutput() {
            @Override
            public Set<SignalNeed> needs() {
                return needs;
            }

            @Override
            public Set<SignalNeed> pullBackNeeds() {
                return needs;
            }

            @Override
            public DMatrixRMaj value(Boundary at) {
                return synthesizer.predict(at.activation(), conditioned ? at.targets() : null);
            }

            @Override
            public DMatrixRMaj pullBack(Boundary at, DMatrixRMaj v) {
                return synthesizer.pullBack(at.activation(), conditioned ? at.targets() : null, v);
            }
        };
    }
}
