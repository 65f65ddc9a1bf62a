package org.errorprop.methods;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.optim.Sgd;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.Method;
import org.errorprop.framework.signal.MethodContext;
import org.junit.jupiter.api.Test;

/**
 * {@link MethodProvider#stateDoubles}, the bound the memory check before a run uses, holds for what the rules
 * really build: on random shapes, every rule (and the synthesizer variants that add state) keeps no more trainable
 * doubles, each counted {@code copies} times, than its bound says. The control: the bound of a rule without
 * trainable state, applied to a rule with an MLP synthesizer, is caught as too small.
 */
class StateDoublesTest {
    private static final MethodCatalog CATALOG = MethodCatalog.standard();
    private static final Compute COMPUTE = Compute.sequential();

    private static List<ChosenMethod<?>> rules() {
        List<ChosenMethod<?>> rules = new ArrayList<>();
        for (String name : CATALOG.names()) {
            rules.add(CATALOG.choose(name));
        }
        rules.add(CATALOG.choose("sg").with(Map.of("synthesizer", "sigmoid")));
        rules.add(CATALOG.choose("sg").with(Map.of("synthesizer_hidden", "7,5", "sg_at", "all")));
        rules.add(CATALOG.choose("sg").with(Map.of("sg_at", "output")));
        rules.add(CATALOG.choose("csg").with(Map.of("synthesizer", "label-only", "sg_at", "all")));
        rules.add(CATALOG.choose("csg").with(Map.of("sg_at", "all", "synthesizer", "linear")));
        rules.add(CATALOG.choose("sg-prop").with(Map.of("sg_at", "all")));
        return rules;
    }

    /** The trainable doubles of the signals {@code method} places on {@code shape}, output boundary included. */
    private static long trainableDoubles(Method method, NetworkShape shape) {
        MethodContext context = new MethodContext(new RandomStreams(1), new Sgd(0.1, 0), COMPUTE);
        List<ErrorSignal> signals = new ArrayList<>(method.assign(shape, context));
        method.outputSignal(shape, context).ifPresent(signals::add);
        long doubles = 0;
        for (ErrorSignal signal : signals) {
            for (Parameter p : signal.parameters()) {
                doubles += p.value().getNumElements();
            }
        }
        return doubles;
    }

    private static NetworkShape shape(int inputs, int hidden, int depth, int outputs) {
        int[] widths = new int[depth + 2];
        widths[0] = inputs;
        for (int i = 1; i <= depth; i++) {
            widths[i] = hidden + i;  // unequal widths: a bound that mixes up boundaries shows
        }
        widths[depth + 1] = outputs;
        return NetworkShape.of(widths);
    }

    @Test
    void everyRuleKeepsNoMoreThanItsBound() {
        for (ChosenMethod<?> rule : rules()) {
            qt().withExamples(40).forAll(integers().between(1, 40), integers().between(1, 30),
                            integers().between(1, 4), integers().between(2, 12))
                    .checkAssert((inputs, hidden, depth, outputs) -> {
                        NetworkShape shape = shape(inputs, hidden, depth, outputs);
                        long actual = trainableDoubles(rule.create(), shape);
                        for (int copies = 1; copies <= 4; copies++) {
                            long bound = rule.stateDoubles(shape, 1, copies);
                            assertTrue(bound >= copies * actual, rule + " on " + shape.widths() + ": bound " + bound
                                    + " < " + copies + " x " + actual + " trainable doubles");
                        }
                    });
        }
    }

    @Test
    void controlTheBoundOfARuleWithoutStateIsTooSmallForAnMlpSynthesizer() {
        ChosenMethod<?> mlp = CATALOG.choose("sg").with(Map.of("synthesizer_hidden", "40,40", "sg_at", "all"));
        ChosenMethod<?> stateless = CATALOG.choose("backprop");
        NetworkShape shape = shape(20, 30, 3, 10);
        long actual = trainableDoubles(mlp.create(), shape);
        assertTrue(stateless.stateDoubles(shape, 1, 4) < 4 * actual,
                "backprop's bound would let the MLP synthesizers' state through unnoticed");
        assertTrue(mlp.stateDoubles(shape, 1, 4) >= 4 * actual);
    }
}
