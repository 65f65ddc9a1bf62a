package org.errorprop.proofs.statements;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.errorprop.methods.unified.TableOne;
import org.errorprop.proofs.Verdict;
import org.errorprop.proofs.statements.TableOneColumnsAgreeWithDirectRules.Recipe;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Table 1 over generated networks (1–3 hidden layers of width 2–8, flags for BatchNorm, biases, tanh/ReLU,
 * softmax/squared error, batches of 2–6, α among 0.05, 0.5, 1, 2.75). Fixed seed; {@code -DQT_SEED},
 * {@code -DQT_EXAMPLES}.
 */
class TableOneColumnsAgreeWithDirectRulesProperties {
    private static final TableOneColumnsAgreeWithDirectRules CHECK = new TableOneColumnsAgreeWithDirectRules();
    private static final long SEED = Long.getLong("QT_SEED", 0x7AB1E_1L);
    private static final int EXAMPLES = Integer.getInteger("QT_EXAMPLES", 100);

    /** {@code flags} bits: 1 hidden BatchNorm, 2 output BatchNorm, 4 biases, 8 tanh, 16 softmax. */
    static Gen<Recipe> recipes() {
        Gen<List<Integer>> hidden = integers().between(1, 3)
                .flatMap(depth -> lists().of(integers().between(2, 8)).ofSize(depth));
        return hidden.zip(integers().between(1, 5), integers().between(1, 4), integers().between(0, 31),
                integers().between(0, 4 * 5 - 1), (h, in, out, flags, batchAndAlpha) -> new long[] {
                        in, out, flags, batchAndAlpha, h.size(), h.get(0), h.size() > 1 ? h.get(1) : 0,
                        h.size() > 2 ? h.get(2) : 0}).zip(longs().all(), (p, seed) -> {
                            List<Integer> widths = new java.util.ArrayList<>();
                            for (int i = 0; i < p[4]; i++) {
                                widths.add((int) p[5 + i]);
                            }
                            int flags = (int) p[2];
                            boolean softmax = (flags & 16) != 0;
                            int outputs = softmax ? Math.max(2, (int) p[1]) : (int) p[1];
                            return new Recipe(seed, (int) p[0], widths, outputs, (flags & 1) != 0, (flags & 2) != 0,
                                    (flags & 4) != 0, (flags & 8) != 0, softmax, 2 + (int) (p[3] % 5),
                                    TableOneColumnsAgreeWithDirectRules.ALPHAS[(int) (p[3] / 5)], TableOne.FA, 0);
                        });
    }

    @Test
    void everyColumnsUnifiedFormGivesTheDirectRulesSignalAndItsPrintedLocking() {
        AtomicInteger nonTrivial = new AtomicInteger();
        double[] worst = {Double.POSITIVE_INFINITY};
        qt().withFixedSeed(SEED).withExamples(EXAMPLES).withShrinkCycles(20).forAll(recipes()).checkAssert(r -> {
            Verdict v = CHECK.check(r);
            assertTrue(v.holds(), v::toString);
            worst[0] = Math.min(worst[0], v.margin());
            if (v.numbers().get("bprop.largestSignal") > 1e-9 && v.numbers().get("sg_prop.largestSignal") > 1e-9) {
                nonTrivial.incrementAndGet();
            }
        });
        // The comparison must not be vacuous: most examples compare non-zero signals.
        assertTrue(nonTrivial.get() * 2 >= EXAMPLES, nonTrivial + " of " + EXAMPLES + " examples had non-zero signals");
        System.out.println("table-1: worst margin (log10 slack) over " + EXAMPLES + " recipes: " + worst[0]);
    }
}
