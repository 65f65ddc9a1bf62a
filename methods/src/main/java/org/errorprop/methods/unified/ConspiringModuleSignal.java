package org.errorprop.methods.unified;

import java.util.EnumSet;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.linalg.Workspaces;
import org.errorprop.framework.signal.Boundary;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.SignalNeed;

/**
 * The paper's §6 "SG and conspiring networks" form of every rule: a module with output {@code s},
 * target {@code t} and loss {@code L_SG(t, s)}, and the signal
 * {@code δ̂ = λ s + α ∂L_SG/∂h} with {@code t} held constant. Table 1's columns are instances (see
 * {@link TableOne}); their direct implementations elsewhere must give the same {@code δ̂}, which the
 * property tests check. What the signal reads, and so its locking profile, follows from the parts:
 * {@code s} is read when {@code λ ≠ 0} or the loss depends on it, {@code t} when {@code α ≠ 0}.
 */
public final class ConspiringModuleSignal implements ErrorSignal {
    private final ModuleOutput output;
    private final ModuleTarget target;
    private final ModuleLoss loss;
    private final double outputWeight;
    private final double lossGradientWeight;
    private final Set<SignalNeed> needs;
    private final DMatrixRMaj lossGradient = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj signal = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj outputPart = new DMatrixRMaj(1, 1);

    /**
     * @param outputWeight       λ: 1 for the SG columns (the module's output is the signal), 0 elsewhere
     * @param lossGradientWeight α: 0 for plain SG, the SG+prop scale, 1 for the non-SG columns
     */
    public ConspiringModuleSignal(ModuleOutput output, ModuleTarget target, ModuleLoss loss, double outputWeight,
                                  double lossGradientWeight) {
        if (outputWeight == 0 && lossGradientWeight == 0) {
            throw new IllegalArgumentException("λ and α are both zero: the signal would be identically zero");
        }
        this.output = output;
        this.target = target;
        this.loss = loss;
        this.outputWeight = outputWeight;
        this.lossGradientWeight = lossGradientWeight;
        EnumSet<SignalNeed> set = EnumSet.noneOf(SignalNeed.class);
        if (readsOutput()) {
            set.addAll(output.needs());
        }
        if (lossGradientWeight != 0) {
            set.addAll(target.needs());
            set.addAll(output.pullBackNeeds());
        }
        this.needs = Set.copyOf(set);
    }

    private boolean readsOutput() {
        return outputWeight != 0 || (lossGradientWeight != 0 && loss.readsOutput());
    }

    @Override
    public Set<SignalNeed> needs() {
        return needs;
    }

    @Override
    public DMatrixRMaj signal(Boundary at) {
        DMatrixRMaj s = readsOutput() ? output.value(at) : null;
        int rows = at.batchSize();
        if (lossGradientWeight == 0) {
            Workspaces.fit(signal, s.numRows, s.numCols);
            for (int i = 0, n = s.getNumElements(); i < n; i++) {
                signal.data[i] = outputWeight * s.data[i];
            }
            return signal;
        }
        DMatrixRMaj raw = target.raw(at);
        double sign = target.sign();
        Workspaces.fit(lossGradient, rows, raw.numCols);
        for (int i = 0, n = raw.getNumElements(); i < n; i++) {
            lossGradient.data[i] = loss.derivative(s == null ? 0.0 : s.data[i], sign * raw.data[i]);
        }
        // Keep λ s before the pull-back: a module may reuse the workspace that held s.
        if (outputWeight != 0) {
            Workspaces.fit(outputPart, s.numRows, s.numCols);
            for (int i = 0, n = s.getNumElements(); i < n; i++) {
                outputPart.data[i] = outputWeight * s.data[i];
            }
        }
        DMatrixRMaj pulled = output.pullBack(at, lossGradient);
        Workspaces.fit(signal, pulled.numRows, pulled.numCols);
        for (int i = 0, n = pulled.getNumElements(); i < n; i++) {
            signal.data[i] = lossGradientWeight * pulled.data[i] + (outputWeight != 0 ? outputPart.data[i] : 0.0);
        }
        return signal;
    }
}
