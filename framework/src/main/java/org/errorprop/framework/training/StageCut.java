package org.errorprop.framework.training;

import java.util.ArrayList;
import java.util.List;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.LockingProfile;
import org.errorprop.framework.signal.SignalNeed;

/**
 * Where the pipelined schedule cuts a network into stages: at hidden boundaries whose signal is update unlocked
 * (Table 1: it needs neither the output error nor a signal from above), so that the blocks below can update from
 * it before the layers above have run. Stage {@code s} (from 0) holds blocks {@code first(s) .. last(s)}; the last
 * stage holds the output block and the loss.
 *
 * @param boundaries the cut boundaries, increasing, each in {@code 1 .. blocks-1}
 * @param blocks     the network's number of blocks
 */
public record StageCut(List<Integer> boundaries, int blocks) {

    public StageCut {
        boundaries = List.copyOf(boundaries);
        int previous = 0;
        for (int boundary : boundaries) {
            if (boundary <= previous || boundary >= blocks) {
                throw new InvalidInputException("stage boundaries must increase within 1.." + (blocks - 1)
                        + ", were " + boundaries);
            }
            previous = boundary;
        }
    }

    /**
     * The cut at {@code boundaries}, refused with one line when a boundary's signal is update locked (its block
     * could not update before the layers above ran) or a stage below the top reads the output error.
     */
    public static StageCut at(List<Integer> boundaries, NetworkShape shape, List<ErrorSignal> signals, String method) {
        StageCut cut = new StageCut(boundaries, shape.blocks());
        for (int boundary : cut.boundaries) {
            LockingProfile locking = signals.get(boundary - 1).locking();
            if (locking.updateLocked()) {
                throw new InvalidInputException(method + "'s signal at boundary " + boundary + " is update locked "
                        + "(Table 1), so the pipelined schedule cannot cut there; update-unlocked boundaries: "
                        + unlockedBoundaries(signals));
            }
        }
        for (int k = 1; k < cut.first(cut.stages() - 1); k++) {
            if (signals.get(k - 1).needs().contains(SignalNeed.OUTPUT_ERROR)) {
                throw new InvalidInputException(method + "'s signal at boundary " + k + " reads the output error, "
                        + "which only the top stage has; cut above boundary " + k + " or not at all");
            }
        }
        return cut;
    }

    /**
     * The cut into {@code stages} stages at update-unlocked boundaries that makes the most expensive stage as cheap
     * as possible, {@code blockCost[k-1]} being block {@code k}'s work per step (any unit) and {@code cutCost} the
     * extra work of the stage below a cut (its synthesizer, and the copies to and from the queues).
     */
    public static StageCut balanced(int stages, double[] blockCost, double cutCost, List<ErrorSignal> signals,
                                    String method) {
        return balancedAt(stages, blockCost, cutCost, unlockedBoundaries(signals), method);
    }

    /** As {@link #balanced}, cutting only at {@code candidates} (increasing boundaries). */
    public static StageCut balancedAt(int stages, double[] blockCost, double cutCost, List<Integer> candidates,
                                      String method) {
        int blocks = blockCost.length;
        if (stages < 1) {
            throw new InvalidInputException("the number of stages must be positive, was " + stages);
        }
        if (stages - 1 > candidates.size()) {
            throw new InvalidInputException(method + " has " + candidates.size() + " update-unlocked boundar"
                    + (candidates.size() == 1 ? "y" : "ies") + " " + candidates + ", so it splits into at most "
                    + (candidates.size() + 1) + " stages, not " + stages);
        }
        double[] prefix = new double[blocks + 1];
        for (int k = 1; k <= blocks; k++) {
            prefix[k] = prefix[k - 1] + blockCost[k - 1];
        }
        // best[j][c]: the least possible maximum stage cost when blocks 1..candidates[c] form j stages, the last
        // ending at candidates[c]; a plain dynamic programme over the candidate boundaries.
        int n = candidates.size();
        double[][] best = new double[stages][n];
        int[][] from = new int[stages][n];
        for (int c = 0; c < n; c++) {
            best[0][c] = prefix[candidates.get(c)] + cutCost;
            from[0][c] = -1;
        }
        for (int j = 1; j < stages - 1; j++) {
            for (int c = 0; c < n; c++) {
                best[j][c] = Double.POSITIVE_INFINITY;
                for (int p = 0; p < c; p++) {
                    double stage = prefix[candidates.get(c)] - prefix[candidates.get(p)] + cutCost;
                    double worst = Math.max(best[j - 1][p], stage);
                    if (worst < best[j][c]) {
                        best[j][c] = worst;
                        from[j][c] = p;
                    }
                }
            }
        }
        if (stages == 1) {
            return new StageCut(List.of(), blocks);
        }
        double bestWorst = Double.POSITIVE_INFINITY;
        int last = -1;
        for (int c = 0; c < n; c++) {
            double worst = Math.max(best[stages - 2][c], prefix[blocks] - prefix[candidates.get(c)]);
            if (worst < bestWorst) {
                bestWorst = worst;
                last = c;
            }
        }
        List<Integer> chosen = new ArrayList<>();
        for (int j = stages - 2, c = last; j >= 0; c = from[j][c], j--) {
            chosen.add(0, candidates.get(c));
        }
        return new StageCut(chosen, blocks);
    }

    /** The boundaries whose signal is update unlocked, increasing. */
    public static List<Integer> unlockedBoundaries(List<ErrorSignal> signals) {
        List<Integer> unlocked = new ArrayList<>();
        for (int k = 1; k <= signals.size(); k++) {
            if (!signals.get(k - 1).locking().updateLocked()) {
                unlocked.add(k);
            }
        }
        return unlocked;
    }

    public int stages() {
        return boundaries.size() + 1;
    }

    /** The first block of stage {@code s}. */
    public int first(int s) {
        return s == 0 ? 1 : boundaries.get(s - 1) + 1;
    }

    /** The last block of stage {@code s}. */
    public int last(int s) {
        return s == boundaries.size() ? blocks : boundaries.get(s);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int s = 0; s < stages(); s++) {
            text.append(s == 0 ? "" : " | ").append("blocks ").append(first(s)).append('-').append(last(s));
        }
        return text.toString();
    }
}
