package org.errorprop.framework.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.signal.Boundary;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.SignalNeed;
import org.junit.jupiter.api.Test;

class StageCutTest {

    /** A signal that only declares what it needs: update unlocked (a synthesizer) or locked (backprop-like). */
    private static ErrorSignal signal(boolean unlocked) {
        Set<SignalNeed> needs = unlocked ? Set.of(SignalNeed.OWN_ACTIVATION, SignalNeed.LABEL)
                : Set.of(SignalNeed.UPSTREAM_SIGNAL);
        return new ErrorSignal() {
            @Override
            public Set<SignalNeed> needs() {
                return needs;
            }

            @Override
            public DMatrixRMaj signal(Boundary at) {
                throw new UnsupportedOperationException();
            }
        };
    }

    /** The most expensive stage of {@code cut}, as {@link StageCut#balanced} weighs it. */
    private static double worstStage(StageCut cut, double[] cost, double cutCost) {
        double worst = 0;
        for (int s = 0; s < cut.stages(); s++) {
            double stage = s + 1 < cut.stages() ? cutCost : 0;
            for (int k = cut.first(s); k <= cut.last(s); k++) {
                stage += cost[k - 1];
            }
            worst = Math.max(worst, stage);
        }
        return worst;
    }

    /** Every way to pick {@code stages - 1} of {@code candidates}: the brute force the dynamic programme must match. */
    private static double bruteForce(List<Integer> candidates, int stages, int blocks, double[] cost, double cutCost) {
        double best = Double.POSITIVE_INFINITY;
        int n = candidates.size();
        for (int mask = 0; mask < (1 << n); mask++) {
            if (Integer.bitCount(mask) != stages - 1) {
                continue;
            }
            List<Integer> chosen = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if ((mask & (1 << i)) != 0) {
                    chosen.add(candidates.get(i));
                }
            }
            best = Math.min(best, worstStage(new StageCut(chosen, blocks), cost, cutCost));
        }
        return best;
    }

    @Test
    void theBalancedCutIsAsGoodAsTheBestOfEveryCutAtUnlockedBoundaries() {
        qt().withExamples(300).forAll(integers().between(2, 12), integers().between(1, 5), longs().all())
                .checkAssert((blocks, stages, seed) -> {
                    Random random = new Random(seed);
                    double[] cost = new double[blocks];
                    for (int k = 0; k < blocks; k++) {
                        cost[k] = 1 + random.nextInt(100);
                    }
                    List<ErrorSignal> signals = new ArrayList<>();
                    List<Integer> unlocked = new ArrayList<>();
                    for (int k = 1; k < blocks; k++) {
                        boolean open = random.nextBoolean();
                        signals.add(signal(open));
                        if (open) {
                            unlocked.add(k);
                        }
                    }
                    double cutCost = random.nextInt(20);
                    if (stages - 1 > unlocked.size()) {
                        assertThrows(InvalidInputException.class,
                                () -> StageCut.balanced(stages, cost, cutCost, signals, "m"));
                        return;
                    }
                    StageCut cut = StageCut.balanced(stages, cost, cutCost, signals, "m");
                    assertEquals(stages, cut.stages());
                    assertTrue(unlocked.containsAll(cut.boundaries()), "cuts only where unlocked: " + cut);
                    assertEquals(bruteForce(unlocked, stages, blocks, cost, cutCost), worstStage(cut, cost, cutCost),
                            1e-9, cut.toString());
                });
    }

    @Test
    void theControlAnUnbalancedCutIsWorseAndTheCheckSeesIt() {
        double[] cost = {10, 10, 10, 10};
        List<ErrorSignal> signals = List.of(signal(true), signal(true), signal(true));
        StageCut balanced = StageCut.balanced(2, cost, 0, signals, "m");
        assertEquals(List.of(2), balanced.boundaries());
        assertTrue(worstStage(new StageCut(List.of(1), 4), cost, 0) > worstStage(balanced, cost, 0));
    }

    @Test
    void aCutAtALockedBoundaryIsRefusedNamingTheUnlockedOnes() {
        List<ErrorSignal> signals = List.of(signal(false), signal(true), signal(false));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> StageCut.at(List.of(1), NetworkShape.of(2, 3, 3, 3, 2), signals, "csg"));
        assertEquals("csg's signal at boundary 1 is update locked (Table 1), so the pipelined schedule cannot cut "
                + "there; update-unlocked boundaries: [2]", e.getMessage());
        assertEquals("blocks 1-2 | blocks 3-4", StageCut.at(List.of(2), NetworkShape.of(2, 3, 3, 3, 2), signals, "csg")
                .toString());
    }

    @Test
    void boundariesOutOfOrderOrRangeAreRefused() {
        assertThrows(InvalidInputException.class, () -> new StageCut(List.of(2, 1), 4));
        assertThrows(InvalidInputException.class, () -> new StageCut(List.of(4), 4));
        assertThrows(InvalidInputException.class, () -> new StageCut(List.of(0), 4));
    }
}
