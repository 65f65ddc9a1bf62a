package org.errorprop.proofs.statements;

import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.dense.row.linsol.chol.LinearSolverChol_DDRM;

/**
 * Small dense helpers for {@link CriticalPointsPreservedWhenSgRepresentsGradient}: absolute-value products
 * for running error bounds, random conditioned matrices, and least squares by the normal equations with
 * EJML's Cholesky solver together with the elementwise bound on the normal-equation residual that its
 * rounding allows.
 *
 * <p>Rounding model (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, 2nd ed.): every
 * operation is exact times {@code (1 + δ)}, {@code |δ| ≤ u = 2^-53}; a sum of {@code n} products, in any
 * order, is within {@code γ_n Σ|terms|} of exact, {@code γ_n = n u / (1 − n u)} (§3.1).
 */
final class CriticalPointsNumerics {
    /** Unit roundoff of float64, {@code 2^-53} (half the machine epsilon {@code 2^-52}). */
    static final double U = 0x1p-53;

    private CriticalPointsNumerics() {
    }

    static double gamma(int n) {
        return n * U / (1 - n * U);
    }

    static DMatrixRMaj abs(DMatrixRMaj a) {
        DMatrixRMaj m = new DMatrixRMaj(a.numRows, a.numCols);
        for (int i = 0; i < a.getNumElements(); i++) {
            m.data[i] = Math.abs(a.data[i]);
        }
        return m;
    }

    /** {@code |a| |b|}. */
    static DMatrixRMaj absMult(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj m = new DMatrixRMaj(a.numRows, b.numCols);
        CommonOps_DDRM.mult(abs(a), abs(b), m);
        return m;
    }

    /** {@code |a|ᵀ |b|}. */
    static DMatrixRMaj absMultTransA(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj m = new DMatrixRMaj(a.numCols, b.numCols);
        CommonOps_DDRM.multTransA(abs(a), abs(b), m);
        return m;
    }

    /** {@code |a| |b|ᵀ}. */
    static DMatrixRMaj absMultTransB(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj m = new DMatrixRMaj(a.numRows, b.numRows);
        CommonOps_DDRM.multTransB(abs(a), abs(b), m);
        return m;
    }

    static DMatrixRMaj mult(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj m = new DMatrixRMaj(a.numRows, b.numCols);
        CommonOps_DDRM.mult(a, b, m);
        return m;
    }

    /** {@code Σ_i s_i m_i}, elementwise (for bounds: the result is rounded, which is immaterial at this size). */
    static DMatrixRMaj combine(double s1, DMatrixRMaj m1, double s2, DMatrixRMaj m2) {
        DMatrixRMaj m = new DMatrixRMaj(m1.numRows, m1.numCols);
        for (int i = 0; i < m.getNumElements(); i++) {
            m.data[i] = s1 * m1.data[i] + s2 * m2.data[i];
        }
        return m;
    }

    static DMatrixRMaj plus(DMatrixRMaj... terms) {
        DMatrixRMaj m = new DMatrixRMaj(terms[0].numRows, terms[0].numCols);
        for (DMatrixRMaj t : terms) {
            if (t.numRows != m.numRows || t.numCols != m.numCols) {
                throw new IllegalArgumentException("shapes differ");
            }
            for (int i = 0; i < m.getNumElements(); i++) {
                m.data[i] += t.data[i];
            }
        }
        return m;
    }

    static DMatrixRMaj scaled(double s, DMatrixRMaj a) {
        DMatrixRMaj m = new DMatrixRMaj(a.numRows, a.numCols);
        for (int i = 0; i < a.getNumElements(); i++) {
            m.data[i] = s * a.data[i];
        }
        return m;
    }

    static double normF(DMatrixRMaj a) {
        double s = 0;
        for (int i = 0; i < a.getNumElements(); i++) {
            s += a.data[i] * a.data[i];
        }
        return Math.sqrt(s);
    }

    /** {@code [a, 1]}: a column of ones appended (the bias trick). */
    static DMatrixRMaj withOnes(DMatrixRMaj a) {
        return append(a, 1.0);
    }

    /** {@code [a, 0]}: the error bound of {@code [â, 1]} when {@code a}'s is {@code a}. */
    static DMatrixRMaj withZeros(DMatrixRMaj a) {
        return append(a, 0.0);
    }

    private static DMatrixRMaj append(DMatrixRMaj a, double value) {
        DMatrixRMaj m = new DMatrixRMaj(a.numRows, a.numCols + 1);
        for (int r = 0; r < a.numRows; r++) {
            for (int c = 0; c < a.numCols; c++) {
                m.set(r, c, a.get(r, c));
            }
            m.set(r, a.numCols, value);
        }
        return m;
    }

    /** Columns side by side. */
    static DMatrixRMaj concatColumns(DMatrixRMaj... blocks) {
        int rows = blocks[0].numRows;
        int cols = 0;
        for (DMatrixRMaj b : blocks) {
            cols += b.numCols;
        }
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        int at = 0;
        for (DMatrixRMaj b : blocks) {
            CommonOps_DDRM.insert(b, m, 0, at);
            at += b.numCols;
        }
        return m;
    }

