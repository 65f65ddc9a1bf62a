package org.errorprop.experiments.reproduce.implicitloss;

import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.data.Dataset;

/**
 * The points of a {@code side × side} grid on {@code [-1, 1]²} with two-class one-hot labels: the image of
 * the paper's Figure 2 is this grid, one pixel per point. Row {@code r} of the matrices is the grid cell
 * {@code (r / side, r % side)}, top to bottom and left to right.
 *
 * <p>Noisy labels follow the artificial data of the paper's Supp. C: the side of an origin-crossing line
 * whose normal has standard-Gaussian entries, then the labels of 10% of the points (a random choice)
 * swapped. Random labels are independent fair coins.
 *
 * @param side    points per grid side
 * @param inputs  {@code side² × 2} coordinates
 * @param targets {@code side² × 2} one-hot labels
 */
public record GridProblem(int side, DMatrixRMaj inputs, DMatrixRMaj targets) {
    /** The share of labels swapped in the noisy labelling (Supp. C: "labels of 10% of samples swapped"). */
    public static final double NOISE_SHARE = 0.1;

    public static GridProblem build(int side, GridLabelling labelling, RandomGenerator random) {
        if (side < 2) {
            throw new IllegalArgumentException("a grid needs at least 2 points per side, got " + side);
        }
        int points = side * side;
        DMatrixRMaj inputs = new DMatrixRMaj(points, 2);
        for (int r = 0; r < points; r++) {
            inputs.set(r, 0, coordinate(r % side, side));
            inputs.set(r, 1, -coordinate(r / side, side));
        }
        int[] classes = new int[points];
        if (labelling == GridLabelling.NOISY) {
            double nx = random.nextGaussian();
            double ny = random.nextGaussian();
            for (int r = 0; r < points; r++) {
                classes[r] = inputs.get(r, 0) * nx + inputs.get(r, 1) * ny > 0 ? 1 : 0;
            }
            int[] order = permutation(points, random);
            int swapped = (int) Math.round(NOISE_SHARE * points);
            for (int i = 0; i < swapped; i++) {
                classes[order[i]] = 1 - classes[order[i]];
            }
        } else {
            for (int r = 0; r < points; r++) {
                classes[r] = random.nextBoolean() ? 1 : 0;
            }
        }
        DMatrixRMaj targets = new DMatrixRMaj(points, 2);
        for (int r = 0; r < points; r++) {
            targets.set(r, classes[r], 1.0);
        }
        return new GridProblem(side, inputs, targets);
    }

    /** The {@code i}-th of {@code side} evenly spaced values from -1 to 1. */
    static double coordinate(int i, int side) {
        return -1.0 + 2.0 * i / (side - 1);
    }

    /** A uniformly random permutation (Fisher–Yates). */
    private static int[] permutation(int n, RandomGenerator random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    public int points() {
        return side * side;
    }

    /** The grid as a two-class data set, to train on. */
    public Dataset dataset() {
        return new Dataset("grid " + side + "x" + side, inputs, targets, 2);
    }

    /** A per-point vector as the {@code side × side} image of the grid. */
    public double[][] image(double[] perPoint) {
        double[][] image = new double[side][side];
        for (int r = 0; r < perPoint.length; r++) {
            image[r / side][r % side] = perPoint[r];
        }
        return image;
    }
}
