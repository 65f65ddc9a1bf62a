package org.errorprop.framework.signal;

import java.util.List;
import org.errorprop.framework.network.NetworkShape;

/**
 * A propagation rule as a whole: it assigns an {@link ErrorSignal} to every hidden boundary, so
 * "a synthesizer only between layers 11 and 12, backprop elsewhere" and "a synthesizer between every
 * pair" are both one assignment.
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
     * Whether block {@code k} (1-based) updates its parameters. True for every block by default; a
     * control such as "only the top layer learns" freezes the others.
     */
    default boolean trainsBlock(int k, NetworkShape shape) {
        return true;
    }
}
