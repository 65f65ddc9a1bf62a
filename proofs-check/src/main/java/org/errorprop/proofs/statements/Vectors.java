package org.errorprop.proofs.statements;

/** Dot products and Euclidean norms of plain arrays, summed left to right (the checks' numbers depend on the order). */
final class Vectors {
    private Vectors() {
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
