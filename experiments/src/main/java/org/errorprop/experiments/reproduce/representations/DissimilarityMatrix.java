package org.errorprop.experiments.reproduce.representations;

import org.ejml.data.DMatrixRMaj;

/**
 * Representational dissimilarity matrices (Kriegeskorte et al. 2008), as the paper's §5 defines them:
 * {@code RDM_ij = 1 − corr(h_i, h_j)}, the Pearson correlation over the units of one layer between the
 * activations of examples {@code i} and {@code j}. Values lie in [0, 2].
 *
 * <p>An example whose activations are constant over the units (all ReLUs off, say) has no defined
 * correlation; we count it as uncorrelated with every other example (dissimilarity 1) and identical
 * to itself (0), so that the matrix stays finite.
 */
public final class DissimilarityMatrix {
    private DissimilarityMatrix() {
    }

    /** The {@code n × n} RDM of the rows of {@code activations} ({@code n × units}). */
    public static double[][] of(DMatrixRMaj activations) {
        int n = activations.numRows;
        int units = activations.numCols;
        double[][] centred = new double[n][units];
        boolean[] constant = new boolean[n];
        for (int i = 0; i < n; i++) {
            double mean = 0;
            for (int u = 0; u < units; u++) {
                mean += activations.unsafe_get(i, u);
            }
            mean /= units;
            double squares = 0;
            for (int u = 0; u < units; u++) {
                double v = activations.unsafe_get(i, u) - mean;
                centred[i][u] = v;
                squares += v * v;
            }
            double norm = Math.sqrt(squares);
            constant[i] = !(norm > 0);
            if (!constant[i]) {
                for (int u = 0; u < units; u++) {
                    centred[i][u] /= norm;
                }
            }
        }
        double[][] rdm = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dissimilarity = 1.0;
                if (!constant[i] && !constant[j]) {
                    double dot = 0;
                    for (int u = 0; u < units; u++) {
                        dot += centred[i][u] * centred[j][u];
                    }
                    dissimilarity = 1.0 - Math.max(-1.0, Math.min(1.0, dot));
                }
                rdm[i][j] = dissimilarity;
                rdm[j][i] = dissimilarity;
            }
        }
        return rdm;
    }

    /**
     * The L2 distance between the within-class diagonal blocks of two RDMs of one sample: the square
     * root of the sum, over every pair {@code (i, j)} of examples with the same label, of
     * {@code (a_ij − b_ij)²}. This is our reading of the paper's "L2 distance between the diagonal
     * elements": the diagonal proper is zero in every RDM, so the paper must mean the diagonal blocks
     * the label-sorted sample makes, which hold how each layer sees digits of one class.
     */
    public static double diagonalBlockDistance(double[][] a, double[][] b, int[] labels) {
        if (a.length != labels.length || b.length != labels.length) {
            throw new IllegalArgumentException("RDMs of " + a.length + " and " + b.length + " examples for "
                    + labels.length + " labels");
        }
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            for (int j = 0; j < labels.length; j++) {
                if (labels[i] == labels[j]) {
                    double d = a[i][j] - b[i][j];
                    sum += d * d;
                }
            }
        }
        return Math.sqrt(sum);
    }
}
