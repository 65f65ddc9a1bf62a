package org.errorprop.methods;

import java.util.Objects;
import java.util.function.Function;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.signal.Method;
import org.errorprop.methods.options.OptionsDescriptor;

/**
 * A rule announcing itself to {@link MethodCatalog} through {@link java.util.ServiceLoader}: its name,
 * its options and a factory. A jar lists its providers, one class name a line, in
 * {@code META-INF/services/org.errorprop.methods.MethodProvider}; a provider needs a public no-argument
 * constructor. {@link Of} is the usual way to write one.
 *
 * @param <O> the rule's options record
 */
public interface MethodProvider<O> {

    /** The rule's name on the command line and in specs, lower kebab case. */
    String name();

    /** The rule's keys, defaults and record. */
    OptionsDescriptor<O> options();

    /** A fresh method with these options. */
    Method create(O options);

    /**
     * An upper bound on the doubles a method of these options holds when it trains a network of {@code shape} in
     * batches of at most {@code rows} rows: its matrices, each trainable one {@code copiesPerParameter} times
     * (value, gradient and the optimiser's moments), and its workspaces. It lets a run be refused before it is
     * built when it cannot fit in memory. The default covers a rule that keeps, per hidden boundary k, one fixed
     * matrix of {@code W_{k+1}}'s or of the output's shape, whichever is larger, and four workspaces of a batch
     * (feedback alignment, DFA); a rule with trainable state overrides it.
     */
    default long stateDoubles(O options, NetworkShape shape, int rows, int copiesPerParameter) {
        long doubles = (long) rows * shape.outputWidth();
        for (int k = 1; k <= shape.boundaries(); k++) {
            long width = shape.boundaryWidth(k);
            doubles += width * Math.max(shape.widths().get(k + 1), shape.outputWidth()) + 4L * rows * width;
        }
        return doubles;
    }

    /** A provider made of its three parts; a rule's provider extends it with a no-argument constructor. */
    abstract class Of<O> implements MethodProvider<O> {
        private final String name;
        private final OptionsDescriptor<O> options;
        private final Function<O, Method> factory;

        protected Of(String name, OptionsDescriptor<O> options, Function<O, Method> factory) {
            this.name = Objects.requireNonNull(name);
            this.options = Objects.requireNonNull(options);
            this.factory = Objects.requireNonNull(factory);
        }

        @Override
        public final String name() {
            return name;
        }

        @Override
        public final OptionsDescriptor<O> options() {
            return options;
        }

        @Override
        public final Method create(O chosen) {
            return factory.apply(chosen);
        }
    }
}
