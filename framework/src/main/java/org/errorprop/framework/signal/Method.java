package org.errorprop.framework.signal;

import java.util.List;
import java.util.Optional;
import org.errorprop.framework.network.NetworkShape;

/**
 * A propagation rule as a whole: it assigns an {@link ErrorSignal} to every hidden boundary, so
 * "a synthesizer only between layers 11 and 12, backprop elsewhere" and "a synthesizer between every
 * pair" are both one assignment; and it may place one at the output boundary too
 * ({@link #outputSignal}).
 */
public interface Method {

    /** The name the CLI and specs use, lower-kebab (e.g. {@code "backprop"}). */
    String name();

    /**
     * One signal per hidden boundary, element {@code k-1} for boundary {@code k}, created eagerly.
     * The list has exactly {@code shape.boundaries()} elements.
     */
    List<ErrorSignal> assign(NetworkShape shape, MethodContext context);

    /**
     * The signal that stands in for {@code ∂L/∂p} at the output boundary, or none (the default): then the
     * output block learns from the true output error, by the chain rule. With one, the output block
     * learns from {@code δ̂_p} instead, the setting of the paper's Theorem 1. At the output a signal may
     * read {@link SignalNeed#OWN_ACTIVATION} ({@code p}), {@link SignalNeed#LABEL} and
     * {@link SignalNeed#OUTPUT_ERROR}, never {@link SignalNeed#UPSTREAM_SIGNAL} (nothing is above). See
     * paper-notes/decisions/ADR-0008-the-output-boundary.md.
     */
    default Optional<ErrorSignal> outputSignal(NetworkShape shape, MethodContext context) {
        return Optional.empty();
    }

    /**
     * Whether block {@code k} (1-based) updates its parameters. True for every block by default; a
     * control such as "only the top layer learns" freezes the others.
     */
    default boolean trainsBlock(int k, NetworkShape shape) {
        return true;
    }
}
