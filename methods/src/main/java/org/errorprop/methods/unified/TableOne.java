package org.errorprop.methods.unified;

import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.linalg.Blas;
import org.errorprop.framework.signal.LockingProfile;
import org.errorprop.methods.synthetic.Synthesizer;

/**
 * The columns of the paper's Table 1, each as a {@link ConspiringModuleSignal}, with the table's
 * last three rows as printed (update locked, backward locked, direct error) for comparison with what
 * the signals' needs imply.
 */
public enum TableOne {
    SG(new LockingProfile(false, false, false)),
    SG_PROP(new LockingProfile(true, true, false)),
    BPROP(new LockingProfile(true, true, false)),
    DFA(new LockingProfile(true, false, true)),
    FA(new LockingProfile(true, true, false)),
    KICKBACK(new LockingProfile(true, false, true));

    private final LockingProfile printed;

    TableOne(LockingProfile printed) {
        this.printed = printed;
    }

    /** The last three rows of Table 1 for this column, as the paper prints them. */
    public LockingProfile printedLocking() {
        return printed;
    }

    /** SG: {@code s = SG(h, y)}, {@code t = ∂L/∂h}, {@code ‖t − s‖²}, {@code δ̂ = s}. */
    public static ConspiringModuleSignal sg(Synthesizer synthesizer, boolean conditioned) {
        return new ConspiringModuleSignal(ModuleOutput.synthesizer(synthesizer, conditioned),
                ModuleTarget.UPSTREAM_PULLED_BACK, ModuleLoss.SQUARED_ERROR, 1, 0);
    }

    /** SG+prop: as SG with {@code δ̂ = s + α ∂L_SG/∂h}; {@code outputWeight 0, α 1} is footnote 5. */
    public static ConspiringModuleSignal sgProp(Synthesizer synthesizer, double outputWeight, double alpha) {
        return new ConspiringModuleSignal(ModuleOutput.synthesizer(synthesizer, true),
                ModuleTarget.UPSTREAM_PULLED_BACK, ModuleLoss.SQUARED_ERROR, outputWeight, alpha);
    }

    /** Bprop: {@code s = h}, {@code t = −∂L/∂h}, {@code −⟨t, s⟩}. */
    public static ConspiringModuleSignal bprop() {
        return new ConspiringModuleSignal(ModuleOutput.identity(), ModuleTarget.NEGATIVE_UPSTREAM_PULLED_BACK,
                ModuleLoss.NEGATIVE_INNER_PRODUCT, 0, 1);
    }

    /** DFA: {@code s = hA}, {@code t = −∂L/∂p}, {@code −⟨t, s⟩}; {@code A} is {@code width_k × outputs}. */
    public static ConspiringModuleSignal dfa(DMatrixRMaj a, Blas blas) {
        return new ConspiringModuleSignal(ModuleOutput.fixedLinear(a, blas), ModuleTarget.NEGATIVE_OUTPUT_ERROR,
                ModuleLoss.NEGATIVE_INNER_PRODUCT, 0, 1);
    }

    /** FA: {@code s = hA}, {@code t = −∂L/∂g}, {@code −⟨t, s⟩}; {@code A} has {@code W_{k+1}}'s shape. */
    public static ConspiringModuleSignal fa(DMatrixRMaj a, Blas blas) {
        return new ConspiringModuleSignal(ModuleOutput.fixedLinear(a, blas), ModuleTarget.NEGATIVE_UPSTREAM_PRE_ACTIVATION_ERROR,
                ModuleLoss.NEGATIVE_INNER_PRODUCT, 0, 1);
    }

    /** Kickback: {@code s = h1}, {@code t = −∂L/∂p}, {@code −⟨t, s⟩}, with {@code 1} of shape {@code width_k × outputs}. */
    public static ConspiringModuleSignal kickback(int width, int outputs, Blas blas) {
        DMatrixRMaj ones = new DMatrixRMaj(width, outputs);
        java.util.Arrays.fill(ones.data, 0, ones.getNumElements(), 1.0);
        return dfa(ones, blas);
    }
}
