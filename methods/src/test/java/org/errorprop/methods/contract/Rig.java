package org.errorprop.methods.contract;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiPredicate;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.optim.OptimizerSpec;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.Boundary;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.Method;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.signal.SignalNeed;
import org.errorprop.framework.training.TrainingStep;
import org.opentest4j.AssertionFailedError;

/**
 * Shared test plumbing for the propagation-rule tests: matrices, bitwise comparison, parameter
 * snapshots, ad-hoc {@link Method}s and a {@link Boundary} that grants a subset of what the trainer
 * granted. Not a test class itself.
 */
public final class Rig {
    private static final Compute COMPUTE = Compute.sequential();

    /** Machine epsilon of float64, {@code 2^-52}: the spacing of doubles at 1. */
    public static final double EPS = Math.ulp(1.0);

    private Rig() {
    }

    /** A signal for boundary {@code k}. */
    @FunctionalInterface
    public interface PerBoundary {
        ErrorSignal at(int k, NetworkShape shape, MethodContext context);
    }

    public static Method method(String name, PerBoundary perBoundary) {
        return method(name, perBoundary, (k, shape) -> true);
    }

    public static Method method(String name, PerBoundary perBoundary, BiPredicate<Integer, NetworkShape> trains) {
        return new Method() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<ErrorSignal> assign(NetworkShape shape, MethodContext context) {
                List<ErrorSignal> signals = new ArrayList<>();
                for (int k = 1; k <= shape.boundaries(); k++) {
                    signals.add(perBoundary.at(k, shape, context));
                }
                return signals;
            }

            @Override
            public boolean trainsBlock(int k, NetworkShape shape) {
                return trains.test(k, shape);
            }
        };
    }

    /** The method context every test uses: streams below {@code "method"} of the seed. */
    public static MethodContext context(long seed, OptimizerSpec signalOptimizer) {
        return new MethodContext(new RandomStreams(seed).child("method"), signalOptimizer, COMPUTE);
    }

    public static TrainingStep step(Network network, Loss loss, Method method, OptimizerSpec optimizer, long seed) {
        return new TrainingStep(network, loss, method, optimizer,
                new MethodContext(new RandomStreams(seed).child("method"), optimizer, network.compute()));
    }

    public static DMatrixRMaj uniform(int rows, int cols, SplittableRandom random, double bound) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < rows * cols; i++) {
            m.data[i] = (2 * random.nextDouble() - 1) * bound;
        }
        return m;
    }

    public static DMatrixRMaj oneHot(int rows, int classes, SplittableRandom random) {
        DMatrixRMaj y = new DMatrixRMaj(rows, classes);
        for (int r = 0; r < rows; r++) {
            y.set(r, random.nextInt(classes), 1.0);
        }
        return y;
    }

    /** A copy holding exactly {@code numRows × numCols} elements (signals may be larger workspaces). */
    public static DMatrixRMaj copy(DMatrixRMaj m) {
        DMatrixRMaj c = new DMatrixRMaj(m.numRows, m.numCols);
        System.arraycopy(m.data, 0, c.data, 0, m.getNumElements());
        return c;
    }

    /** Same shape and the same bits in every element. */
    public static boolean identical(DMatrixRMaj a, DMatrixRMaj b) {
        if (a.numRows != b.numRows || a.numCols != b.numCols) {
            return false;
        }
        for (int i = 0, n = a.getNumElements(); i < n; i++) {
            if (Double.doubleToRawLongBits(a.data[i]) != Double.doubleToRawLongBits(b.data[i])) {
                return false;
            }
        }
        return true;
    }

    public static boolean allZero(DMatrixRMaj m) {
        for (int i = 0, n = m.getNumElements(); i < n; i++) {
            if (m.data[i] != 0.0) {
                return false;
            }
        }
        return true;
    }

    public static double maxAbs(DMatrixRMaj m) {
        double max = 0;
        for (int i = 0, n = m.getNumElements(); i < n; i++) {
            max = Math.max(max, Math.abs(m.data[i]));
        }
        return max;
    }

    /** Copies of the parameters' values, in order. */
    public static List<DMatrixRMaj> snapshot(List<Parameter> parameters) {
        List<DMatrixRMaj> values = new ArrayList<>();
        for (Parameter p : parameters) {
            values.add(copy(p.value()));
        }
        return values;
    }

    /** Index of the first parameter whose value differs in any bit from the snapshot, or -1. */
    public static int firstChanged(List<DMatrixRMaj> before, List<Parameter> parameters) {
        if (before.size() != parameters.size()) {
            return Math.min(before.size(), parameters.size());
        }
        for (int j = 0; j < before.size(); j++) {
            if (!identical(before.get(j), parameters.get(j).value())) {
                return j;
            }
        }
        return -1;
    }

    /** Fails unless both parameter lists hold bit-identical values. */
    public static void assertSameBits(List<Parameter> expected, List<Parameter> actual, String what) {
        if (expected.size() != actual.size()) {
            throw new AssertionFailedError(what + ": " + expected.size() + " parameters vs " + actual.size());
        }
        for (int j = 0; j < expected.size(); j++) {
            DMatrixRMaj e = expected.get(j).value();
            DMatrixRMaj a = actual.get(j).value();
            if (!identical(e, a)) {
                throw new AssertionFailedError(what + ": parameter " + expected.get(j).name() + " differs, largest gap "
                        + maxGap(e, a));
            }
        }
    }

    public static double maxGap(DMatrixRMaj a, DMatrixRMaj b) {
        if (a.numRows != b.numRows || a.numCols != b.numCols) {
            return Double.POSITIVE_INFINITY;
        }
        double gap = 0;
        for (int i = 0, n = a.getNumElements(); i < n; i++) {
            gap = Math.max(gap, Math.abs(a.data[i] - b.data[i]));
        }
        return gap;
    }

    /** {@code |a|}, elementwise, as a new matrix. */
    public static DMatrixRMaj abs(DMatrixRMaj a) {
        DMatrixRMaj m = new DMatrixRMaj(a.numRows, a.numCols);
        for (int i = 0, n = a.getNumElements(); i < n; i++) {
            m.data[i] = Math.abs(a.data[i]);
        }
        return m;
    }

    /** {@code |a| |b|ᵀ} in plain loops: the sum of absolute products of every entry of {@code a bᵀ}. */
    public static DMatrixRMaj absTimesAbsTransposed(DMatrixRMaj a, DMatrixRMaj b) {
        if (a.numCols != b.numCols) {
            throw new IllegalArgumentException("inner dimensions " + a.numCols + " and " + b.numCols);
        }
        DMatrixRMaj m = new DMatrixRMaj(a.numRows, b.numRows);
        for (int r = 0; r < a.numRows; r++) {
            for (int c = 0; c < b.numRows; c++) {
                double s = 0;
                for (int j = 0; j < a.numCols; j++) {
                    s += Math.abs(a.get(r, j)) * Math.abs(b.get(c, j));
                }
                m.set(r, c, s);
            }
        }
        return m;
    }

    /** {@code |a| |b|} in plain loops. */
    public static DMatrixRMaj absTimesAbs(DMatrixRMaj a, DMatrixRMaj b) {
        if (a.numCols != b.numRows) {
            throw new IllegalArgumentException("inner dimensions " + a.numCols + " and " + b.numRows);
        }
        DMatrixRMaj m = new DMatrixRMaj(a.numRows, b.numCols);
        for (int r = 0; r < a.numRows; r++) {
            for (int c = 0; c < b.numCols; c++) {
                double s = 0;
                for (int j = 0; j < a.numCols; j++) {
                    s += Math.abs(a.get(r, j)) * Math.abs(b.get(j, c));
                }
                m.set(r, c, s);
            }
        }
        return m;
    }

    /**
     * A view of {@code inner} that hands out only {@code allowed} (a subset of what the trainer granted),
     * so two signals evaluated on one trainer boundary each see exactly their own needs.
     */
    public static Boundary restrictedTo(Boundary inner, Set<SignalNeed> allowed) {
        return org.errorprop.framework.signal.RestrictedBoundary.of(inner, allowed);
    }

    public static Set<SignalNeed> union(Set<SignalNeed> a, Set<SignalNeed> b) {
        EnumSet<SignalNeed> all = EnumSet.noneOf(SignalNeed.class);
        all.addAll(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
