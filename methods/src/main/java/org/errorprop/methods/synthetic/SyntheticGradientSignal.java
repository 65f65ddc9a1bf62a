package org.errorprop.methods.synthetic;

import java.util.EnumSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.linalg.Workspaces;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.signal.Boundary;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.SignalNeed;
import org.errorprop.framework.state.StateReader;
import org.errorprop.framework.state.StateWriter;

/**
 * {@code δ̂_k = λ SG(h_k, y) + α ∂L_SG/∂h_k} with {@code L_SG = ‖t − SG(h_k, y)‖²} and the target
 * {@code t} of {@link SynthesizerTarget}: at a hidden boundary {@code δ̂_{k+1} ∂h_{k+1}/∂h_k}, the true
 * gradient when the layer above is on backprop, the bootstrapped one when it has its own synthesizer; at
 * the output boundary {@code ∂L/∂p} (Theorem 1's setting).
 *
 * <ul>
 *   <li>SG / cSG: {@code λ = 1, α = 0}. Needs only {@code h_k} (and {@code y}): update and backward
 *       unlocked (Table 1, column SG); the target is needed only to learn.</li>
 *   <li>SG+prop: {@code λ = 1, α > 0}. {@code ∂L_SG/∂h} needs the target, so the signal waits for the
 *       layer above: locked (Table 1, column SG+prop).</li>
 *   <li>Footnote 5, "only ∂L_SG/∂h": {@code λ = 0, α = 1}.</li>
 * </ul>
 */
public final class SyntheticGradientSignal implements ErrorSignal {
    private final Synthesizer synthesizer;
    private final boolean conditioned;
    private final double predictionWeight;
    private final double propagationScale;
    private final SynthesizerTarget target;
    private final Set<SignalNeed> needs;
    private final DMatrixRMaj combined = new DMatrixRMaj(1, 1);
    private double lastLoss = Double.NaN;

    /** At a hidden boundary: the target is the upstream signal pulled back. */
    public SyntheticGradientSignal(Synthesizer synthesizer, boolean conditioned, double predictionWeight,
                                   double propagationScale) {
        this(synthesizer, conditioned, predictionWeight, propagationScale, SynthesizerTarget.PULLED_BACK);
    }

    public SyntheticGradientSignal(Synthesizer synthesizer, boolean conditioned, double predictionWeight,
                                   double propagationScale, SynthesizerTarget target) {
        this.synthesizer = synthesizer;
        this.conditioned = conditioned;
        this.predictionWeight = predictionWeight;
        this.propagationScale = propagationScale;
        this.target = target;
        EnumSet<SignalNeed> set = EnumSet.of(SignalNeed.OWN_ACTIVATION);
        if (conditioned) {
            set.add(SignalNeed.LABEL);
        }
        if (propagationScale != 0) {
            set.add(target.need());
        }
        this.needs = Set.copyOf(set);
    }

    public Synthesizer synthesizer() {
        return synthesizer;
    }

    @Override
    public Set<SignalNeed> needs() {
        return needs;
    }

    @Override
    public Set<SignalNeed> learningNeeds() {
        return Set.of(target.need());
    }

    private DMatrixRMaj labels(Boundary at) {
        return conditioned ? at.targets() : null;
    }

    @Override
    public DMatrixRMaj signal(Boundary at) {
        DMatrixRMaj h = at.activation();
        if (propagationScale == 0) {
            DMatrixRMaj prediction = synthesizer.predict(h, labels(at));
            if (predictionWeight == 1.0) {
                return prediction;
            }
            return scaled(prediction, predictionWeight, null, 0);
        }
        DMatrixRMaj gradient = synthesizer.lossGradientWrtActivation(h, labels(at), target.read(at));
        Workspaces.fit(combined, gradient.numRows, gradient.numCols);
        System.arraycopy(gradient.data, 0, combined.data, 0, gradient.getNumElements());
        if (predictionWeight == 0) {
            return scaled(combined, propagationScale, null, 0);
        }
        DMatrixRMaj prediction = synthesizer.predict(h, labels(at));
        return scaled(combined, propagationScale, prediction, predictionWeight);
    }

    /** {@code combined = s1 · m1 + s2 · m2} (m2 optional); {@code m1} may be {@code combined} itself. */
    private DMatrixRMaj scaled(DMatrixRMaj m1, double s1, DMatrixRMaj m2, double s2) {
        Workspaces.fit(combined, m1.numRows, m1.numCols);
        for (int i = 0, n = m1.getNumElements(); i < n; i++) {
            combined.data[i] = s1 * m1.data[i] + (m2 == null ? 0.0 : s2 * m2.data[i]);
        }
        return combined;
    }

    @Override
    public void learn(Boundary at) {
        lastLoss = synthesizer.fit(at.activation(), labels(at), target.read(at), at.learningRateFactor());
    }

    @Override
    public OptionalDouble learningLoss() {
        return Double.isNaN(lastLoss) ? OptionalDouble.empty() : OptionalDouble.of(lastLoss);
    }

    @Override
    public List<Parameter> parameters() {
        return synthesizer.parameters();
    }

    /** The synthesizer's state: what {@link #learn} changes. */
    @Override
    public void exportState(StateWriter out) {
        synthesizer.exportState(out.under("synthesizer"));
    }

    @Override
    public void importState(StateReader in) {
        synthesizer.importState(in.under("synthesizer"));
    }
}
