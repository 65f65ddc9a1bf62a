package org.errorprop.experiments.reproduce.representations;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Minimises a smooth function with L-BFGS (Nocedal and Wright, Numerical Optimization, Algorithms 7.4
 * and 7.5: the two-loop recursion over the last {@code memory} steps, a backtracking Armijo line search)
 * until the Euclidean norm of the gradient is at most {@code gradientTolerance}.
 *
 * <p>Meant for strongly convex objectives (the probes' L2-penalised softmax regression): there every
 * step has {@code sᵀy > 0}, the curvature pairs stay positive definite and the iterates converge to the
 * unique minimiser.
 *
 * @param memory            curvature pairs kept
 * @param gradientTolerance stop once {@code ‖∇f‖₂} is at most this
 * @param maxIterations     stop after this many steps, converged or not
 */
record LimitedMemoryBfgs(int memory, double gradientTolerance, int maxIterations) {
    private static final double ARMIJO = 1e-4;
    private static final int MAX_HALVINGS = 60;

    LimitedMemoryBfgs {
        if (memory < 1 || !(gradientTolerance > 0) || maxIterations < 1) {
            throw new IllegalArgumentException("memory " + memory + ", tolerance " + gradientTolerance
                    + ", iterations " + maxIterations);
        }
    }

    /** A function and its gradient: returns {@code f(x)} and writes {@code ∇f(x)} into {@code gradient}. */
    interface Objective {
        double valueAndGradient(double[] x, double[] gradient);
    }

    /**
     * Where the search ended.
     *
     * @param x            the last iterate
     * @param value        {@code f(x)}
     * @param gradientNorm {@code ‖∇f(x)‖₂}
     * @param iterations   steps taken
     * @param converged    whether {@code gradientNorm ≤ gradientTolerance}
     */
    record Result(double[] x, double value, double gradientNorm, int iterations, boolean converged) {
    }

    Result minimise(Objective objective, double[] start) {
        int n = start.length;
        double[] x = start.clone();
        double[] g = new double[n];
        double f = objective.valueAndGradient(x, g);
        Deque<double[]> steps = new ArrayDeque<>();
        Deque<double[]> changes = new ArrayDeque<>();
        Deque<Double> rhos = new ArrayDeque<>();
        double[] trial = new double[n];
        double[] trialGradient = new double[n];
        int iteration = 0;
        while (norm(g) > gradientTolerance && iteration < maxIterations) {
            double[] direction = direction(g, steps, changes, rhos);
            double slope = dot(direction, g);
            if (!(slope < 0)) {
                // lost descent through rounding: restart from steepest descent
                steps.clear();
                changes.clear();
                rhos.clear();
                direction = scaled(g, -1);
                slope = dot(direction, g);
            }
            double alpha = steps.isEmpty() ? Math.min(1, 1 / norm(g)) : 1;
            double trialValue = Double.NaN;
            int halvings = 0;
            for (; halvings <= MAX_HALVINGS; halvings++) {
                for (int i = 0; i < n; i++) {
                    trial[i] = x[i] + alpha * direction[i];
                }
                trialValue = objective.valueAndGradient(trial, trialGradient);
                if (trialValue <= f + ARMIJO * alpha * slope) {
                    break;
                }
                alpha /= 2;
            }
            if (halvings > MAX_HALVINGS) {
                break;  // no decrease left at double precision: the gradient norm says how far we got
            }
            double[] s = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = trial[i] - x[i];
                y[i] = trialGradient[i] - g[i];
            }
            double sy = dot(s, y);
            if (sy > 0) {
                steps.addLast(s);
                changes.addLast(y);
                rhos.addLast(1 / sy);
                if (steps.size() > memory) {
                    steps.removeFirst();
                    changes.removeFirst();
                    rhos.removeFirst();
                }
            }
            System.arraycopy(trial, 0, x, 0, n);
            System.arraycopy(trialGradient, 0, g, 0, n);
            f = trialValue;
            iteration++;
        }
        double gradientNorm = norm(g);
        return new Result(x, f, gradientNorm, iteration, gradientNorm <= gradientTolerance);
    }

    /** {@code −H g} by the two-loop recursion, {@code H₀ = (sᵀy / yᵀy) I} from the newest pair. */
    private static double[] direction(double[] g, Deque<double[]> steps, Deque<double[]> changes,
                                      Deque<Double> rhos) {
        double[] q = g.clone();
        int m = steps.size();
        double[] alphas = new double[m];
        Iterator<double[]> s = steps.descendingIterator();
        Iterator<double[]> y = changes.descendingIterator();
        Iterator<Double> rho = rhos.descendingIterator();
        for (int k = m - 1; k >= 0; k--) {
            double[] sk = s.next();
            double[] yk = y.next();
            alphas[k] = rho.next() * dot(sk, q);
            axpy(-alphas[k], yk, q);
        }
        if (m > 0) {
            double[] newestY = changes.getLast();
            double gamma = dot(steps.getLast(), newestY) / dot(newestY, newestY);
            for (int i = 0; i < q.length; i++) {
                q[i] *= gamma;
            }
        }
        s = steps.iterator();
        y = changes.iterator();
        rho = rhos.iterator();
        for (int k = 0; k < m; k++) {
            double[] sk = s.next();
            double[] yk = y.next();
            double beta = rho.next() * dot(yk, q);
            axpy(alphas[k] - beta, sk, q);
        }
        for (int i = 0; i < q.length; i++) {
            q[i] = -q[i];
        }
        return q;
    }

    private static double[] scaled(double[] v, double factor) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = factor * v[i];
        }
        return out;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double norm(double[] v) {
        return Math.sqrt(dot(v, v));
    }
}
