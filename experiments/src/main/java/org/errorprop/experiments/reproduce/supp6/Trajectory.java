package org.errorprop.experiments.reproduce.supp6;

import static org.errorprop.proofs.statements.ConstantSyntheticGradientCreatesSpuriousCriticalPoints.loss;

import java.util.ArrayList;
import java.util.List;
import org.errorprop.experiments.report.CsvTable;
import org.errorprop.experiments.report.Series;

/** Every {@code every}-th iterate {@code (a, b, c)} of a Supp. A run, and its last, for the plots and the CSV. */
final class Trajectory {
    private final int every;
    private final List<double[]> points = new ArrayList<>();
    private final List<Long> iterationsAt = new ArrayList<>();
    private double[] last;
    private long iterations;
    private boolean stationary;

    Trajectory(int every) {
        this.every = every;
    }

    void record(long k, double[] state) {
        if (k % every == 0) {
            points.add(new double[] {state[0], state[1], state[2]});
            iterationsAt.add(k);
        }
    }

    void finish(long k, double[] state, boolean reachedStationarity) {
        last = new double[] {state[0], state[1], state[2]};
        iterations = k;
        stationary = reachedStationarity;
        if (iterationsAt.get(iterationsAt.size() - 1) != k) {
            points.add(last);
            iterationsAt.add(k);
        }
    }

    double[] last() {
        return last;
    }

    long iterations() {
        return iterations;
    }

    boolean stationary() {
        return stationary;
    }

    void writeTo(CsvTable table, int start, String method) {
        for (int i = 0; i < points.size(); i++) {
            double[] p = points.get(i);
            table.add(start, method, iterationsAt.get(i), p[0], p[1], p[2], loss(p[0], p[1]));
        }
    }

    Series series(String name, String group) {
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            x[i] = points.get(i)[0];
            y[i] = points.get(i)[1];
        }
        return new Series(name, group, x, y);
    }

    Series distanceSeries(String name, String group) {
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            x[i] = iterationsAt.get(i);
            y[i] = Math.hypot(points.get(i)[0], points.get(i)[1]);
        }
        return new Series(name, group, x, y);
    }
}