    /** {@code [w; b]}: the bias row under the weights. */
    static DMatrixRMaj stackRows(DMatrixRMaj w, DMatrixRMaj b) {
        DMatrixRMaj m = new DMatrixRMaj(w.numRows + b.numRows, w.numCols);
        CommonOps_DDRM.insert(w, m, 0, 0);
        CommonOps_DDRM.insert(b, m, w.numRows, 0);
        return m;
    }

    static DMatrixRMaj uniform(int rows, int cols, double bound, RandomGenerator random) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.getNumElements(); i++) {
            m.data[i] = bound * (2 * random.nextDouble() - 1);
        }
        return m;
    }

    /**
     * {@code Q₁ diag(s) Q₂ᵀ} ({@code rows × cols}, {@code rows ≥ cols}, {@code Q₁} orthonormal columns,
     * {@code Q₂} orthogonal) with {@code s} geometric from
     * {@code top} down to {@code top/kappa}: condition number {@code kappa} up to the rounding of the products.
     */
    static DMatrixRMaj conditioned(int rows, int cols, double kappa, double top, RandomGenerator random) {
        DMatrixRMaj q1 = RandomMatrices.orthonormalColumns(rows, cols, random);
        DMatrixRMaj q2 = RandomMatrices.orthonormalColumns(cols, cols, random);
        for (int c = 0; c < cols; c++) {
            double s = top * (cols == 1 ? 1 : Math.pow(kappa, -(double) c / (cols - 1)));
            for (int r = 0; r < rows; r++) {
                q1.set(r, c, q1.get(r, c) * s);
            }
        }
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        CommonOps_DDRM.multTransB(q1, q2, m);
        return m;
    }

    static double[] singularValues(DMatrixRMaj a) {
        return SingularOps_DDRM.singularValues(a.copy());
    }

    static double sigmaMax(DMatrixRMaj a) {
        double max = 0;
        for (double s : singularValues(a)) {
            max = Math.max(max, s);
        }
        return max;
    }

    static double sigmaMin(DMatrixRMaj a) {
        double[] s = singularValues(a);
        double min = Double.POSITIVE_INFINITY;
        for (double v : s) {
            min = Math.min(min, v);
        }
        return Math.min(a.numRows, a.numCols) > s.length ? 0 : min;
    }

    /**
     * The least-squares solution of {@code min ‖Z X − G‖_F} from the normal equations
     * {@code fl(ZᵀZ) X = fl(ZᵀG)} by EJML's Cholesky solver, and an elementwise bound on the exact
     * normal-equation residual {@code Zᵀ(Z X̂ − G)} of the computed {@code X̂} (for the stored {@code Z} and
     * {@code G}).
     *
     * <p>The bound: {@code Ĥ = fl(ZᵀZ) = ZᵀZ + ΔH₁} and {@code B̂ = fl(ZᵀG) = ZᵀG + ΔB}, with
     * {@code |ΔH₁| ≤ γ_S |Z|ᵀ|Z|}, {@code |ΔB| ≤ γ_S |Z|ᵀ|G|} ({@code S} rows). EJML's inner-product Cholesky
     * multiplies by a rounded reciprocal of the pivot (one rounding more than Higham's Theorem 10.3, so
     * {@code R̂ᵀR̂ = Ĥ + ΔA₁}, {@code |ΔA₁| ≤ γ_{q+2}|R̂ᵀ||R̂|}), its two substitutions divide (Theorem 8.5,
     * {@code γ_q} each); as in Theorem 10.4, {@code (Ĥ + ΔA) X̂ = B̂} with {@code |ΔA| ≤ γ_{3q+2}|R̂ᵀ||R̂|}.
     * Hence {@code |ZᵀZ X̂ − ZᵀG| ≤ γ_S|Z|ᵀ|Z||X̂| + γ_{3q+2}|R̂ᵀ||R̂||X̂| + γ_S|Z|ᵀ|G|}, first order.
     *
     * @return {@code null} when {@code fl(ZᵀZ)} is not numerically positive definite
     */
    static NormalSolution leastSquares(DMatrixRMaj z, DMatrixRMaj g) {
        int q = z.numCols;
        int s = z.numRows;
        DMatrixRMaj h = new DMatrixRMaj(q, q);
        CommonOps_DDRM.multTransA(z, z, h);
        DMatrixRMaj rhs = new DMatrixRMaj(q, g.numCols);
        CommonOps_DDRM.multTransA(z, g, rhs);
        LinearSolverChol_DDRM solver = LinearSolverFactory_DDRM.cholInner(true);
        if (!solver.setA(h.copy())) {
            return null;
        }
        DMatrixRMaj x = new DMatrixRMaj(q, g.numCols);
        solver.solve(rhs.copy(), x);
        DMatrixRMaj lower = solver.getDecomposition().getT(null);
        DMatrixRMaj bound = plus(
                scaled(gamma(s), absMult(absMultTransA(z, z), x)),
                scaled(gamma(3 * q + 2), absMult(absMultTransB(lower, lower), x)),
                scaled(gamma(s), absMultTransA(z, g)));
        return new NormalSolution(x, bound);
    }

    /** A least-squares solution and the elementwise bound on its normal-equation residual. */
    record NormalSolution(DMatrixRMaj solution, DMatrixRMaj residualBound) {
    }
}
