package org.errorprop.framework.data;

import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.random.RandomStreams;

/**
 * The artificial binary classification sets of PAPER.md §4.1: {@code linear_k}, {@code noisy_k}
 * and {@code random_k}. Pure: no I/O, every random number from a named stream of the given
 * {@link RandomStreams}, so one seed gives one data set on every JDK.
 *
 * <p>Rules:
 * <ul>
 *   <li>Points: n × k, every entry standard normal, drawn row by row from stream
 *       {@value #POINTS_STREAM}.</li>
 *   <li>Hyperplane: origin-crossing, normal vector w with k standard normal entries from stream
 *       {@value #HYPERPLANE_STREAM}. A point x is class 1 if w·x &gt; 0, else class 0.</li>
 *   <li>{@link ArtificialKind#LINEAR}: labels from the hyperplane.</li>
 *   <li>{@link ArtificialKind#NOISY}: labels from the hyperplane, then exactly round(0.1 n)
 *       (half up) distinct examples, chosen uniformly by a partial Fisher–Yates shuffle on stream
 *       {@value #NOISE_STREAM}, have their label flipped.</li>
 *   <li>{@link ArtificialKind#RANDOM}: each label 0 or 1 with probability ½ from stream
 *       {@value #LABELS_STREAM}.</li>
 * </ul>
 * The three kinds share the points and, for linear and noisy, the hyperplane, so with one seed
 * {@code noisy_k} is {@code linear_k} with round(0.1 n) labels flipped. Targets are one-hot over
 * 2 classes ({@link Dataset#classification}). Paper sizes: k = 2 has 100 points, k = 100 has 1000
 * points ({@link #paperSize}); any k ≥ 1 and n ≥ 1 are allowed. For several independent data sets
 * of one kind (the paper averages over 10), use different seeds or {@link RandomStreams#child}.
 */
public final class ArtificialDataSets {
    /** Stream of the n × k standard normal inputs. */
    public static final String POINTS_STREAM = "data/artificial/points";
    /** Stream of the k entries of the hyperplane's normal vector. */
    public static final String HYPERPLANE_STREAM = "data/artificial/hyperplane";
    /** Stream choosing which labels the noisy kind flips. */
    public static final String NOISE_STREAM = "data/artificial/noise";
    /** Stream of the random kind's labels. */
    public static final String LABELS_STREAM = "data/artificial/labels";

    private ArtificialDataSets() {
    }

    /** The paper's number of points for dimension k: 100 for k = 2, 1000 for k = 100. */
    public static int paperSize(int k) {
        if (k == 2) {
            return 100;
        }
        if (k == 100) {
            return 1000;
        }
        throw new InvalidInputException("the paper fixes the number of points only for k = 2 (100 points) and"
                + " k = 100 (1000 points); give the number of points explicitly for k = " + k);
    }

    /** {@code kind_k} with the paper's number of points; see {@link #paperSize}. */
    public static Dataset generate(ArtificialKind kind, int k, long seed) {
        return generate(kind, k, paperSize(k), new RandomStreams(seed));
    }

    /** {@code kind_k} with n points, all randomness from {@code streams}. */
    public static Dataset generate(ArtificialKind kind, int k, int n, RandomStreams streams) {
        new ArtificialSpec(kind, k, n);
        if ((long) n * k > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("artificial data set " + kind.label(k) + ": " + n + " points of "
                    + k + " dimensions do not fit in one matrix");
        }
        DMatrixRMaj points = points(k, n, streams);
        int[] labels = switch (kind) {
            case LINEAR -> sideLabels(points, hyperplaneNormal(k, streams));
            case NOISY -> flip(sideLabels(points, hyperplaneNormal(k, streams)), noisyIndices(n, streams));
            case RANDOM -> randomLabels(n, streams);
        };
        return Dataset.classification(kind.label(k), points, labels, 2);
    }

    /** The n × k standard normal inputs shared by all kinds. */
    public static DMatrixRMaj points(int k, int n, RandomStreams streams) {
        RandomGenerator rng = streams.startOf(POINTS_STREAM);
        DMatrixRMaj points = new DMatrixRMaj(n, k);
        for (int i = 0; i < n * k; i++) {
            points.data[i] = rng.nextGaussian();
        }
        return points;
    }

    /** The generating hyperplane's normal vector w (k standard normal entries). */
    public static double[] hyperplaneNormal(int k, RandomStreams streams) {
        RandomGenerator rng = streams.startOf(HYPERPLANE_STREAM);
        double[] w = new double[k];
        for (int j = 0; j < k; j++) {
            w[j] = rng.nextGaussian();
        }
        return w;
    }

    /** The number of labels the noisy kind flips: round(0.1 n), half up. */
    public static int flippedCount(int n) {
        return (n + 5) / 10;
    }

    /** The distinct examples whose labels the noisy kind flips, in the order they were drawn. */
    public static int[] noisyIndices(int n, RandomStreams streams) {
        RandomGenerator rng = streams.startOf(NOISE_STREAM);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int m = flippedCount(n);
        for (int i = 0; i < m; i++) {
            int j = i + rng.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] chosen = new int[m];
        System.arraycopy(order, 0, chosen, 0, m);
        return chosen;
    }

    private static int[] sideLabels(DMatrixRMaj points, double[] w) {
        int n = points.numRows;
        int k = points.numCols;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double dot = 0;
            for (int j = 0; j < k; j++) {
                dot += w[j] * points.data[i * k + j];
            }
            labels[i] = dot > 0 ? 1 : 0;
        }
        return labels;
    }

    private static int[] flip(int[] labels, int[] indices) {
        for (int i : indices) {
            labels[i] = 1 - labels[i];
        }
        return labels;
    }

    private static int[] randomLabels(int n, RandomStreams streams) {
        RandomGenerator rng = streams.startOf(LABELS_STREAM);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(2);
        }
        return labels;
    }
}
