package org.errorprop.framework.signal;

import java.util.List;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.state.StateNotExportableException;
import org.errorprop.framework.state.StateReader;
import org.errorprop.framework.state.StateWriter;
import org.errorprop.framework.state.Stateful;

/**
 * Produces {@code δ̂_k}, the signal that stands in for {@code ∂L/∂h_k} at one hidden boundary (or for
 * {@code ∂L/∂p} at the output boundary, {@link Method#outputSignal}): the only thing in which propagation
 * rules differ. Local gradients, parameter updates and the training
 * loop are shared by all rules, so a comparison changes this one thing.
 *
 * <p><b>Contract.</b>
 * <ol>
 *   <li>{@link #needs()} is fixed for the life of the object and lists everything
 *       {@link #signal} reads from its {@link Boundary}; reading anything else throws. The
 *       {@link #locking()} profile follows from it (the paper's Table 1, last three rows).</li>
 *   <li>{@link #signal} returns a {@code batch × width_k} matrix, finite wherever its inputs are,
 *       row {@code i} standing for {@code ∂L_i/∂h_k} of example {@code i} (per example, not divided
 *       by the batch size). It may return a workspace it owns, valid until its next call, {@link #learn}
 *       included: the trainer consumes the signal before it lets the rule learn. It never
 *       changes the network, the boundary's matrices or its own state: calling it twice on the same
 *       boundary gives the same numbers.</li>
 *   <li>{@link #learn} is called once per training step, after {@link #signal}, with a boundary
 *       that also grants {@link #learningNeeds()}. Rules with trainable state (synthesizers) update
 *       it here and only here; all other rules do nothing.</li>
 *   <li>All state (feedback matrices, synthesizer weights) is created eagerly, in the constructor,
 *       from a named random stream handed in by the {@link Method}; never lazily, never from a global.</li>
 * </ol>
 */
public interface ErrorSignal extends Stateful {

    /** What {@link #signal} reads. */
    Set<SignalNeed> needs();

    /** What {@link #learn} reads beyond {@link #needs()}; empty for rules that do not learn. */
    default Set<SignalNeed> learningNeeds() {
        return Set.of();
    }

    /** Table 1's locking profile, derived from {@link #needs()}. */
    default LockingProfile locking() {
        return LockingProfile.of(needs());
    }

    /** {@code δ̂_k} for the batch at this boundary. */
    DMatrixRMaj signal(Boundary at);

    /** Fits trainable state to its target; a no-op for rules without state. */
    default void learn(Boundary at) {
    }

    /**
     * The loss of the last {@link #learn} call (a synthesizer's {@code ‖SG − t‖²}, batch mean), for
     * diagnostics; empty for rules that do not learn or have not learned yet.
     */
    default java.util.OptionalDouble learningLoss() {
        return java.util.OptionalDouble.empty();
    }

    /** Trainable state, for reports and checkpoints; empty for most rules. */
    default List<Parameter> parameters() {
        return List.of();
    }

    /**
     * The state {@link #learn} changes, for checkpoints. By default none: right for every rule without
     * {@link #parameters()}; a rule with parameters must export them and its optimiser's state itself, else this
     * refuses ({@link StateNotExportableException}) rather than save a state that would resume wrongly.
     */
    @Override
    default void exportState(StateWriter out) {
        requireNoParameters();
    }

    @Override
    default void importState(StateReader in) {
        requireNoParameters();
    }

    private void requireNoParameters() {
        if (!parameters().isEmpty()) {
            throw new StateNotExportableException("the signal " + getClass().getName() + " has trainable parameters "
                    + "but does not export its state");
        }
    }
}
